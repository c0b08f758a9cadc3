package org.panuma.api;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import org.panuma.spi.Errno;
import org.panuma.spi.Mpol;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.SyscallException;

/**
 * Moves a list of pages to one node in bounded batches, the way a live process should be
 * treated: each batch is first queried (so pages already there cost nothing and are reported as
 * such), the rest moved with one move_pages call, and pages that came back -EBUSY or were left
 * unprocessed by a call the kernel cut short are re-queried and tried again a bounded number of
 * times. A whole-call ENOMEM (destination full) is retried page by page, so that each page gets
 * its own outcome and the pages the failed call did move are counted as moved. The stop signal
 * and the throttle act between batches only, so the target is never left mid-call. While a
 * flight recorder runs, every move, of this process's memory or another's, is recorded as a JFR
 * {@link MoveEvent}.
 */
public final class PageMover {
    private final NumaSyscalls sys;

    public PageMover(NumaSyscalls sys) {
        this.sys = sys;
    }

    public MoveReport move(int pid, long[] addresses, int targetNode, MoveOptions options, MoveProgress progress) {
        if (targetNode < 0) {
            throw new IllegalArgumentException("target node " + targetNode + " is negative");
        }
        MoveEvent event = MoveEvents.begin();
        long start = System.nanoTime();
        int[] status = new int[addresses.length];
        Arrays.fill(status, PageStatus.NOT_PROCESSED);
        PageCounts outcomes = new PageCounts();
        Batch batch = new Batch(sys, pid, targetNode, options.moveAll() ? Mpol.MPOL_MF_MOVE_ALL : Mpol.MPOL_MF_MOVE);
        Throttle throttle = new Throttle(options.bytesPerSecond(), sys.pageSize());
        boolean stopped = false;
        int done = 0;
        while (done < addresses.length) {
            if (options.stop().getAsBoolean()) {
                stopped = true;
                break;
            }
            int n = Math.min(options.batchPages(), addresses.length - done);
            batch.run(addresses, status, done, n, options.busyRetries(), outcomes);
            done += n;
            progress.batchDone(done, addresses.length, outcomes.get(MoveReport.MOVED));
            throttle.paceAfter(batch.lastMovedPages);
        }
        outcomes.add(MoveReport.NOT_PROCESSED, addresses.length - done);
        MoveReport report = new MoveReport(pid, targetNode, addresses, status, outcomes, batch.notMigrated, stopped,
                batch.calls, System.nanoTime() - start);
        MoveEvents.commit(event, report, sys.pageSize(), sys.name());
        return report;
    }

    /** One batch: query, move what is not there, retry what the kernel could not take yet. */
    private static final class Batch {
        private final NumaSyscalls sys;
        private final int pid;
        private final int target;
        private final int flags;
        long notMigrated;
        long calls;
        int lastMovedPages;

        Batch(NumaSyscalls sys, int pid, int target, int flags) {
            this.sys = sys;
            this.pid = pid;
            this.target = target;
            this.flags = flags;
        }

        void run(long[] addresses, int[] status, int from, int n, int retries, PageCounts outcomes) {
            query(addresses, status, from, n);
            boolean[] wasThere = new boolean[n];
            int[] pending = new int[n];
            int pendingCount = 0;
            for (int i = 0; i < n; i++) {
                int s = status[from + i];
                wasThere[i] = s == target;
                // Pages the query could not see (never touched, swapped, unmapped) have nothing to move;
                // everything else is handed to the kernel, which alone knows about sharing and pinning.
                if (!wasThere[i] && s >= 0) {
                    pending[pendingCount++] = from + i;
                }
            }
            for (int attempt = 0; pendingCount > 0 && attempt <= retries; attempt++) {
                pendingCount = moveOnce(addresses, status, pending, pendingCount);
            }
            // Counted in ints and added once per batch: a keyed add per page was most of the
            // Java side of a move (interpreted, under TCG, it cost more than the moving itself).
            int moved = 0;
            int already = 0;
            int elsewhere = 0;
            int[] failures = new int[n];
            int failed = 0;
            for (int i = 0; i < n; i++) {
                int s = status[from + i];
                if (s == target) {
                    if (wasThere[i]) {
                        already++;
                    } else {
                        moved++;
                    }
                } else if (s >= 0) {
                    elsewhere++;
                } else {
                    failures[failed++] = s;
                }
            }
            StatusTally.addTo(outcomes, failures, 0, failed);
            outcomes.add(MoveReport.MOVED, moved);
            outcomes.add(MoveReport.ALREADY, already);
            outcomes.add(MoveReport.NOT_MIGRATED, elsewhere);
            lastMovedPages = moved;
        }

