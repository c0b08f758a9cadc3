package org.panuma.api;

import java.util.Map;

/**
 * What a move did, page by page and in total.
 *
 * <p>Outcomes ({@link Outcome}): {@code moved} (now on the target, was not before), {@code already}
 * (was on the target), {@code notMigrated} (the kernel counted the page in its positive return: it
 * stayed where it was), {@code notProcessed} (the move stopped before reaching it), and errnos
 * (EFAULT, ENOENT, EACCES, EBUSY, ...). They add up to {@link #requestedPages()}.
 *
 * @param pid            the target process (0: the caller)
 * @param targetNode     where the pages were sent
 * @param addresses      the pages, in request order
 * @param status         per page: the node it is on afterwards, or a negated errno, or
 *                       {@link PageStatus#NOT_PROCESSED}
 * @param outcomes       pages per outcome key
 * @param notMigrated    the sum of move_pages' positive returns (never dropped)
 * @param stoppedEarly   true when the stop signal ended the move between batches
 * @param calls          move_pages calls made (queries included)
 * @param pageEntries    page entries those calls handed to the kernel, for queries and for moves
 * @param elapsedNanos   wall time of the move
 */
public record MoveReport(int pid, int targetNode, long[] addresses, int[] status, PageCounts outcomes,
                         long notMigrated, boolean stoppedEarly, long calls, PageEntries pageEntries,
                         long elapsedNanos) {
    /** Pages asked to move. <pre>{@code report.requestedPages()}</pre> */
    public long requestedPages() {
        return addresses.length;
    }

    /** Pages now on the target that were elsewhere. <pre>{@code report.moved()}</pre> */
    public long moved() {
        return outcomes.get(Outcome.MOVED);
    }

    /** Pages that were on the target already. <pre>{@code report.already()}</pre> */
    public long already() {
        return outcomes.get(Outcome.ALREADY);
    }

    /** Pages that are not on the target node afterwards. */
    public long failed() {
        return requestedPages() - moved() - already();
    }

    /** Pages per outcome (see the class comment). <pre>{@code report.outcomeMap().get(Outcome.errno(Errno.EBUSY))}</pre> */
    public Map<Outcome, Long> outcomeMap() {
        return outcomes.asMap();
    }
}
