package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.panuma.api.TestNuma.BACKENDS;

import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.panuma.spi.Errno;
import org.panuma.spi.Mempolicy;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/** Node-bound memory really lands on its nodes: read back with move_pages queries and get_mempolicy. */
class NodeMemoryIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void boundBuffer_everyPageIsOnItsNode_andTheMappingCarriesTheBindPolicy(String backend) {
        Numa numa = TestNuma.open(backend);
        for (int node : numa.topology().withMemory().toArray()) {
            try (NodeMemory mem = numa.memory(MemoryPolicy.bind(node))) {
                ByteBuffer buf = mem.allocateBuffer(16 * numa.pageSize());
                TestNuma.touchPages(buf, numa.pageSize());
                PagePlacement where = mem.where(buf);
                assertEquals(16, where.pageCount());
                assertEquals(Map.of(node, 16L), where.pagesByNode());
                long base = TestNuma.addressOf(numa, buf);
                for (int i = 0; i < 16; i++) {
                    assertEquals(node, TestNuma.kernelNodeOf(numa, base + (long) i * numa.pageSize()), "page " + i);
                    assertEquals(base + (long) i * numa.pageSize(), where.address(i));
                }
                Mempolicy policy = numa.syscalls().getMempolicy(base, Mpol.MPOL_F_ADDR);
                assertEquals(Mpol.MPOL_BIND, policy.mode());
                assertEquals(NodeSet.of(node), policy.nodes());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void untouchedPages_areOnNoNode_withTheKernelsReason(String backend) {
        Numa numa = TestNuma.open(backend);
        try (NodeMemory mem = numa.memory(MemoryPolicy.bind(TestNuma.firstNodeWithMemory(numa)))) {
            ByteBuffer buf = mem.allocateBuffer(4 * numa.pageSize());
            PagePlacement where = mem.where(buf);
            assertTrue(where.pagesByNode().isEmpty(), where.toString());
            assertEquals(4L, where.pagesByFailure().values().stream().mapToLong(Long::longValue).sum());
            Errno reason = where.failure(0);
            assertTrue(reason == Errno.EFAULT || reason == Errno.ENOENT, "reason " + reason);
            assertEquals(-1, where.node(0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void preferredAndInterleavedPlacements_areTheMappingsPolicy(String backend) {
        Numa numa = TestNuma.open(backend);
        int node = TestNuma.firstNodeWithMemory(numa);
        try (NodeMemory preferred = numa.memory(MemoryPolicy.preferred(node));
             NodeMemory interleaved = numa.memory(MemoryPolicy.interleave(node))) {
            long p = preferred.allocate(numa.pageSize(), 1);
            long i = interleaved.allocate(numa.pageSize(), 1);
            assertEquals(Mpol.MPOL_PREFERRED, numa.syscalls().getMempolicy(p, Mpol.MPOL_F_ADDR).mode());
            assertEquals(Mpol.MPOL_INTERLEAVE, numa.syscalls().getMempolicy(i, Mpol.MPOL_F_ADDR).mode());
            assertEquals(NodeSet.of(node), numa.syscalls().getMempolicy(i, Mpol.MPOL_F_ADDR).nodes());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void alignedAllocation_startsOnTheAlignment(String backend) {
        Numa numa = TestNuma.open(backend);
        try (NodeMemory mem = numa.memory(MemoryPolicy.bind(TestNuma.firstNodeWithMemory(numa)))) {
            long twoMiB = 2L << 20;
            long address = mem.allocate(4096, twoMiB);
            assertEquals(0, address % twoMiB);
            assertEquals(4096, mem.allocatedBytes());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void movingToTheNodeThePagesAreOn_reportsThemAlreadyThere(String backend) {
        Numa numa = TestNuma.open(backend);
        int node = TestNuma.firstNodeWithMemory(numa);
        try (NodeMemory mem = numa.memory(MemoryPolicy.bind(node))) {
            ByteBuffer buf = mem.allocateBuffer(8 * numa.pageSize());
            TestNuma.touchPages(buf, numa.pageSize());
            MoveReport r = mem.move(buf, node);
            assertEquals(8, r.requestedPages());
            assertEquals(8, r.already());
            assertEquals(0, r.failed());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void freedBuffer_isNoLongerMemoryOfTheAllocator_andIsUnmapped(String backend) {
        Numa numa = TestNuma.open(backend);
        try (NodeMemory mem = numa.memory(MemoryPolicy.bind(TestNuma.firstNodeWithMemory(numa)))) {
            ByteBuffer buf = mem.allocateBuffer(2 * numa.pageSize());
            long address = TestNuma.addressOf(numa, buf);
            mem.free(buf);
            assertEquals(0, mem.allocatedBytes());
            PagePlacement gone = numa.pages().where(address, 2L * numa.pageSize());
            assertEquals(Map.of(Errno.EFAULT, 2L), gone.pagesByFailure(), "unmapped pages are EFAULT");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void close_unmapsEverything_andIsIdempotent(String backend) {
        Numa numa = TestNuma.open(backend);
        NodeMemory mem = numa.memory(MemoryPolicy.bind(TestNuma.firstNodeWithMemory(numa)));
        ByteBuffer buf = mem.allocateBuffer(3 * numa.pageSize());
        TestNuma.touchPages(buf, numa.pageSize());
        long address = TestNuma.addressOf(numa, buf);
        mem.close();
        mem.close();
        assertFalse(mem.isOpen());
        assertEquals(Map.of(Errno.EFAULT, 3L), numa.pages().where(address, 3L * numa.pageSize()).pagesByFailure());
    }

    // ---- two nodes or more: skipped on a single-node host, run in the NUMA VM ----

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void interleavedOverTwoNodes_pagesAlternate(String backend) {
        Numa numa = TestNuma.open(backend);
        int[] nodes = TestNuma.assumeNodesWithMemory(numa, 2);
        try (NodeMemory mem = numa.memory(MemoryPolicy.interleave(nodes[0], nodes[1]))) {
            ByteBuffer buf = mem.allocateBuffer(64 * numa.pageSize());
            TestNuma.touchPages(buf, numa.pageSize());
            PagePlacement where = mem.where(buf);
            assertEquals(Map.of(nodes[0], 32L, nodes[1], 32L), where.pagesByNode());
            for (int i = 1; i < 64; i++) {
                assertTrue(where.node(i) != where.node(i - 1), "pages " + (i - 1) + " and " + i + " alternate");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void boundToAnotherNodeThanTheThreads_pagesLandOnTheBoundNode(String backend) throws Exception {
        Numa numa = TestNuma.open(backend);
        int[] nodes = TestNuma.assumeNodesWithMemory(numa, 2);
        // Run on the first node, bind to the last: the pages must not follow the CPU.
        numa.thread().runOnNode(nodes[0], () -> {
            try (NodeMemory mem = numa.memory(MemoryPolicy.bind(nodes[nodes.length - 1]))) {
                ByteBuffer buf = mem.allocateBuffer(32 * numa.pageSize());
                TestNuma.touchPages(buf, numa.pageSize());
                assertTrue(mem.where(buf).allOn(nodes[nodes.length - 1]), mem.where(buf).toString());
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void moveToAnotherNode_movesEveryPage(String backend) {
        Numa numa = TestNuma.open(backend);
        int[] nodes = TestNuma.assumeNodesWithMemory(numa, 2);
        try (NodeMemory mem = numa.memory(MemoryPolicy.preferred(nodes[0]))) {
            ByteBuffer buf = mem.allocateBuffer(64 * numa.pageSize());
            TestNuma.touchPages(buf, numa.pageSize());
            assertTrue(mem.where(buf).allOn(nodes[0]));
            MoveReport r = mem.move(buf, nodes[1]);
            assertEquals(64, r.moved() + r.already(), r.outcomeMap().toString());
            assertTrue(mem.where(buf).allOn(nodes[1]), mem.where(buf).toString());
            long base = TestNuma.addressOf(numa, buf);
            assertEquals(nodes[1], TestNuma.kernelNodeOf(numa, base));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void rebindWithMove_movesThePagesThere_andStrictSucceeds(String backend) {
        Numa numa = TestNuma.open(backend);
        int[] nodes = TestNuma.assumeNodesWithMemory(numa, 2);
        try (NodeMemory mem = numa.memory(MemoryPolicy.bind(nodes[0]))) {
            ByteBuffer buf = mem.allocateBuffer(16 * numa.pageSize());
            TestNuma.touchPages(buf, numa.pageSize());
            mem.rebind(buf, MemoryPolicy.bind(nodes[1]), BindMode.MOVE_STRICT);
            assertTrue(mem.where(buf).allOn(nodes[1]), mem.where(buf).toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void rebindWithoutMove_leavesPagesWhereTheyAre_butNewPagesFollowTheNewPolicy(String backend) {
        Numa numa = TestNuma.open(backend);
        int[] nodes = TestNuma.assumeNodesWithMemory(numa, 2);
        try (NodeMemory mem = numa.memory(MemoryPolicy.bind(nodes[0]))) {
            ByteBuffer buf = mem.allocateBuffer(16 * numa.pageSize());
            for (int i = 0; i < 8; i++) {
                buf.put(i * numa.pageSize(), (byte) 1);
            }
            mem.rebind(buf, MemoryPolicy.bind(nodes[1]), BindMode.FUTURE_PAGES);
            TestNuma.touchPages(buf, numa.pageSize());
            assertEquals(Map.of(nodes[0], 8L, nodes[1], 8L), mem.where(buf).pagesByNode());
        }
    }
}
