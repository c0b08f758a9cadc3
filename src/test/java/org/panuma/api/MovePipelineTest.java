package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.panuma.api.PageMoverAccountingTest.ScriptedKernel;
import org.panuma.spi.Errno;
import org.panuma.spi.SyscallException;

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

    /** Counts the guard's two questions; the answers are fixed. */
    private static final class CountingGuard implements BatchStep.Guard {
        final boolean gone;
        final boolean pidLost;
        int goneAsked;
        int pidLostAsked;

        CountingGuard(boolean gone, boolean pidLost) {
            this.gone = gone;
            this.pidLost = pidLost;
        }

        @Override
        public boolean targetGone() {
            goneAsked++;
            return gone;
        }

        @Override
        public boolean pidLost() {
            pidLostAsked++;
            return pidLost;
        }
    }

    /**
     * A batch that calls the kernel asks only whether the pid was taken (with a pidfd: no /proc
     * read); a batch whose pages are all on the target already makes no call, so it asks the whole
     * question.
     */
    @Test
    void aBatchWithACall_asksWhetherThePidWasTaken_aBatchWithoutOne_whetherTheTargetLives() {
        ScriptedKernel k = new ScriptedKernel(1, 1, 0, 0, 1, 0);
        CountingGuard guard = new CountingGuard(false, false);
        MovePipeline.Result r = new MovePipeline(k.syscalls()).move(0, addresses(6), k.node.clone(), 1,
                MoveOptions.defaults().withBatchPages(2), 1, MoveProgress.NONE, guard);

        assertEquals(Map.of(Outcome.MOVED, 3L, Outcome.ALREADY, 3L), r.report().outcomeMap());
        assertEquals(1, guard.goneAsked, "the batch of pages all on the target");
        assertEquals(2, guard.pidLostAsked, "the two batches that call the kernel");
    }

    /**
     * A target that exited but is not reaped keeps its pid, so the pid check passes; the kernel
     * answers the call EINVAL (its memory is gone), the whole check then finds it gone, and the
     * move ends with the batch not processed, as for ESRCH.
     */
    @Test
    void anExitedTargetThatKeepsItsPid_passesThePidCheck_andTheKernelsEinvalEndsTheMove() {
        ScriptedKernel k = new ScriptedKernel(0, 0, 0, 0);
        k.everyCallFails = Errno.EINVAL;
        CountingGuard guard = new CountingGuard(true, false);
        MovePipeline.Result r = new MovePipeline(k.syscalls()).move(0, addresses(4), k.node.clone(), true, 1,
                MoveOptions.defaults().withBatchPages(2), 1, MoveProgress.NONE, guard);

        assertTrue(r.targetExited());
        assertEquals(Errno.EINVAL, r.esrch().errno(), "the kernel's answer that told it");
        assertEquals(Map.of(Outcome.NOT_PROCESSED, 4L), r.report().outcomeMap());
        assertEquals(1, guard.pidLostAsked);
        assertEquals(1, guard.goneAsked, "asked once the kernel answered EINVAL");
    }

    /** EINVAL for a target that lives is the call's own failure, not a target gone. */
    @Test
    void einvalForALiveTarget_failsTheMove() {
        ScriptedKernel k = new ScriptedKernel(0, 0);
        k.everyCallFails = Errno.EINVAL;
        SyscallException e = assertThrows(SyscallException.class, () -> new MovePipeline(k.syscalls()).move(0,
                addresses(2), k.node.clone(), true, 1, MoveOptions.defaults(), 1, MoveProgress.NONE,
                new CountingGuard(false, false)));
        assertEquals(Errno.EINVAL, e.errno());
    }

    /**
     * A plan that put every page on another node lets each batch go to the kernel without looking
     * at its statuses first: the outcome is the same as when each batch looks.
     */
    @Test
    void planWithEveryPageElsewhere_movesAndAccountsAsABatchThatLooks() {
        int[] nodes = {0, 2, 0, 0, 2, 0, 0};
        ScriptedKernel looked = new ScriptedKernel(nodes);
        ScriptedKernel told = new ScriptedKernel(nodes);
        told.transientFailures[3] = 1;
        looked.transientFailures[3] = 1;
        MoveOptions options = MoveOptions.defaults().withBatchPages(3);
        MovePipeline.Result a = new MovePipeline(looked.syscalls()).move(0, addresses(7), nodes.clone(), false, 1,
                options, 1, MoveProgress.NONE, BatchStep.Guard.NONE);
        MovePipeline.Result b = new MovePipeline(told.syscalls()).move(0, addresses(7), nodes.clone(), true, 1,
                options, 1, MoveProgress.NONE, BatchStep.Guard.NONE);

        assertEquals(Map.of(Outcome.MOVED, 7L), b.report().outcomeMap());
        assertEquals(a.report().outcomeMap(), b.report().outcomeMap());
        assertArrayEquals(a.report().status(), b.report().status());
        assertEquals(a.report().pageEntries(), b.report().pageEntries());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1}, told.node);
    }

    @Test
    void everyPageToMove_withoutAPlan_isRefused() {
        ScriptedKernel k = new ScriptedKernel(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MovePipeline(
                k.syscalls()).move(0, addresses(1), null, true, 1, MoveOptions.defaults(), 1, MoveProgress.NONE,
                BatchStep.Guard.NONE));
        assertTrue(e.getMessage().contains("no statuses from a plan"), e.getMessage());
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
