package org.panuma.api;

import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.panuma.spi.NoSuchProcessException;
import org.panuma.os.NumaMapsEntry;
import org.panuma.os.ProcFs;
import org.panuma.spi.RegionKind;
import org.panuma.os.SmapsEntry;

/**
 * The placement of regions every page of which is in memory, from /proc/PID/numa_maps, so that
 * {@code where} need not query them page by page.
 *
 * <p>Why: move_pages in query mode costs ≈55 ns per page of the range (≈15 ms for 1 GiB on
 * native hardware, ≈47 ms on our build machines) where numa_maps, which numastat reads, costs
 * ≈21 ns per resident page: the kernel walks the same page tables and counts per node.
 *
 * <p>Why it is still page-exact: numa_maps counts each present page once, on the node
 * {@code page_to_nid} gives (fs/proc/task_mmu.c, gather_stats), which is what move_pages' query
 * answers for it (mm/migrate.c, do_pages_stat_array). Pages the walk skips (the shared zero page,
 * device pages, pages not present) are the ones move_pages answers with an errno. So when a
 * region's counts add up to every one of its pages, no page was skipped and the counts are the
 * query's answer; a region with any page short of that is queried as before, so absent pages
 * keep their errno. Only regions whose smaps Rss is their whole length are candidates (numa_maps
 * is not read at all without one); hugetlb regions, counted per huge page, are always queried
 * (one address per huge page is cheap). A region that changed between the two reads (another
 * start, another size, another page size) is queried too.
 */
final class WhollyResidentRegions {
    private WhollyResidentRegions() {
    }

    /**
     * Pages per node of each wholly resident region, by start address; empty when no region of
     * {@code smaps} qualifies or numa_maps cannot be read.
     */
    static Map<Long, Map<Integer, Long>> read(ProcFs proc, int pid, List<SmapsEntry> smaps, long basePageSize) {
        Map<Long, Long> candidates = new HashMap<>();
        for (SmapsEntry s : smaps) {
            if (isCandidate(s, basePageSize)) {
                candidates.put(s.mapping().start(), s.mapping().end() - s.mapping().start());
            }
        }
        if (candidates.isEmpty()) {
            return Map.of();
        }
        List<NumaMapsEntry> numaMaps;
        try {
            numaMaps = proc.numaMaps(pid);
        } catch (UncheckedIOException | NoSuchProcessException | IllegalArgumentException e) {
            // No numa_maps (a kernel without NUMA), or one that changed mid-read: every region
            // is queried instead, and a process that has exited is reported by the queries.
            return Map.of();
        }
        Map<Long, Map<Integer, Long>> out = new HashMap<>();
        for (NumaMapsEntry n : numaMaps) {
            Long length = candidates.get(n.start());
            if (length != null && n.kernelPageSize() == basePageSize && !n.huge()
                    && sum(n.pagesByNode()) * basePageSize == length) {
                out.put(n.start(), n.pagesByNode());
            }
        }
        return out;
    }

    private static boolean isCandidate(SmapsEntry s, long basePageSize) {
        long length = s.mapping().end() - s.mapping().start();
        boolean basePages = s.kernelPageSize() == 0 || s.kernelPageSize() == basePageSize;
        return s.mapping().kind() != RegionKind.HUGETLB && basePages && length > 0 && s.rss() == length
                && s.mapping().kind().migratable() && !s.deviceMapping();
    }

    private static long sum(Map<Integer, Long> byNode) {
        long n = 0;
        for (long v : byNode.values()) {
            n += v;
        }
        return n;
    }
}
