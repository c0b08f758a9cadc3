package org.panuma.api;

import java.util.List;
import org.panuma.spi.NodeSet;

/**
 * Which pages of a process a query or move is about. Every part is optional; all given parts
 * must hold.
 *
 * @param regions   regions whose kind or path matches any of these (empty: every region)
 * @param range     only pages inside this range (null: anywhere)
 * @param addresses exactly these pages (null: every page of the selected regions)
 * @param fromNodes only pages now on these nodes (null: any node); moves only
 */
public record Selection(List<RegionFilter> regions, AddressRange range, long[] addresses, NodeSet fromNodes) {
    public Selection {
        regions = List.copyOf(regions);
    }

    /** Every page of the process. */
    public static Selection all() {
        return new Selection(List.of(), null, null, null);
    }

    public boolean selects(MemoryRegion r) {
        if (regions.isEmpty()) {
            return true;
        }
        for (RegionFilter f : regions) {
            if (f.matches(r)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the selection names any page of the region: it selects it and the range overlaps it. */
    public boolean reaches(MemoryRegion r) {
        return selects(r) && (range == null || (Long.compareUnsigned(r.start(), range.end()) < 0
                && Long.compareUnsigned(range.start(), r.end()) < 0));
    }

    /**
     * The pages of the exact addresses that lie in none of {@code regions} (and inside the range,
     * if one is given), each once, in the order asked: the kernel answers EFAULT for them, and a
     * page asked for exactly is never dropped from a report.
     */
    public List<Long> pagesOutside(List<MemoryRegion> regions, long pageSize) {
        if (addresses == null) {
            return List.of();
        }
        java.util.Set<Long> pages = new java.util.LinkedHashSet<>();
        for (long a : addresses) {
            long start = a & -pageSize;
            if (regions.stream().noneMatch(r -> r.contains(start)) && (range == null || range.contains(start))) {
                pages.add(start);
            }
        }
        return List.copyOf(pages);
    }

    public boolean exactAddresses() {
        return addresses != null;
    }
}
