package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.panuma.api.PageMoverAccountingTest.ScriptedKernel;

/**
 * The move pipeline's promises: a planned page passes the kernel once (an unplanned one twice),
 * workers and batches account every page, and a target that goes away ends the move between
 * batches with a consistent report. The scripted kernel of {@link PageMoverAccountingTest}
 * stands in for move_pages.
 */
class MovePipelineTest {
    private static long[] addresses(int n) {
        return PageMoverAccountingTest.addresses(n);
    }

    @Test
    void plannedPages_passTheKernelOnce_andPagesAlreadyThereNotAtAll() {
        ScriptedKernel k = new ScriptedKernel(0, 0, 1, 0, 1, 0);
        MovePipeline.Result r = new MovePipeline(k.syscalls()).move(0, addresses(6), k.node.clone(), 1,
                MoveOptions.defaults(), 1, MoveProgress.NONE, BatchStep.Guard.NONE);

        assertEquals(new PageEntries(0, 4), r.report().pageEntries());
        assertEquals(1, r.report().calls());
        assertEquals(Map.of(Outcome.MOVED, 4L, Outcome.ALREADY, 2L), r.report().outcomeMap());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, k.node);
    }

    @Test
    void unplannedPages_areQueriedOnce_thenMovedOnce() {
        ScriptedKernel k = new ScriptedKernel(0, 0, 1, 0, 1, 0);
        MoveReport r = new PageMover(k.syscalls()).move(0, addresses(6), 1, MoveOptions.defaults().withBatchPages(4),
                MoveProgress.NONE);

        assertEquals(new PageEntries(6, 4), r.pageEntries());
        assertEquals(Map.of(Outcome.MOVED, 4L, Outcome.ALREADY, 2L), r.outcomeMap());
    }

    @Test
    void retriedPages_countEachPassage() {
        ScriptedKernel k = new ScriptedKernel(0, 0, 0);
        k.transientFailures[1] = 2;
        MovePipeline.Result r = new MovePipeline(k.syscalls()).move(0, addresses(3), k.node.clone(), 1,
                MoveOptions.defaults(), 1, MoveProgress.NONE, BatchStep.Guard.NONE);

        assertEquals(new PageEntries(0, 3 + 1 + 1), r.report().pageEntries());
        assertEquals(Map.of(Outcome.MOVED, 3L), r.report().outcomeMap());
    }

    /** A batch whose every page is to move goes to the kernel where it lies; a cut-short call there is answered too. */
    @Test
    void wholeBatchCutShort_unansweredPagesAreAskedAgain_andRetried() {
        ScriptedKernel k = new ScriptedKernel(0, 0, 0, 0, 0, 0);
        k.cutShortAt = 4; // in the second batch of three: its first page moves, the call stops at the second
        MovePipeline.Result r = new MovePipeline(k.syscalls()).move(0, addresses(6), k.node.clone(), 1,
                MoveOptions.defaults().withBatchPages(3), 1, MoveProgress.NONE, BatchStep.Guard.NONE);

        assertEquals(Map.of(Outcome.MOVED, 6L), r.report().outcomeMap());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, k.node);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, r.report().status());
        // 3 + 3 moved entries, the 2 the call left unanswered queried, then moved again.
        assertEquals(new PageEntries(2, 8), r.report().pageEntries());
        assertEquals(2, r.report().notMigrated());
        assertEquals(4, r.report().calls());
    }

    /** A whole batch that fills the destination: each page gets its own answer, moved ones count as moved. */
    @Test
    void wholeBatchEnomem_pagesTheFailedCallMoved_countAsMoved() {
        ScriptedKernel k = new ScriptedKernel(0, 0, 0, 0, 0, 0);
        k.room = 4;
        MovePipeline.Result r = new MovePipeline(k.syscalls()).move(0, addresses(6), k.node.clone(), 1,
                MoveOptions.defaults().withBatchPages(3), 1, MoveProgress.NONE, BatchStep.Guard.NONE);

        int enomem = -org.panuma.spi.Errno.ENOMEM.number();
        assertEquals(Map.of(Outcome.MOVED, 4L, Outcome.errno(org.panuma.spi.Errno.ENOMEM), 2L),
                r.report().outcomeMap());
        assertArrayEquals(new int[] {1, 1, 1, 1, 0, 0}, k.node);
        assertArrayEquals(new int[] {1, 1, 1, 1, enomem, enomem}, r.report().status());
    }

    @Test
    void threeWorkers_accountEveryPage_andTellProgressUpToTheTotal() {
        int n = 100;
        int[] nodes = new int[n];
        for (int i = 0; i < n; i++) {
            nodes[i] = i % 3 == 0 ? 1 : 0;
        }
        ScriptedKernel k = new ScriptedKernel(nodes);
        long[] lastDone = new long[1];
        MovePipeline.Result r = new MovePipeline(k.syscalls()).move(0, addresses(n), nodes.clone(), 1,
                MoveOptions.defaults().withBatchPages(7), 3, (done, total, moved) -> lastDone[0] = done,
                BatchStep.Guard.NONE);

        assertEquals(Map.of(Outcome.MOVED, 66L, Outcome.ALREADY, 34L), r.report().outcomeMap());
        assertEquals(new PageEntries(0, 66), r.report().pageEntries());
        assertEquals(n, lastDone[0]);
        for (int node : k.node) {
            assertEquals(1, node);
        }
    }

    @Test
    void targetGoneBeforeABatch_endsTheMoveThere_withTheRestNotProcessed() {
        ScriptedKernel k = new ScriptedKernel(1, 1, 1, 1, 0, 0);
        AtomicInteger asked = new AtomicInteger();
        // Gone when the third batch is about to start: the first two (all already there) made no call.
        MovePipeline.Result r = new MovePipeline(k.syscalls()).move(0, addresses(6), k.node.clone(), 1,
                MoveOptions.defaults().withBatchPages(2), 1, MoveProgress.NONE, () -> asked.incrementAndGet() == 3);

        assertTrue(r.targetExited());
        assertNull(r.esrch(), "found by the guard, not by a call");
        assertTrue(r.report().stoppedEarly());
        assertEquals(Map.of(Outcome.ALREADY, 4L, Outcome.NOT_PROCESSED, 2L), r.report().outcomeMap());
        assertEquals(PageEntries.NONE, r.report().pageEntries());
        assertArrayEquals(new int[] {0, 0}, new int[] {k.node[4], k.node[5]}, "nothing moved after the target went");
    }

    @Test
    void stopSignal_isHonouredBetweenBatches_notWithinOne() {
        ScriptedKernel k = new ScriptedKernel(0, 0, 0, 0, 0, 0);
        AtomicInteger batches = new AtomicInteger();
        MovePipeline.Result r = new MovePipeline(k.syscalls()).move(0, addresses(6), k.node.clone(), 1,
                MoveOptions.defaults().withBatchPages(4).withStop(() -> batches.get() == 1), 1,
                (done, total, moved) -> batches.incrementAndGet(), BatchStep.Guard.NONE);

        assertFalse(r.targetExited());
        assertTrue(r.report().stoppedEarly());
        assertEquals(Map.of(Outcome.MOVED, 4L, Outcome.NOT_PROCESSED, 2L), r.report().outcomeMap());
    }
}
