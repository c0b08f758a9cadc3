package org.panuma.api;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a process's selected memory lives: one entry per region, and totals.
 *
 * @param pid          the process
 * @param basePageSize the base page size, the unit of {@link #totalBasePagesByNode()}
 * @param regions      the regions the selection names, in address order
 * @param elapsedNanos wall time of gathering it: reading smaps and querying the pages (0 when
 *                     not measured)
 */
public record ProcessPlacement(int pid, long basePageSize, List<RegionPlacement> regions, long elapsedNanos) {
    public ProcessPlacement {
        regions = List.copyOf(regions);
    }

    /** A placement whose gathering was not timed. */
    public ProcessPlacement(int pid, long basePageSize, List<RegionPlacement> regions) {
        this(pid, basePageSize, regions, 0);
    }

    /** Base pages per node over all regions (a 2 MiB huge page counts as 512 pages of 4 KiB). */
    public Map<Integer, Long> totalBasePagesByNode() {
        Map<Integer, Long> m = new TreeMap<>();
        for (RegionPlacement r : regions) {
            long factor = r.region().pageSize() / basePageSize;
            r.placement().byNode().forEach((node, n) -> m.merge(node, n * factor, Long::sum));
        }
        return m;
    }

    public Map<Integer, Long> totalBytesByNode() {
        Map<Integer, Long> m = new TreeMap<>();
        totalBasePagesByNode().forEach((node, n) -> m.put(node, n * basePageSize));
        return m;
    }

    /** Base pages on no node. */
    public long totalAbsentBasePages() {
        long n = 0;
        for (RegionPlacement r : regions) {
            n += r.absentPages() * (r.region().pageSize() / basePageSize);
        }
        return n;
    }
}
