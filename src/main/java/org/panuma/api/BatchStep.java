package org.panuma.api;

import org.panuma.spi.Errno;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.SyscallException;

/**
 * One batch of a move, in three steps: move the pages that are not on the target yet (one
 * move_pages call), retry the ones the kernel could not take yet, and account every page of the
 * batch as moved, already there, not migrated, or its errno. Where each page was before comes
 * from the caller's plan when it has one (the plan's query, or numa_maps), so a planned page
 * passes the kernel once here; without a plan the batch is queried first.
 *
 * <p>A whole-call ENOMEM (destination full) is retried page by page, so that each page gets its
 * own outcome and the pages the failed call did move are counted as moved. Pages that came back
 * -EBUSY, or were left unprocessed by a call the kernel cut short, are tried again a bounded
 * number of times.
 *
 * <p>A batch whose every page is to move (the usual one) is handed to the kernel where it lies in
 * the move's arrays, and when every page lands, counted without a page-by-page pass: see
 * {@link #moveInPlace}.
 *
 * <p>One instance per worker thread: it keeps that worker's counts of calls and page entries.
 * Every batch asks the {@link Guard} once, before the kernel sees it, whether the target is still
 * the process the move is for: a batch that calls the kernel asks {@link Guard#pidLost} (the
 * kernel's own answer, ESRCH or EINVAL, tells a target that exited but keeps its pid), a batch
 * whose pages are all on the target already makes no call and asks {@link Guard#targetGone}, so
 * that a move can tell that its target had gone without any call.
 */
final class BatchStep {
    private final NumaSyscalls sys;
    private final int pid;
    private final int target;
    private final int flags;
    private final int retries;
    private final Guard guard;
    /** The target node at every index of the move's page list: the nodes argument of an in-place call. */
    private final int[] targetNodes;
    /**
     * The caller's plan put every page on a node other than the target: each batch goes to the
     * kernel where it lies without looking at its statuses first ({@link #allToMove}).
     */
    private final boolean everyPageToMove;
    long notMigrated;
    long calls;
    long queriedEntries;
    long movedEntries;

    /** Asked once per batch, before the kernel sees it. */
    @FunctionalInterface
    interface Guard {
        /** No check: the kernel's ESRCH is the only sign of a target gone. */
        Guard NONE = () -> false;

        /** True when the target is gone (or is no longer the process the move was planned for). */
        boolean targetGone();

        /**
         * Asked instead of {@link #targetGone()} before a batch that calls the kernel: true when
         * the pid may name another process now. A target that exited but still holds its pid
         * may pass: the kernel answers the call EINVAL once the target's memory is gone (the
         * step then asks {@link #targetGone()}), or ESRCH once it is reaped. This is the cheaper question where
         * a pidfd answers it ({@link TargetIdentity#pidStillNamesTarget()}); by default the same.
         */
        default boolean pidLost() {
            return targetGone();
        }
    }

    /** The target went away: the batch that found it out has no outcome. */
    static final class TargetGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TargetGone(SyscallException esrch) {
            super(esrch == null ? "the target process is gone" : esrch.getMessage(), esrch, false, false);
        }

