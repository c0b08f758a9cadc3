package org.panuma.api;

import java.util.List;

/**
 * The pages a move of a process would request, found before anything moves (move_pages queries:
 * read only), so that a prediction and the move itself work on the same list.
 *
 * @param pid         the target process
 * @param pages       the pages to request, in order
 * @param status      per page, where it was found (node), or the query's errno, negated
 * @param absentPages pages of the selection on no node (never touched, swapped out): not requested
 * @param regions     the process's regions when the plan was made, in address order
 * @param pageEntries page entries the plan's queries handed to the kernel
 */
public record MovePlan(int pid, long[] pages, int[] status, long absentPages, List<MemoryRegion> regions,
                       PageEntries pageEntries) {
    public MovePlan {
        if (pages.length != status.length) {
            throw new IllegalArgumentException(pages.length + " pages but " + status.length + " statuses");
        }
        regions = List.copyOf(regions);
    }

    /** Pages per node (and errno) before the move. */
    public PageCounts before() {
        PageCounts c = new PageCounts();
        c.addStatuses(status);
        return c;
    }
}
