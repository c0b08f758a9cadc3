package org.panuma.api;

import java.util.Map;

/**
 * What a move did, page by page and in total.
 *
 * <p>Outcome keys: {@code moved} (now on the target, was not before), {@code already} (was on the
 * target), {@code notMigrated} (the kernel counted the page in its positive return: it stayed
 * where it was), {@code notProcessed} (the move stopped before reaching it), and errno names
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
    public static final String MOVED = "moved";
    public static final String ALREADY = "already";
    public static final String NOT_MIGRATED = "notMigrated";
    public static final String NOT_PROCESSED = "notProcessed";

    /** Pages asked to move. <pre>{@code report.requestedPages()}</pre> */
    public long requestedPages() {
        return addresses.length;
    }

    /** Pages now on the target that were elsewhere. <pre>{@code report.moved()}</pre> */
    public long moved() {
        return outcomes.get(MOVED);
    }

    /** Pages that were on the target already. <pre>{@code report.already()}</pre> */
    public long already() {
        return outcomes.get(ALREADY);
    }

    /** Pages that are not on the target node afterwards. */
    public long failed() {
        return requestedPages() - moved() - already();
    }

    /** Pages per outcome key (see the class comment). <pre>{@code report.outcomeMap().get("EBUSY")}</pre> */
    public Map<String, Long> outcomeMap() {
        return outcomes.asMap();
    }
}
