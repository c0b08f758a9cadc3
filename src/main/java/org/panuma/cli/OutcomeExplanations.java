package org.panuma.cli;

import org.panuma.api.Outcome;
import org.panuma.spi.Errno;

/** One line of explanation and the fix for each outcome of a move, as the summary prints them. */
final class OutcomeExplanations {
    private OutcomeExplanations() {
    }

    static String explain(Outcome outcome) {
        if (outcome instanceof Outcome.Word w) {
            return explain(w);
        }
        Errno e = outcome instanceof Outcome.Failed f ? f.errno() : null;
        return e == null ? "" : explain(e);
    }

    private static String explain(Outcome.Word w) {
        return switch (w) {
            case MOVED -> "now on the target node";
            case ALREADY -> "was on the target node already: nothing to do";
            case NOT_MIGRATED -> "the kernel could not migrate it (counted in move_pages' return). Fix: retry later;"
                    + " pinned or locked pages (DMA, mlock) cannot move";
            case NOT_PROCESSED -> "not reached: the move was stopped (signal) or the target exited. Fix: run the move"
                    + " again";
            case ABSENT -> "nothing of the region is in memory";
        };
    }

    static String explain(Errno errno) {
        switch (errno) {
            case EFAULT:
                return "no movable page there (never touched on kernels before 6.12, zero page, or a special"
                        + " mapping). Nothing to move";
            case ENOENT:
                return "page not present (swapped out, never touched on 6.12+, or being migrated). Nothing to move"
                        + " now; touch or swap it in first";
            case EACCES:
                return "the page is shared with other processes (mapped more than once). Fix: --move-all, which"
                        + " needs CAP_SYS_NICE (root)";
            case EBUSY:
                return "the kernel could not isolate the page (still in a per-CPU LRU cache, or part of a huge page"
                        + " being moved), even after retries. Fix: run the move again";
            case ENOMEM:
                return "the target node has no free memory for it. Fix: free memory there or pick another node";
            case EIO:
                return "the page could not be written back before moving (dirty file page). Fix: sync, then retry";
            case EAGAIN:
                return "temporarily refused (page locked or under writeback). Fix: run the move again";
            case EHWPOISON:
                return "the page has a hardware memory error; it cannot move";
            default:
                return "";
        }
    }
}
