package org.panuma.api;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The folios of one region by their real size (bytes to count), as {@code where --folios} shows
 * them: base pages, multi-size THP (16 KiB to 1 MiB, Linux 6.8+), PMD-sized THP, hugetlb pages.
 * Read from /proc/PID/pagemap and /proc/kpageflags, which need root; otherwise {@link #bySize()} is
 * empty and {@link #unavailable()} says why.
 *
 * @param region      the region
 * @param bySize      folio size in bytes to the number of such folios the region maps
 * @param unavailable null when read, else what could not be read and why
 */
public record FolioCensus(MemoryRegion region, SortedMap<Long, Long> bySize, String unavailable) {
    public FolioCensus {
        bySize = Collections.unmodifiableSortedMap(new TreeMap<>(bySize));
    }

    /** Pages of {@code basePageSize} the counted folios hold. */
    public long basePages(long basePageSize) {
        return bySize.entrySet().stream().mapToLong(e -> e.getKey() / basePageSize * e.getValue()).sum();
    }
}