        /** The kernel's ESRCH, or null when the guard found the target gone before any call. */
        SyscallException esrch() {
            return (SyscallException) getCause();
        }
    }

    /**
     * @param targetNodes     {@code target} at every index of the move's page list (read only, may
     *                        be shared by the workers of one move)
     * @param everyPageToMove the plan (the {@code before} statuses of {@link #run}) has every page
     *                        on a node other than {@code target}
     */
    BatchStep(NumaSyscalls sys, int pid, int target, int[] targetNodes, boolean everyPageToMove, int flags,
              int retries, Guard guard) {
        this.guard = guard;
        this.targetNodes = targetNodes;
        this.everyPageToMove = everyPageToMove;
        this.sys = sys;
        this.pid = pid;
        this.target = target;
        this.flags = flags;
        this.retries = retries;
    }

    /**
     * Moves {@code addresses[from, from + n)} and writes each page's outcome into the same range of
     * {@code status}.
     *
     * @param before   where each page was (node or negated errno), or null to query the batch first
     * @param outcomes receives the batch's pages by outcome
     * @return pages of the batch that moved (for the throttle and the progress)
     * @throws TargetGone when the guard or the kernel (ESRCH, or EINVAL for a target the guard then
     *                    finds gone) tells the target gone; the batch's statuses are then left as
     *                    not processed and nothing is counted
     */
    int run(long[] addresses, int[] before, int[] status, int from, int n, PageCounts outcomes) {
        try {
            return moveAndAccount(addresses, before, status, from, n, outcomes);
        } catch (SyscallException e) {
            // Once its mm is gone (a zombie, or mid-exit) the kernel answers EINVAL, not ESRCH: the
            // target is gone all the same, and what already moved must still be reported.
            if (e.errno() != Errno.ESRCH && !(e.errno() == Errno.EINVAL && guard.targetGone())) {
                throw e;
            }
            IntFill.fill(status, from, from + n, PageStatus.NOT_PROCESSED);
            throw new TargetGone(e);
        } catch (TargetGone e) {
            IntFill.fill(status, from, from + n, PageStatus.NOT_PROCESSED);
            throw e;
        }
    }

    /** The batch's one question to the guard, before the kernel sees the batch. */
    private void checkTarget(boolean callsKernel) {
        if (callsKernel ? guard.pidLost() : guard.targetGone()) {
            throw new TargetGone(null);
        }
    }

    private int moveAndAccount(long[] addresses, int[] before, int[] status, int from, int n, PageCounts outcomes) {
        if (before != null && everyPageToMove) {
            checkTarget(true);
            return moveWhole(addresses, status, from, n, outcomes);
        }
        if (before == null) {
            checkTarget(true);
            query(addresses, status, from, n);
        } else {
            System.arraycopy(before, from, status, from, n);
        }
        if (allToMove(status, from, n)) {
            if (before != null) {
                checkTarget(true);
            }
            return moveWhole(addresses, status, from, n, outcomes);
        }
        boolean[] wasThere = new boolean[n];
        int[] pending = new int[n];
        int pendingCount = 0;
        for (int i = 0; i < n; i++) {
            int s = status[from + i];
            wasThere[i] = s == target;
            // Pages on no node (never touched, swapped, unmapped) have nothing to move; everything
            // else is handed to the kernel, which alone knows about sharing and pinning.
            if (!wasThere[i] && s >= 0) {
                pending[pendingCount++] = from + i;
            }
        }
        if (before != null) {
            checkTarget(pendingCount > 0);
        }
        return retryAndAccount(addresses, status, from, n, wasThere, pending, pendingCount, 0, outcomes);
    }

    /** A batch whose every page is to move: one call where it lies, then retries if some did not land. */
    private int moveWhole(long[] addresses, int[] status, int from, int n, PageCounts outcomes) {
        if (moveInPlace(addresses, status, from, n)) {
            outcomes.add(Outcome.MOVED, n);
            return n;
        }
        int[] pending = new int[n];
        int pendingCount = 0;
        for (int i = from; i < from + n; i++) {
            if (worthRetrying(status[i])) {
                pending[pendingCount++] = i;
            }
        }
        return retryAndAccount(addresses, status, from, n, new boolean[n], pending, pendingCount, 1, outcomes);
    }

    /** Tries the pending pages again from attempt {@code attempt} on, then accounts the whole batch. */
    private int retryAndAccount(long[] addresses, int[] status, int from, int n, boolean[] wasThere, int[] pending,
                                int pendingCount, int attempt, PageCounts outcomes) {
        for (int a = attempt; pendingCount > 0 && a <= retries; a++) {
            pendingCount = moveOnce(addresses, status, pending, pendingCount);
        }
        return account(status, from, n, wasThere, outcomes);
    }

    /** True when every page of the batch is on a node, none of them on the target: all are to move. */
    private boolean allToMove(int[] status, int from, int n) {
        int t = target;
        for (int i = from, end = from + n; i < end; i++) {
            int s = status[i];
            if (s < 0 || s == t) {
                return false;
            }
        }
        return true;
    }

    /**
     * Counted in ints and added once per batch: a keyed add per page was most of the Java side of
     * a move (interpreted, under TCG, it cost more than the moving itself).
     */
    private int account(int[] status, int from, int n, boolean[] wasThere, PageCounts outcomes) {
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
        outcomes.addStatuses(failures, 0, failed);
        outcomes.add(Outcome.MOVED, moved);
        outcomes.add(Outcome.ALREADY, already);
        outcomes.add(Outcome.NOT_MIGRATED, elsewhere);
        return moved;
    }

    private void query(long[] addresses, int[] status, int from, int n) {
        calls++;
        queriedEntries += n;
        sys.movePages(pid, addresses, null, status, from, n, 0);
    }

    /**
     * Moves a whole batch with one call over the move's own arrays, {@code [from, from + n)}:
     * nothing is gathered or scattered, and the statuses land where the batch accounts them.
     * True when every page is on the target now. A move's timed phase runs mostly before the JIT
     * has compiled it, so each per-page loop is interpreted, and under emulation (the NUMA guests)
     * the general path's four loops over a batch cost a visible share of the kernel's own time for
     * it; this path has one, plus {@link #allToMove} when the plan did not already say that every
     * page is to move.
     */
    private boolean moveInPlace(long[] addresses, int[] status, int from, int n) {
        IntFill.fill(status, from, from + n, PageStatus.NOT_PROCESSED);
        call(addresses, targetNodes, status, from, n);
        int t = target;
        for (int i = from, end = from + n; i < end; i++) {
            if (status[i] != t) {
                return false;
            }
        }
        return true;
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
        call(pages, nodes, st, 0, count);
        int retry = 0;
        for (int k = 0; k < count; k++) {
            int s = st[k];
            status[pending[k]] = s;
            if (worthRetrying(s)) {
                pending[retry++] = pending[k];
            }
        }
        return retry;
    }

    /**
     * -EBUSY: still in a per-CPU LRU cache; a node other than the target: the kernel cut the call
     * short before or while handling it; -EFAULT/-ENOENT for a page found present before: it was
     * under migration (another mover, or the kernel's compaction) at that instant. All are worth
     * another try.
     */
    private boolean worthRetrying(int s) {
        return s == -Errno.EBUSY.number() || (s >= 0 && s != target) || s == -Errno.EFAULT.number()
                || s == -Errno.ENOENT.number();
    }

    /**
     * One move_pages call over {@code [offset, offset + count)} of the arrays, with its whole-call
     * ENOMEM answered page by page and the entries a cut-short call left unwritten asked again.
     */
    private void call(long[] pages, int[] nodes, int[] st, int offset, int count) {
        calls++;
        movedEntries += count;
        long r;
        try {
            r = sys.movePages(pid, pages, nodes, st, offset, count, flags);
        } catch (SyscallException e) {
            if (e.errno() != Errno.ENOMEM) {
                throw e;
            }
            // The destination is full: the kernel failed the whole call and does not say which
            // pages it moved first. One page per call gives each page its own answer; a page the
            // failed call did move now reads as "on the target", and since it was not there
            // before, the batch counts it as moved (not "already").
            r = pageByPage(pages, nodes, st, offset, count);
        }
        if (r > 0) {
            requeryUnprocessed(pages, st, offset, count);
            notMigrated += r;
        }
    }

    /**
     * Moves each page with a call of its own after a whole-call ENOMEM: a page that still gets
     * ENOMEM has it as its status (it stayed where it was). Returns the kernel's positive
     * returns summed, as one call would.
     */
    private long pageByPage(long[] pages, int[] nodes, int[] st, int offset, int count) {
        long notMoved = 0;
        for (int k = offset; k < offset + count; k++) {
            calls++;
            movedEntries++;
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
    private void requeryUnprocessed(long[] pages, int[] st, int offset, int count) {
        int[] idx = new int[count];
        int m = 0;
        for (int k = offset; k < offset + count; k++) {
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
        queriedEntries += m;
        sys.movePages(pid, q, null, qs, 0, m, 0);
        for (int j = 0; j < m; j++) {
            st[idx[j]] = qs[j];
        }
    }
}
