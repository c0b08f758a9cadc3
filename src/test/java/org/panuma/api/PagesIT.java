package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.panuma.api.TestNuma.BACKENDS;

import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.panuma.spi.Errno;
import org.panuma.spi.Mpol;
import org.panuma.spi.SyscallException;
import org.panuma.spi.memory.MappedMemory;

/** Queries, moves and binds of memory the JVM allocated itself (ByteBuffer.allocateDirect). */
class PagesIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void directBuffer_eachPagesNodeAgreesWithGetMempolicy(String backend) {
        Numa numa = TestNuma.open(backend);
        ByteBuffer buf = ByteBuffer.allocateDirect(32 * numa.pageSize());
        TestNuma.touchPages(buf, numa.pageSize());
        PagePlacement where = numa.pages().where(buf);
        // allocateDirect need not start on a page: its bytes span 32 or 33 pages.
        assertTrue(where.pageCount() == 32 || where.pageCount() == 33, where.toString());
        for (int i = 0; i < where.pageCount(); i++) {
            assertEquals(TestNuma.kernelNodeOf(numa, where.address(i)), where.node(i), "page " + i);
            assertEquals(where.node(i), numa.pages().nodeOf(where.address(i)));
        }
        assertEquals(where.pageCount(), where.pagesByNode().values().stream().mapToLong(Long::longValue).sum());
        assertTrue(numa.topology().withMemory().contains(where.dominantNode().getAsInt()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void slicedBuffer_coversThePagesOfTheWholeBuffer(String backend) {
        Numa numa = TestNuma.open(backend);
        try (NodeMemory mem = numa.memory(MemoryPolicy.bind(TestNuma.firstNodeWithMemory(numa)))) {
            ByteBuffer buf = mem.allocateBuffer(4 * numa.pageSize());
            buf.position(2 * numa.pageSize());
            assertEquals(4, numa.pages().where(buf).pageCount(), "position does not matter: capacity does");
            assertEquals(2, numa.pages().where(buf.slice()).pageCount(), "a slice is its own buffer");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void bindWithoutMove_setsTheRangesPolicy(String backend) {
        Numa numa = TestNuma.open(backend);
        int node = TestNuma.firstNodeWithMemory(numa);
        try (NodeMemory mem = numa.memory(MemoryPolicy.preferred(node))) {
            long address = mem.allocate(4L * numa.pageSize(), 1);
            numa.pages().bind(address, 4L * numa.pageSize(), MemoryPolicy.interleave(node), BindMode.FUTURE_PAGES);
            assertEquals(Mpol.MPOL_INTERLEAVE, numa.syscalls().getMempolicy(address, Mpol.MPOL_F_ADDR).mode());
            ByteBuffer buf = MappedMemory.of(numa.syscalls()).buffer(address, 4 * numa.pageSize());
            TestNuma.touchPages(buf, numa.pageSize());
            numa.pages().bind(buf, MemoryPolicy.bind(node), BindMode.MOVE_STRICT);
            assertEquals(Mpol.MPOL_BIND, numa.syscalls().getMempolicy(address, Mpol.MPOL_F_ADDR).mode());
            assertTrue(numa.pages().where(buf).allOn(node));
            numa.pages().bind(buf, MemoryPolicy.bind(node), BindMode.VERIFY);   // the pages comply: no EIO
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void policyOf_isTheRangesOwnPolicy_notTheThreads(String backend) {
        Numa numa = TestNuma.open(backend);
        int node = TestNuma.firstNodeWithMemory(numa);
        ByteBuffer plain = ByteBuffer.allocateDirect(numa.pageSize());
        try (PolicyScope scope = numa.thread().usePolicy(MemoryPolicy.preferred(node))) {
            assertEquals(MemoryPolicy.defaultPolicy(), numa.pages().policyOf(plain),
                    "get_mempolicy(MPOL_F_ADDR) does not fall back to the thread's policy");
        }
        try (NodeMemory mem = numa.memory(MemoryPolicy.interleave(node))) {
            ByteBuffer buf = mem.allocateBuffer(4 * numa.pageSize());
            long address = numa.syscalls().address(buf);
            assertEquals(MemoryPolicy.interleave(node), mem.policyOf(buf));
            assertEquals(MemoryPolicy.interleave(node), numa.pages().policyOf(address + 3L * numa.pageSize()));
            mem.rebind(address + numa.pageSize(), numa.pageSize(), MemoryPolicy.bind(node), BindMode.FUTURE_PAGES);
            assertEquals(MemoryPolicy.bind(node), mem.policyOf(address + numa.pageSize()));
            assertEquals(MemoryPolicy.interleave(node), mem.policyOf(address), "the rest of the mapping keeps its policy");
            buf.put(numa.pageSize(), (byte) 1);
            assertEquals(node, mem.nodeOf(address + numa.pageSize()));
        }
        SyscallException e = assertThrows(SyscallException.class, () -> numa.pages().policyOf(numa.pageSize()));
        assertEquals(Errno.EFAULT, e.errno());
        assertTrue(e.getMessage().contains("no mapping of this process holds 0x1000"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void bindMoveAll_movesWithCapSysNice_elseEpermNamingIt(String backend) throws Exception {
        Numa numa = TestNuma.open(backend);
        int node = TestNuma.firstNodeWithMemory(numa);
        ByteBuffer buf = ByteBuffer.allocateDirect(8 * numa.pageSize());
        TestNuma.touchPages(buf, numa.pageSize());
        long start = numa.syscalls().address(buf) + numa.pageSize() - 1 & -(long) numa.pageSize();
        if (org.panuma.backend.CapSysNice.held()) {
            numa.pages().bind(start, 4L * numa.pageSize(), MemoryPolicy.bind(node), BindMode.MOVE_ALL_STRICT);
            assertEquals(MemoryPolicy.bind(node), numa.pages().policyOf(start));
            assertTrue(numa.pages().where(start, 4L * numa.pageSize()).allOn(node));
        } else {
            SyscallException e = assertThrows(SyscallException.class, () -> numa.pages().bind(start,
                    4L * numa.pageSize(), MemoryPolicy.bind(node), BindMode.MOVE_ALL));
            assertEquals(Errno.EPERM, e.errno());
            assertTrue(e.getMessage().contains("MOVE_ALL needs CAP_SYS_NICE"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void movingADirectBufferToItsNode_reportsEveryPageAlreadyThere(String backend) {
        Numa numa = TestNuma.open(backend);
        ByteBuffer buf = ByteBuffer.allocateDirect(16 * numa.pageSize());
        TestNuma.touchPages(buf, numa.pageSize());
        int node = numa.pages().where(buf).dominantNode().getAsInt();
        MoveReport r = numa.pages().move(buf, node);
        assertEquals(r.requestedPages(), r.already() + r.moved(), r.outcomeMap().toString());
        assertEquals(0, r.failed());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void movingADirectBufferToAnotherNode_movesIt(String backend) {
        Numa numa = TestNuma.open(backend);
        int[] nodes = TestNuma.assumeNodesWithMemory(numa, 2);
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * numa.pageSize());
        TestNuma.touchPages(buf, numa.pageSize());
        int from = numa.pages().where(buf).dominantNode().getAsInt();
        int to = from == nodes[0] ? nodes[1] : nodes[0];
        MoveReport r = numa.pages().move(buf, to);
        assertTrue(numa.pages().where(buf).allOn(to), r.outcomeMap().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void verifyingABindThePagesDoNotComplyWith_failsWithEio(String backend) {
        Numa numa = TestNuma.open(backend);
        int[] nodes = TestNuma.assumeNodesWithMemory(numa, 2);
        try (NodeMemory mem = numa.memory(MemoryPolicy.bind(nodes[0]))) {
            ByteBuffer buf = mem.allocateBuffer(8 * numa.pageSize());
            TestNuma.touchPages(buf, numa.pageSize());
            SyscallException e = assertThrows(SyscallException.class,
                    () -> numa.pages().bind(buf, MemoryPolicy.bind(nodes[1]), BindMode.VERIFY));
            assertEquals(Errno.EIO, e.errno());
            assertTrue(mem.where(buf).allOn(nodes[0]), "VERIFY moves nothing");
        }
    }
}
