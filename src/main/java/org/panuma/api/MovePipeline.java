package org.panuma.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.panuma.spi.Mpol;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.SyscallException;

/**
 * Every move of the api, of this process's pages or another's, runs here: the list is cut into
 * bounded batches, each handed to a {@link BatchStep} (move, retry, account). This class alone
 * owns the loop around the batches: the stop signal and the throttle act between batches (so the
 * target is never left mid-call), progress is told after each, {@code threads} workers move
 * disjoint contiguous parts in parallel, the target exiting (ESRCH) ends the move with a
 * consistent report of what was done, and one JFR {@link MoveEvent} is recorded per move while a
 * flight recorder runs.
 */
final class MovePipeline {
    private final NumaSyscalls sys;

    MovePipeline(NumaSyscalls sys) {
        this.sys = sys;
    }

    /**
     * The report, and whether the target exited during the move; {@code esrch} is the kernel's
     * answer that told so, or null when the guard found it out first.
     */
    record Result(MoveReport report, boolean targetExited, SyscallException esrch) {
    }

    /**
     * Moves {@code addresses} to {@code target}.
     *
     * @param before where each page was (node or negated errno), parallel to addresses, from the
     *               caller's plan; null to have each batch queried first
     * @param guard  asked before every batch whether the target is still there
     */
    Result move(int pid, long[] addresses, int[] before, int target, MoveOptions options, int threads,
                MoveProgress progress, BatchStep.Guard guard) {
        return move(pid, addresses, before, false, target, options, threads, progress, guard);
    }

    /**
     * As {@link #move(int, long[], int[], int, MoveOptions, int, MoveProgress, BatchStep.Guard)},
     * told by the caller's plan whether every page is on a node other than the target.
     *
     * @param everyPageToMove every entry of {@code before} is a node other than {@code target} (the
     *                        caller knows it from its plan's counts): no batch then looks at its
     *                        statuses before its call
     */
    Result move(int pid, long[] addresses, int[] before, boolean everyPageToMove, int target, MoveOptions options,
                int threads, MoveProgress progress, BatchStep.Guard guard) {
        if (target < 0) {
            throw new IllegalArgumentException("target node " + target + " is negative");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (before != null && before.length != addresses.length) {
            throw new IllegalArgumentException(addresses.length + " pages but " + before.length + " statuses");
        }
        if (everyPageToMove && before == null) {
            throw new IllegalArgumentException("every page to move, but no statuses from a plan");
        }
        MoveEvent event = MoveEvents.begin();
        long start = System.nanoTime();
        int n = addresses.length;
        int[] status = new int[n];
        IntFill.fill(status, 0, n, PageStatus.NOT_PROCESSED);
        int workers = (int) Math.max(1, Math.min(threads, (n + (long) options.batchPages() - 1) / options.batchPages()));
        Shared shared = new Shared(options, progress, n, sys.pageSize());
        int flags = options.moveAll() ? Mpol.MPOL_MF_MOVE_ALL : Mpol.MPOL_MF_MOVE;
        // move_pages' nodes argument for a batch moved where it lies (BatchStep.moveInPlace).
        int[] targetNodes = new int[n];
        IntFill.fill(targetNodes, 0, n, target);
        List<Worker> parts = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int from = (int) ((long) n * w / workers);
            int to = (int) ((long) n * (w + 1) / workers);
            parts.add(new Worker(new BatchStep(sys, pid, target, targetNodes, everyPageToMove, flags,
                    options.busyRetries(), guard), from, to));
        }
        Job job = new Job(addresses, before, status, shared);
        if (workers == 1) {
            parts.get(0).run(job);
        } else {
            runParallel(parts, job);
        }
        PageCounts outcomes = new PageCounts();
        long notMigrated = 0;
        long calls = 0;
        PageEntries entries = PageEntries.NONE;
        for (Worker p : parts) {
            outcomes.addAll(p.outcomes);
            outcomes.add(Outcome.NOT_PROCESSED, p.to - p.done);
            notMigrated += p.step.notMigrated;
            calls += p.step.calls;
            entries = entries.plus(new PageEntries(p.step.queriedEntries, p.step.movedEntries));
        }
        boolean exited = shared.exited.get();
        boolean stopped = shared.stopped.get() || exited;
        MoveReport report = new MoveReport(pid, target, addresses, status, outcomes, notMigrated, stopped, calls,
                entries, System.nanoTime() - start);
        MoveEvents.commit(event, report, sys.pageSize(), sys.name());
        return new Result(report, exited, shared.esrch);
    }

    private static void runParallel(List<Worker> parts, Job job) {
        ExecutorService pool = Executors.newFixedThreadPool(parts.size(), r -> {
            Thread t = new Thread(r, "panuma-mover");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (Worker p : parts) {
                fs.add(pool.submit(() -> p.run(job)));
            }
            RuntimeException first = null;
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    job.shared.stopped.set(true);
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdown();
        }
    }

    /** The arrays every worker reads and writes (each its own part) and what they share. */
    private record Job(long[] addresses, int[] before, int[] status, Shared shared) {
    }

    /** What all workers share: the stop flags, the progress totals and the throttle. */
    private static final class Shared {
        final MoveOptions options;
        final MoveProgress progress;
        final long total;
        final int pageSize;
        final long startNanos = System.nanoTime();
        final AtomicBoolean stopped = new AtomicBoolean();
        final AtomicBoolean failed = new AtomicBoolean();
        final AtomicBoolean exited = new AtomicBoolean();
        volatile SyscallException esrch;
        private long done;
        private long moved;

        Shared(MoveOptions options, MoveProgress progress, long total, int pageSize) {
            this.options = options;
            this.progress = progress;
            this.total = total;
            this.pageSize = pageSize;
        }

        boolean shouldStop() {
            if (options.stop().getAsBoolean()) {
                stopped.set(true);
            }
            return stopped.get() || exited.get() || failed.get();
        }

        /** Tells the progress, then sleeps as long as the rate asks (outside the lock). */
        void batchDone(long pages, long movedPages) {
            long wait;
            synchronized (this) {
                done += pages;
                moved += movedPages;
                progress.batchDone(done, total, moved);
                wait = options.bytesPerSecond() == 0 ? 0
                        : startNanos + (long) (moved * pageSize * 1e9 / options.bytesPerSecond()) - System.nanoTime();
            }
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    /** One worker's contiguous part [from, to) of the page list, batch after batch. */
    private static final class Worker {
        final BatchStep step;
        final int from;
        final int to;
        int done;
        final PageCounts outcomes = new PageCounts();

        Worker(BatchStep step, int from, int to) {
            this.step = step;
            this.from = from;
            this.to = to;
            this.done = from;
        }

        void run(Job job) {
            Shared shared = job.shared;
            int batchPages = shared.options.batchPages();
            while (done < to && !shared.shouldStop()) {
                int n = Math.min(batchPages, to - done);
                int moved;
                try {
                    moved = step.run(job.addresses, job.before, job.status, done, n, outcomes);
                } catch (BatchStep.TargetGone e) {
                    // The batch the target left in counts as not processed.
                    if (e.esrch() != null) {
                        shared.esrch = e.esrch();
                    }
                    shared.exited.set(true);
                    return;
                } catch (RuntimeException e) {
                    // ENOMEM (destination full) is answered page by page in the step; what reaches
                    // here failed the move as a whole.
                    shared.failed.set(true);
                    throw e;
                }
                done += n;
                shared.batchDone(n, moved);
            }
        }
    }
}
