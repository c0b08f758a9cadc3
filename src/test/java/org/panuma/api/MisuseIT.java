package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.panuma.api.TestNuma.BACKENDS;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.panuma.spi.Errno;
import org.panuma.spi.memory.MappedMemory;

/**
 * Misuse raises IllegalArgumentException or IllegalStateException with a message that names the
 * problem, before any system call could do harm. Each case checks the exception type and the
 * words of its message.
 */
class MisuseIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void zeroAndNegativeSizes(String backend) {
        Numa numa = TestNuma.open(backend);
        try (NodeMemory mem = memory(numa)) {
            expect(IllegalArgumentException.class, "must be positive, got 0", () -> mem.allocateBuffer(0));
            expect(IllegalArgumentException.class, "must be positive, got -1", () -> mem.allocateBuffer(-1));
            expect(IllegalArgumentException.class, "must be positive, got -4096", () -> mem.allocate(-4096, 1));
            expect(IllegalArgumentException.class, "power of two, got 3", () -> mem.allocate(4096, 3));
            expect(IllegalArgumentException.class, "must be positive, got 0", () -> numa.pages().where(
                    TestNuma.addressOf(numa, mem.allocateBuffer(4096)), 0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void negativeAndAbsentNodes(String backend) {
        Numa numa = TestNuma.open(backend);
        int absent = numa.topology().possible().span() + 7;
        expect(IllegalArgumentException.class, "node -1 is negative", () -> MemoryPolicy.bind(-1));
        expect(IllegalArgumentException.class, "node " + absent + " does not exist",
                () -> numa.memory(MemoryPolicy.bind(absent)));
        expect(IllegalArgumentException.class, "needs at least one node", () -> MemoryPolicy.interleave());
        expect(IllegalArgumentException.class, "needs a node policy", () -> numa.memory(MemoryPolicy.defaultPolicy()));
        try (NodeMemory mem = memory(numa)) {
            ByteBuffer buf = mem.allocateBuffer(4096);
            expect(IllegalArgumentException.class, "node -2 is negative", () -> mem.move(buf, -2));
            expect(IllegalArgumentException.class, "node " + absent + " does not exist", () -> mem.move(buf, absent));
            expect(IllegalArgumentException.class, "nodes with memory here", () -> numa.pages().move(buf, absent));
        }
        expect(IllegalArgumentException.class, "does not exist", () -> numa.thread().pinToNode(absent));
        expect(IllegalArgumentException.class, "does not exist",
                () -> numa.thread().usePolicy(MemoryPolicy.bind(absent)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void closedMemory_everyOperationIsIllegalState(String backend) {
        Numa numa = TestNuma.open(backend);
        NodeMemory mem = memory(numa);
        ByteBuffer buf = mem.allocateBuffer(4096);
        long address = TestNuma.addressOf(numa, buf);
        mem.close();
        String closed = "is closed";
        expect(IllegalStateException.class, closed, () -> mem.allocateBuffer(4096));
        expect(IllegalStateException.class, closed, () -> mem.where(buf));
        expect(IllegalStateException.class, closed, () -> mem.where(address, 4096));
        expect(IllegalStateException.class, closed, () -> mem.move(buf, 0));
        expect(IllegalStateException.class, closed, () -> mem.rebind(buf, MemoryPolicy.bind(0), BindMode.FUTURE_PAGES));
        expect(IllegalStateException.class, closed, () -> mem.free(buf));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void memoryOfAnotherAllocator_isRejected(String backend) {
        Numa numa = TestNuma.open(backend);
        try (NodeMemory mine = memory(numa); NodeMemory other = memory(numa)) {
            ByteBuffer theirs = other.allocateBuffer(4096);
            String notMine = "not inside an allocation of this NodeMemory";
            expect(IllegalArgumentException.class, notMine, () -> mine.where(theirs));
            expect(IllegalArgumentException.class, notMine, () -> mine.move(theirs, 0));
            expect(IllegalArgumentException.class, "not allocated by this NodeMemory", () -> mine.free(theirs));
            ByteBuffer direct = ByteBuffer.allocateDirect(4096);
            expect(IllegalArgumentException.class, notMine, () -> mine.where(direct));
            expect(IllegalArgumentException.class, "heap buffer", () -> mine.where(ByteBuffer.allocate(16)));
            ByteBuffer own = mine.allocateBuffer(8192);
            expect(IllegalArgumentException.class, "slice", () -> mine.free(own.slice(4096, 4096)));
            mine.free(own);
            expect(IllegalArgumentException.class, "freed already", () -> mine.free(own));
            expect(IllegalArgumentException.class, notMine, () -> mine.where(own));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void rangesPastTheEndOfAnAllocation_areRejected(String backend) {
        Numa numa = TestNuma.open(backend);
        int page = numa.pageSize();
        try (NodeMemory mem = memory(numa)) {
            long address = mem.allocate(2L * page, 1);
            expect(IllegalArgumentException.class, "past the end", () -> mem.where(address, 3L * page));
            expect(IllegalArgumentException.class, "past the end",
                    () -> mem.move(address + page, 2L * page, 0, MoveOptions.defaults()));
            expect(IllegalArgumentException.class, "past the end", () -> mem.where(address - page, page));
            assertEquals(2, mem.where(address, 2L * page).pageCount());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void unalignedAddresses_areRejectedWhereTheKernelNeedsAlignment(String backend) {
        Numa numa = TestNuma.open(backend);
        try (NodeMemory mem = memory(numa)) {
            long address = mem.allocate(2L * numa.pageSize(), 1);
            String unaligned = "is not aligned to the page size";
            expect(IllegalArgumentException.class, unaligned, () -> numa.pages().where(address + 8, 64));
            expect(IllegalArgumentException.class, unaligned, () -> numa.pages().move(address + 1, 64, 0));
            expect(IllegalArgumentException.class, unaligned,
                    () -> numa.pages().bind(address + 100, 64, MemoryPolicy.bind(0), BindMode.FUTURE_PAGES));
            expect(IllegalArgumentException.class, unaligned,
                    () -> mem.rebind(address + 100, 64, MemoryPolicy.bind(0), BindMode.FUTURE_PAGES));
            expect(IllegalArgumentException.class, "null pointer", () -> numa.pages().where(0, 4096));
            // Inside its own memory a byte range need not be aligned: it covers its pages.
            assertEquals(1, mem.where(address + 8, 64).pageCount());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void scopesClosedOnAnotherThread_areIllegalState(String backend) throws Exception {
        Numa numa = TestNuma.open(backend);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (PolicyScope scope = numa.thread().usePolicy(MemoryPolicy.local());
             NodePinning pin = numa.thread().pinToNode(TestNuma.firstNodeWithMemory(numa))) {
            Future<?> closingScope = other.submit(() -> scope.close());
            Future<?> closingPin = other.submit(() -> pin.close());
            assertCause(IllegalStateException.class, "closed by the thread that opened it", closingScope);
            assertCause(IllegalStateException.class, "closed by the pinned thread", closingPin);
        } finally {
            other.shutdownNow();
        }
    }

    /**
     * A close while another thread moves: the move is asked to stop at its next batch, the close
     * waits for it, and only then unmaps. Nothing crashes, the mover gets a report, later calls
     * get IllegalStateException.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void closeWhileAnotherThreadMoves_waitsForTheMove_andNeverUnmapsUnderIt(String backend) throws Exception {
        Numa numa = TestNuma.open(backend);
        int node = TestNuma.firstNodeWithMemory(numa);
        int pages = 256;
        NodeMemory mem = memory(numa);
        long address = mem.allocate((long) pages * numa.pageSize(), 1);
        ByteBuffer buf = MappedMemory.of(numa.syscalls()).buffer(address, pages * numa.pageSize());
        TestNuma.touchPages(buf, numa.pageSize());
        CountDownLatch firstBatchDone = new CountDownLatch(1);
        AtomicReference<Thread> closer = new AtomicReference<>();
        // Before its first batch the move waits until the closer is parked inside close(): the
        // move is then mid-way, holding the memory, while close waits for it.
        MoveOptions slow = MoveOptions.defaults().withBatchPages(1).withStop(() -> {
            firstBatchDone.countDown();
            awaitParked(closer);
            return false;
        });
        ExecutorService mover = Executors.newSingleThreadExecutor();
        try {
            Future<MoveReport> moving = mover.submit(() -> mem.move(address, (long) pages * numa.pageSize(), node, slow));
            assertTrue(firstBatchDone.await(10, TimeUnit.SECONDS));
            Thread closing = new Thread(mem::close, "closer");
            closer.set(closing);
            closing.start();
            MoveReport report = moving.get(30, TimeUnit.SECONDS);
            closing.join(30_000);
            assertTrue(!closing.isAlive(), "close returned");
            assertTrue(report.stoppedEarly(), "the move stopped at a batch boundary: " + report.outcomeMap());
            assertEquals(pages - 1, report.outcomeMap().get(Outcome.NOT_PROCESSED), report.outcomeMap().toString());
            assertEquals(1, report.already() + report.moved(), "the one batch before close");
            expect(IllegalStateException.class, "is closed", () -> mem.move(address, 4096, node, MoveOptions.defaults()));
            assertEquals(Errno.EFAULT, numa.pages().where(address, 4096).failure(0), "unmapped after the move");
        } finally {
            mover.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void closeFromInsideAnOperation_isIllegalStateInsteadOfADeadlock(String backend) {
        Numa numa = TestNuma.open(backend);
        NodeMemory mem = memory(numa);
        long address = mem.allocate(4096, 1);
        IllegalStateException[] inside = new IllegalStateException[1];
        MoveOptions closesItself = MoveOptions.defaults().withStop(() -> {
            try {
                mem.close();
            } catch (IllegalStateException e) {
                inside[0] = e;
            }
            return false;
        });
        mem.move(address, 4096, TestNuma.firstNodeWithMemory(numa), closesItself);
        assertTrue(inside[0] != null && inside[0].getMessage().contains("from inside an operation"), String.valueOf(inside[0]));
        mem.close();
    }

    private static NodeMemory memory(Numa numa) {
        return numa.memory(MemoryPolicy.bind(TestNuma.firstNodeWithMemory(numa)));
    }

    private static void expect(Class<? extends RuntimeException> type, String words, Executable call) {
        RuntimeException e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(words), "message \"" + e.getMessage() + "\" says \"" + words + "\"");
    }

    private static void assertCause(Class<? extends Throwable> type, String words, Future<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(type.isInstance(e.getCause()), e.getCause().toString());
            assertTrue(e.getCause().getMessage().contains(words), e.getCause().getMessage());
            return;
        }
        throw new AssertionError("expected " + type.getSimpleName());
    }

    /** Waits (bounded) until the thread is parked, i.e. blocked in close() on the memory's lock. */
    private static void awaitParked(AtomicReference<Thread> ref) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Thread t = ref.get();
            if (t != null && (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING)) {
                return;
            }
            Thread.onSpinWait();
        }
    }
}
