package org.panuma.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.panuma.spi.Errno;
import org.panuma.spi.SyscallException;

/**
 * Moves a list of another process's pages with {@link PageMover}, one batch per mover call, so
 * that (1) the target exiting mid-move (ESRCH) ends the move with a consistent report of what was
 * done, and (2) {@code threads} workers can move disjoint, contiguous parts in parallel and their
 * reports are merged. The stop signal is checked before every batch.
 */
final class ProcessMover {
    private final PageMover mover;

    ProcessMover(PageMover mover) {
        this.mover = mover;
    }

    /** The merged report, and whether the target exited. */
    record Result(MoveReport report, boolean targetExited) {
    }

    Result move(int pid, long[] addresses, int target, MoveOptions options, int threads, MoveProgress progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        long start = System.nanoTime();
        int n = addresses.length;
        int[] status = new int[n];
        Arrays.fill(status, PageStatus.NOT_PROCESSED);
        int workers = (int) Math.max(1, Math.min(threads, (n + (long) options.batchPages() - 1) / options.batchPages()));
        // A positive rate split between workers must stay positive: 0 means "no limit".
        MoveOptions perWorker = options.bytesPerSecond() == 0 ? options
                : options.withRate(Math.max(1, options.bytesPerSecond() / workers));
        Shared shared = new Shared(options, progress, n);
        List<Part> parts = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int from = (int) ((long) n * w / workers);
            int to = (int) ((long) n * (w + 1) / workers);
            parts.add(new Part(from, to));
        }
        if (workers == 1) {
            parts.get(0).run(pid, addresses, status, target, perWorker, shared);
        } else {
            runParallel(parts, pid, addresses, status, target, perWorker, shared);
        }
        PageCounts outcomes = new PageCounts();
        long notMigrated = 0;
        long calls = 0;
        for (Part p : parts) {
            outcomes.addAll(p.outcomes);
            outcomes.add(MoveReport.NOT_PROCESSED, p.to - p.done);
            notMigrated += p.notMigrated;
            calls += p.calls;
        }
        boolean stopped = shared.stopped.get() || shared.exited.get();
        MoveReport report = new MoveReport(pid, target, addresses, status, outcomes, notMigrated, stopped, calls,
                System.nanoTime() - start);
        return new Result(report, shared.exited.get());
    }

    private void runParallel(List<Part> parts, int pid, long[] addresses, int[] status, int target, MoveOptions o,
                             Shared shared) {
        ExecutorService pool = Executors.newFixedThreadPool(parts.size(), r -> {
            Thread t = new Thread(r, "panuma-mover");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (Part p : parts) {
                fs.add(pool.submit(() -> p.run(pid, addresses, status, target, o, shared)));
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
                    shared.stopped.set(true);
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdown();
        }
    }

    /** What all workers share: the stop flags and the progress totals. */
    private static final class Shared {
        final MoveOptions options;
        final MoveProgress progress;
        final long total;
        final AtomicBoolean stopped = new AtomicBoolean();
        final AtomicBoolean exited = new AtomicBoolean();
        final AtomicBoolean failed = new AtomicBoolean();
        final AtomicLong done = new AtomicLong();
        final AtomicLong moved = new AtomicLong();

        Shared(MoveOptions options, MoveProgress progress, long total) {
            this.options = options;
            this.progress = progress;
            this.total = total;
        }

        boolean shouldStop() {
            if (options.stop().getAsBoolean()) {
                stopped.set(true);
            }
            return stopped.get() || exited.get() || failed.get();
        }

        void batchDone(long pages, long movedPages) {
            long d = done.addAndGet(pages);
            long m = moved.addAndGet(movedPages);
            synchronized (this) {
                progress.batchDone(d, total, m);
            }
        }
    }

    /** One worker's contiguous part [from, to) of the page list. */
    private final class Part {
        final int from;
        final int to;
        int done;
        final PageCounts outcomes = new PageCounts();
        long notMigrated;
        long calls;

        Part(int from, int to) {
            this.from = from;
            this.to = to;
            this.done = from;
        }

        void run(int pid, long[] addresses, int[] status, int target, MoveOptions o, Shared shared) {
            MoveOptions oneBatch = o.withStop(() -> false);
            while (done < to && !shared.shouldStop()) {
                int n = Math.min(o.batchPages(), to - done);
                long[] batch = Arrays.copyOfRange(addresses, done, done + n);
                MoveReport r;
                try {
                    r = mover.move(pid, batch, target, oneBatch, MoveProgress.NONE);
                } catch (SyscallException e) {
                    if (e.errno() == Errno.ESRCH) {
                        shared.exited.set(true);
                        return;
                    }
                    // ENOMEM (destination full) is answered page by page inside PageMover; what
                    // reaches here failed the move as a whole.
                    shared.failed.set(true);
                    throw e;
                }
                System.arraycopy(r.status(), 0, status, done, n);
                outcomes.addAll(r.outcomes());
                notMigrated += r.notMigrated();
                calls += r.calls();
                done += n;
                shared.batchDone(n, r.moved());
            }
        }
    }
}