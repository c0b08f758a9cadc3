package org.panuma.api;

/**
 * What a move of a process's pages did, with residency before and after.
 *
 * @param move          the pages moved, page by page and by outcome (moved, already, errno names,
 *                      notMigrated, notProcessed: they add up to the requested pages)
 * @param before        where the requested pages were before the move, per node
 * @param after         where they are afterwards, per node (and errno for pages gone meanwhile)
 * @param absentPages   pages of the selection that were on no node before (never touched,
 *                      swapped out): nothing to move, so not requested
 * @param targetExited  the target exited (ESRCH) during the move: the report covers what was done
 *                      before that
 * @param threads       threads that moved disjoint parts in parallel
 * @param pageEntries   page entries handed to the kernel by the plan and the move together
 */
public record ProcessMoveReport(MoveReport move, PageCounts before, PageCounts after, long absentPages,
                                boolean targetExited, int threads, PageEntries pageEntries) {
}
