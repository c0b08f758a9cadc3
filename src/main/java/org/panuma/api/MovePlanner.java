package org.panuma.api;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.panuma.spi.NumaSyscalls;

/**
 * Finds the pages a move of a process requests, and where each one is, with one look at every
 * page: a region wholly in memory and wholly on one node (numa_maps says so, as for
 * {@code where}) needs no query at all; every other region that has pages is queried once,
 * chunk by chunk ({@code chunkPages}), so the target is never held for long. Pages on no node
 * (never touched, swapped out) have nothing to move and are counted apart, except when exact
 * addresses were asked: then every address is requested with the query's answer. With
 * {@code fromNodes}, only pages now on those nodes are requested.
 */
final class MovePlanner {
    private final NumaSyscalls sys;
    private final int pid;
    private final int chunkPages;

    MovePlanner(NumaSyscalls sys, int pid, int chunkPages) {
        this.sys = sys;
        this.pid = pid;
        this.chunkPages = chunkPages;
    }

    /**
     * @param resident pages per node of regions known to be wholly in memory, by start (numa_maps)
     */
    MovePlan plan(Selection sel, List<MemoryRegion> regions, Map<Long, Map<Integer, Long>> resident) {
        LongList pages = new LongList();
        IntList status = new IntList();
        long absent = 0;
        long queried = 0;
        for (MemoryRegion r : regions) {
            if (!sel.reaches(r)) {
                continue;
            }
            // numa_maps counts whole regions: it can stand for the query only where the range
            // (if any) takes the region whole.
            Map<Integer, Long> wholly = covers(sel.range(), r) ? resident.get(r.start()) : null;
            Integer onlyNode = wholly != null && wholly.size() == 1 ? wholly.keySet().iterator().next() : null;
            boolean query = sel.exactAddresses() || (r.migratable() && r.hasPages() && onlyNode == null);
            boolean skip = !sel.exactAddresses() && (!r.migratable() || !r.hasPages());
            for (long[] chunk : PageWalk.chunks(r, sel, chunkPages)) {
                if (skip) {
                    absent += chunk.length;
                    continue;
                }
                int[] st = new int[chunk.length];
                if (query) {
                    Arrays.fill(st, PageStatus.NOT_PROCESSED);
                    sys.movePages(pid, chunk, null, st, 0, chunk.length, 0);
                    queried += chunk.length;
                } else {
                    Arrays.fill(st, onlyNode);
                }
                for (int i = 0; i < chunk.length; i++) {
                    int s = st[i];
                    if (sel.exactAddresses()) {
                        if (sel.fromNodes() == null || (s >= 0 && sel.fromNodes().contains(s))) {
                            pages.add(chunk[i]);
                            status.add(s);
                        }
                    } else if (s < 0) {
                        absent++;
                    } else if (sel.fromNodes() == null || sel.fromNodes().contains(s)) {
                        pages.add(chunk[i]);
                        status.add(s);
                    }
                }
            }
        }
        if (sel.exactAddresses() && sel.regions().isEmpty()) {
            // Addresses in no mapping are requested too: the kernel answers EFAULT for each, and
            // a page asked for exactly is never dropped from the report.
            for (long start : sel.pagesOutside(regions, sys.pageSize())) {
                int[] st = {PageStatus.NOT_PROCESSED};
                sys.movePages(pid, new long[] {start}, null, st, 0, 1, 0);
                queried++;
                if (sel.fromNodes() == null || (st[0] >= 0 && sel.fromNodes().contains(st[0]))) {
                    pages.add(start);
                    status.add(st[0]);
                }
            }
        }
        return new MovePlan(pid, pages.toArray(), status.toArray(), absent, regions, new PageEntries(queried, 0));
    }

    private static boolean covers(AddressRange range, MemoryRegion r) {
        return range == null || (Long.compareUnsigned(range.start(), r.start()) <= 0
                && Long.compareUnsigned(range.end(), r.end()) >= 0);
    }

    /** A growable long array. */
    private static final class LongList {
        private long[] a = new long[1024];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] a = new int[1024];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
