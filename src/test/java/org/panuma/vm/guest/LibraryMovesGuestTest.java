package org.panuma.vm.guest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.panuma.spi.Backends;
import org.panuma.spi.Errno;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.SyscallException;
import org.panuma.spi.Topology;

/**
 * Issue 4 (b): the library's own memory on a real multi-node kernel, through each native
 * backend this JVM can run (FFM needs Java 23+; JNA runs everywhere). Placement is always
 * checked three independent ways: move_pages query, get_mempolicy(MPOL_F_NODE|MPOL_F_ADDR)
 * and /proc/self/numa_maps.
 */
class LibraryMovesGuestTest {
    static final int PAGES = 64;

    /** The native backends of this runtime. Not a skip: Java 17 has no FFM to test. */
    static Stream<String> backends() {
        return Runtime.version().feature() >= 23 ? Stream.of("ffm", "jna") : Stream.of("jna");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void topology_isTheBootedOne(String backend) {
        Topology t = Backends.open(backend).topology();
        int n = GuestEnvironment.nodes();
        int[][] booted = GuestEnvironment.distances();
        assertEquals(n, t.nodes().size(), "nodes " + t.nodes());
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                assertEquals(booted[a][b], t.distance(a, b), "distance " + a + "->" + b);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void ownPages_moveFromTheirNodeToEveryOtherNodeAndBack(String backend) throws IOException {
        NumaSyscalls sys = Backends.open(backend);
        try (OwnMemory mem = new OwnMemory(sys, PAGES)) {
            int home = 0;
            mem.writeOn(home, 7);
            assertPlacedOn(home, mem);
            for (int other = 0; other < GuestEnvironment.nodes(); other++) {
                if (other == home) {
                    continue;
                }
                assertArrayEquals(filled(other), mem.moveAllTo(other), "move_pages status, to node " + other);
                assertPlacedOn(other, mem);
                assertArrayEquals(filled(home), mem.moveAllTo(home), "move_pages status, back to node " + home);
                assertPlacedOn(home, mem);
            }
            assertEquals(0, mem.corruptedBytes(7), "bytes changed by the moves");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void nodeBoundAllocation_landsOnItsNode(String backend) throws IOException {
        NumaSyscalls sys = Backends.open(backend);
        for (int node = 0; node < GuestEnvironment.nodes(); node++) {
            try (OwnMemory mem = new OwnMemory(sys, PAGES)) {
                sys.mbind(mem.address, mem.length(), Mpol.MPOL_BIND, NodeSet.of(node), 0);
                mem.write(node);
                assertPlacedOn(node, mem);
                assertEquals("bind:" + node, mem.numaMaps().policy(), mem.numaMaps().line());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void mbindWithMove_movesPagesAlreadyPlaced(String backend) throws IOException {
        NumaSyscalls sys = Backends.open(backend);
        int last = GuestEnvironment.nodes() - 1;
        try (OwnMemory mem = new OwnMemory(sys, PAGES)) {
            sys.mbind(mem.address, mem.length(), Mpol.MPOL_BIND, NodeSet.of(0), 0);
            mem.write(3);
            assertPlacedOn(0, mem);
            sys.mbind(mem.address, mem.length(), Mpol.MPOL_BIND, NodeSet.of(last), Mpol.MPOL_MF_MOVE);
            assertPlacedOn(last, mem);
            assertEquals(0, mem.corruptedBytes(3));
        }
    }

    /**
     * MPOL_MF_STRICT without a move flag: pages already on a node outside the new policy cannot
     * be placed, and mm/mempolicy.c:do_mbind() answers EIO (the policy itself is still set).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void mbindStrictWithoutMove_isEioForPagesOnAnotherNode(String backend) {
        NumaSyscalls sys = Backends.open(backend);
        try (OwnMemory mem = new OwnMemory(sys, PAGES)) {
            sys.mbind(mem.address, mem.length(), Mpol.MPOL_BIND, NodeSet.of(0), 0);
            mem.write(1);
            SyscallException e = assertThrows(SyscallException.class, () -> sys.mbind(mem.address, mem.length(),
                    Mpol.MPOL_BIND, NodeSet.of(1), Mpol.MPOL_MF_STRICT));
            assertEquals(Errno.EIO, e.errno(), e.getMessage());
            assertArrayEquals(filled(0), mem.nodesByQuery(), "STRICT alone moves nothing");
        }
    }

    /** MPOL_MF_STRICT with MPOL_MF_MOVE on pages that can move: no error, all placed. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void mbindStrictWithMove_succeedsWhenEveryPageCanMove(String backend) throws IOException {
        NumaSyscalls sys = Backends.open(backend);
        try (OwnMemory mem = new OwnMemory(sys, PAGES)) {
            sys.mbind(mem.address, mem.length(), Mpol.MPOL_BIND, NodeSet.of(0), 0);
            mem.write(2);
            sys.mbind(mem.address, mem.length(), Mpol.MPOL_BIND, NodeSet.of(1), Mpol.MPOL_MF_STRICT | Mpol.MPOL_MF_MOVE);
            assertPlacedOn(1, mem);
        }
    }

    /** All three views agree that every page of {@code mem} is on {@code node}. */
    static void assertPlacedOn(int node, OwnMemory mem) throws IOException {
        assertArrayEquals(filled(node, mem.pages), mem.nodesByQuery(), "move_pages query");
        assertArrayEquals(filled(node, mem.pages), mem.nodesByGetMempolicy(), "get_mempolicy(MPOL_F_NODE|MPOL_F_ADDR)");
        OwnMemory.NumaMapsLine maps = mem.numaMaps();
        assertTrue(maps.on(node) >= mem.pages, "numa_maps shows " + maps.on(node) + " pages on N" + node
                + ", want at least " + mem.pages + ": " + maps.line());
        List<Integer> others = new ArrayList<>(maps.pagesPerNode().keySet());
        others.remove(Integer.valueOf(node));
        if (maps.line().startsWith(Long.toHexString(mem.address) + " ")
                && maps.line().contains(" anon=" + mem.pages + " ")) {
            // Our VMA alone (not merged with a neighbour): nothing may be left elsewhere.
            assertEquals(List.of(), others, maps.line());
        }
    }

    static int[] filled(int value) {
        return filled(value, PAGES);
    }

    static int[] filled(int value, int n) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }
}
