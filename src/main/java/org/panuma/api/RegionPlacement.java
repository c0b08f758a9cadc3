package org.panuma.api;

/**
 * Where one region's selected pages are.
 *
 * @param region        the region
 * @param pagesSelected pages of the region's page size the selection names in it
 * @param placement     pages per node, and per errno for pages on no node (EFAULT: never touched
 *                      on kernels before 6.12; ENOENT: not present, swapped, or never touched on
 *                      6.12+). Pages of regions with nothing in memory are counted as "absent"
 *                      without a query.
 * @param pageAddresses the pages asked for, when exact addresses were asked; else null
 * @param pages         their status words (node or negated errno), parallel to pageAddresses
 */
public record RegionPlacement(MemoryRegion region, long pagesSelected, PageCounts placement, long[] pageAddresses,
                              int[] pages) {
    /** Pages on no node: never touched, swapped out, or in a region with nothing in memory. */
    public long absentPages() {
        return pagesSelected - placement.byNode().values().stream().mapToLong(Long::longValue).sum();
    }
}