        private void query(long[] addresses, int[] status, int from, int n) {
            calls++;
            sys.movePages(pid, addresses, null, status, from, n, 0);
        }

        /** Moves the pending pages once; returns how many are still worth another try (compacted). */
        private int moveOnce(long[] addresses, int[] status, int[] pending, int count) {
            long[] pages = new long[count];
            int[] nodes = new int[count];
            int[] st = new int[count];
            for (int k = 0; k < count; k++) {
                pages[k] = addresses[pending[k]];
                nodes[k] = target;
                st[k] = PageStatus.NOT_PROCESSED;
            }
            calls++;
            long r;
            try {
                r = sys.movePages(pid, pages, nodes, st, 0, count, flags);
            } catch (SyscallException e) {
                if (e.errno() != Errno.ENOMEM) {
                    throw e;
                }
                // The destination is full: the kernel failed the whole call and does not say which
                // pages it moved first. One page per call gives each page its own answer; a page the
                // failed call did move now reads as "on the target", and since the query before it
                // said it was not, the batch counts it as moved (not "already").
                r = pageByPage(pages, nodes, st, count);
            }
            boolean cutShort = r > 0;
            if (cutShort) {
                requeryUnprocessed(pages, st, count);
            }
            int retry = 0;
            for (int k = 0; k < count; k++) {
                int s = st[k];
                status[pending[k]] = s;
                // -EBUSY: still in a per-CPU LRU cache; a node other than the target: the kernel
                // cut the call short before or while handling it; -EFAULT/-ENOENT for a page the
                // query just found present: it was under migration (another mover, or the
                // kernel's compaction) at that instant. All are worth another try.
                if (s == -Errno.EBUSY.number() || (s >= 0 && s != target) || s == -Errno.EFAULT.number()
                        || s == -Errno.ENOENT.number()) {
                    pending[retry++] = pending[k];
                }
            }
            if (cutShort) {
                notMigrated += r;
            }
            return retry;
        }

        /**
         * Moves each page with a call of its own after a whole-call ENOMEM: a page that still gets
         * ENOMEM has it as its status (it stayed where it was). Returns the kernel's positive
         * returns summed, as one call would.
         */
        private long pageByPage(long[] pages, int[] nodes, int[] st, int count) {
            long notMoved = 0;
            for (int k = 0; k < count; k++) {
                calls++;
                try {
                    notMoved += sys.movePages(pid, pages, nodes, st, k, 1, flags);
                } catch (SyscallException e) {
                    if (e.errno() != Errno.ENOMEM) {
                        throw e;
                    }
                    st[k] = -Errno.ENOMEM.number();
                }
            }
            return notMoved;
        }

        /** Entries a cut-short call left unwritten: ask where those pages are now, in one query. */
        private void requeryUnprocessed(long[] pages, int[] st, int count) {
            int[] idx = new int[count];
            int m = 0;
            for (int k = 0; k < count; k++) {
                if (st[k] == PageStatus.NOT_PROCESSED) {
                    idx[m++] = k;
                }
            }
            if (m == 0) {
                return;
            }
            long[] q = new long[m];
            int[] qs = new int[m];
            for (int j = 0; j < m; j++) {
                q[j] = pages[idx[j]];
                qs[j] = PageStatus.NOT_PROCESSED;
            }
            calls++;
            sys.movePages(pid, q, null, qs, 0, m, 0);
            for (int j = 0; j < m; j++) {
                st[idx[j]] = qs[j];
            }
        }
    }

    /** Sleeps between batches so the moved bytes per second stay under the rate. */
    private static final class Throttle {
        private final long bytesPerSecond;
        private final int pageSize;
        private final long start = System.nanoTime();
        private long bytes;

        Throttle(long bytesPerSecond, int pageSize) {
            this.bytesPerSecond = bytesPerSecond;
            this.pageSize = pageSize;
        }

        void paceAfter(int movedPages) {
            if (bytesPerSecond == 0) {
                return;
            }
            bytes += (long) movedPages * pageSize;
            long due = start + (long) (bytes * 1e9 / bytesPerSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
