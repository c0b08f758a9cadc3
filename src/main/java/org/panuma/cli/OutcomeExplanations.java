package org.panuma.cli;

import org.panuma.api.MoveReport;

/** One line of explanation and the fix for each outcome of a move, as the summary prints them. */
final class OutcomeExplanations {
    private OutcomeExplanations() {
    }

    static String explain(String outcome) {
        switch (outcome) {
            case MoveReport.MOVED:
                return "now on the target node";
            case MoveReport.ALREADY:
                return "was on the target node already: nothing to do";
            case MoveReport.NOT_MIGRATED:
                return "the kernel could not migrate it (counted in move_pages' return). Fix: retry later; pinned"
                        + " or locked pages (DMA, mlock) cannot move";
            case MoveReport.NOT_PROCESSED:
                return "not reached: the move was stopped (signal) or the target exited. Fix: run the move again";
            case "EFAULT":
                return "no movable page there (never touched on kernels before 6.12, zero page, or a special"
                        + " mapping). Nothing to move";
            case "ENOENT":
                return "page not present (swapped out, never touched on 6.12+, or being migrated). Nothing to move"
                        + " now; touch or swap it in first";
            case "EACCES":
                return "the page is shared with other processes (mapped more than once). Fix: --move-all, which"
                        + " needs CAP_SYS_NICE (root)";
            case "EBUSY":
                return "the kernel could not isolate the page (still in a per-CPU LRU cache, or part of a huge page"
                        + " being moved), even after retries. Fix: run the move again";
            case "ENOMEM":
                return "the target node has no free memory for it. Fix: free memory there or pick another node";
            case "EIO":
                return "the page could not be written back before moving (dirty file page). Fix: sync, then retry";
            case "EAGAIN":
                return "temporarily refused (page locked or under writeback). Fix: run the move again";
            case "EHWPOISON":
                return "the page has a hardware memory error; it cannot move";
            default:
                return "";
        }
    }
}
