package org.panuma.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pages a selection names in one region, one address per page of the region's page size
 * (one per huge page for hugetlb), handed out in chunks so no query holds the target long.
 */
final class PageWalk {
    private PageWalk() {
    }

    /** The addresses of the region's pages that the selection names, in ascending order. */
    static List<long[]> chunks(MemoryRegion r, Selection sel, int chunkPages) {
        List<long[]> out = new ArrayList<>();
        long ps = r.pageSize();
        if (sel.exactAddresses()) {
            long[] inside = Arrays.stream(sel.addresses()).filter(r::contains)
                    .filter(a -> sel.range() == null || sel.range().contains(a))
                    .map(a -> a - Long.remainderUnsigned(a - r.start(), ps)).toArray();
            for (int from = 0; from < inside.length; from += chunkPages) {
                out.add(Arrays.copyOfRange(inside, from, Math.min(inside.length, from + chunkPages)));
            }
            return out;
        }
        long start = r.start();
        long end = r.end();
        if (sel.range() != null) {
            if (Long.compareUnsigned(sel.range().start(), start) > 0) {
                long off = sel.range().start() - start;
                start += off - Long.remainderUnsigned(off, ps);
            }
            if (Long.compareUnsigned(sel.range().end(), end) < 0) {
                end = sel.range().end();
            }
            if (Long.compareUnsigned(start, end) >= 0) {
                return out;
            }
        }
        long pages = Long.divideUnsigned(end - start + ps - 1, ps);
        for (long from = 0; from < pages; from += chunkPages) {
            int n = (int) Math.min(chunkPages, pages - from);
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                a[i] = start + (from + i) * ps;
            }
            out.add(a);
        }
        return out;
    }

    /** How many pages the selection names in the region, without making the addresses. */
    static long count(MemoryRegion r, Selection sel) {
        long n = 0;
        for (long[] c : chunks(r, sel, Integer.MAX_VALUE - 8)) {
            n += c.length;
        }
        return n;
    }
}
