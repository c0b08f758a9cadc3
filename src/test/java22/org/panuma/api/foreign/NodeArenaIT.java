package org.panuma.api.foreign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.panuma.api.MoveReport;
import org.panuma.api.Numa;
import org.panuma.api.PagePlacement;
import org.panuma.api.BindMode;
import org.panuma.api.MemoryPolicy;
import org.panuma.backend.NativeBackends;
import org.panuma.spi.Errno;
import org.panuma.spi.Mempolicy;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/** The Java 22+ arena over both native backends: segments land on their node, misuse is refused. */
class NodeArenaIT {
    private static final String BACKENDS = "org.panuma.backend.NativeBackends#names";

    private static Numa open(String backend) {
        return Numa.of(NativeBackends.open(backend));
    }

    private static int firstNode(Numa numa) {
        return numa.topology().withMemory().first();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void segmentsOfANodeArena_landOnItsNode(String backend) {
        Numa numa = open(backend);
        for (int node : numa.topology().withMemory().toArray()) {
            try (NodeArena arena = NodeArena.ofNode(numa, node)) {
                MemorySegment s = arena.allocate(ValueLayout.JAVA_LONG, 4096);   // 32 KiB: 8 pages of 4 KiB
                s.fill((byte) 7);
                PagePlacement where = arena.where(s);
                assertEquals(Map.of(node, (long) where.pageCount()), where.pagesByNode());
                for (int i = 0; i < where.pageCount(); i++) {
                    assertEquals(node, numa.syscalls().getMempolicy(where.address(i),
                            Mpol.MPOL_F_NODE | Mpol.MPOL_F_ADDR).nodeOrMode());
                }
                Mempolicy policy = numa.syscalls().getMempolicy(s.address(), Mpol.MPOL_F_ADDR);
                assertEquals(Mpol.MPOL_BIND, policy.mode());
                assertEquals(NodeSet.of(node), policy.nodes());
                assertEquals(7, s.get(ValueLayout.JAVA_BYTE, 4095 * 8));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void alignment_isHonoured_andSizeIsExact(String backend) {
        Numa numa = open(backend);
        try (NodeArena arena = NodeArena.open(numa, MemoryPolicy.preferred(firstNode(numa)))) {
            MemorySegment s = arena.allocate(100, 1 << 16);
            assertEquals(0, s.address() % (1 << 16));
            assertEquals(100, s.byteSize());
            assertEquals(arena.scope(), s.scope());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void movingToTheNodeItIsOn_reportsAlreadyThere(String backend) {
        Numa numa = open(backend);
        int node = firstNode(numa);
        try (NodeArena arena = NodeArena.ofNode(numa, node)) {
            MemorySegment s = arena.allocate(16L * numa.pageSize());
            s.fill((byte) 1);
            MoveReport r = arena.move(s, node);
            assertEquals(16, r.already());
            assertEquals(0, r.failed());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void closedArena_segmentsAreInaccessible_andOperationsAreIllegalState(String backend) {
        Numa numa = open(backend);
        NodeArena arena = NodeArena.ofNode(numa, firstNode(numa));
        MemorySegment s = arena.allocate(2L * numa.pageSize());
        s.fill((byte) 1);
        long address = s.address();
        arena.close();
        assertFalse(arena.scope().isAlive());
        expect(IllegalStateException.class, "closed", () -> s.get(ValueLayout.JAVA_BYTE, 0));
        expect(IllegalStateException.class, "closed", () -> arena.allocate(4096));
        expect(IllegalStateException.class, "closed", () -> arena.where(s));
        expect(IllegalStateException.class, "closed", () -> arena.move(s, 0));
        expect(IllegalStateException.class, "closed", arena::close);
        assertEquals(Map.of(Errno.EFAULT, 2L), numa.pages().where(address, 2L * numa.pageSize()).pagesByFailure(),
                "unmapped");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void misuse_isRefusedWithAClearMessage(String backend) {
        Numa numa = open(backend);
        int node = firstNode(numa);
        try (NodeArena arena = NodeArena.ofNode(numa, node); NodeArena other = NodeArena.ofNode(numa, node);
             Arena plain = Arena.ofConfined()) {
            MemorySegment theirs = other.allocate(4096);
            expect(IllegalArgumentException.class, "another arena", () -> arena.where(theirs));
            expect(IllegalArgumentException.class, "another arena", () -> arena.move(plain.allocate(4096), node));
            expect(IllegalArgumentException.class, "heap segment", () -> arena.where(MemorySegment.ofArray(new byte[8])));
            expect(IllegalArgumentException.class, "must be positive, got 0", () -> arena.allocate(0));
            expect(IllegalArgumentException.class, "power of two", () -> arena.allocate(64, 3));
            MemorySegment mine = arena.allocate(2L * numa.pageSize());
            expect(IllegalArgumentException.class, "empty", () -> arena.where(mine.asSlice(0, 0)));
            expect(IllegalArgumentException.class, "node -1 is negative", () -> arena.move(mine, -1));
            expect(IllegalArgumentException.class, "does not exist", () -> arena.move(mine, 4095));
            expect(IllegalArgumentException.class, "not aligned", () -> arena.rebind(mine.asSlice(8), MemoryPolicy.bind(node), BindMode.FUTURE_PAGES));
            // A segment made to look like this arena's, over memory it never allocated.
            MemorySegment forged = MemorySegment.ofAddress(theirs.address()).reinterpret(4096, arena, null);
            expect(IllegalArgumentException.class, "not inside an allocation", () -> arena.where(forged));
            assertEquals(1, arena.where(mine.asSlice(numa.pageSize(), 8)).pageCount(), "a slice covers its own page");
        }
        expect(IllegalArgumentException.class, "does not exist", () -> NodeArena.ofNode(numa, 4095));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void interleavedArena_alternatesPagesOverTwoNodes(String backend) {
        Numa numa = open(backend);
        NodeSet nodes = numa.topology().withMemory();
        assumeTrue(nodes.size() >= 2, "needs two nodes with memory; this host has " + nodes + ": runs in the NUMA VM");
        int a = nodes.toArray()[0];
        int b = nodes.toArray()[1];
        try (NodeArena arena = NodeArena.open(numa, MemoryPolicy.interleave(a, b))) {
            MemorySegment s = arena.allocate(64L * numa.pageSize());
            s.fill((byte) 1);
            assertEquals(Map.of(a, 32L, b, 32L), arena.where(s).pagesByNode());
            MoveReport r = arena.move(s, b);
            assertEquals(64, r.moved() + r.already(), r.outcomeMap().toString());
            assertTrue(arena.where(s).allOn(b));
        }
    }

    private static void expect(Class<? extends RuntimeException> type, String words, Executable call) {
        RuntimeException e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(words), "message \"" + e.getMessage() + "\" says \"" + words + "\"");
    }
}
