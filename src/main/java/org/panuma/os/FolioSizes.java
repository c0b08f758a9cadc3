package org.panuma.os;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The folios behind a run of consecutive pages, by their real size: a base page is a folio of
 * one page; a large folio (a PMD-mapped THP, a multi-size THP of 16-256 KiB since 6.8, a hugetlb
 * page) is a compound page whose head has {@code KPF_COMPOUND_HEAD} and whose other pages have
 * {@code KPF_COMPOUND_TAIL} in /proc/kpageflags, at consecutive PFNs. Pure function over a
 * {@link PageSnapshot} (which needs root: PFNs are hidden otherwise).
 *
 * <p>A folio is counted by the part of it the run maps: a folio cut by the run's start or end,
 * or mapped only in part (after a partial munmap), counts as that many pages.
 */
public final class FolioSizes {
    private FolioSizes() {
    }

    /**
     * Folios by size in bytes, for the present pages of {@code snapshot}, whose addresses must be
     * consecutive pages of {@code pageSize}.
     *
     * @throws IllegalArgumentException when the snapshot has no page flags (PFNs hidden or
     *                                  /proc/kpageflags unreadable), naming what could not be read
     */
    public static SortedMap<Long, Long> count(PageSnapshot snapshot, long pageSize) {
        long[] flags = snapshot.kpageflags();
        if (flags == null) {
            throw new IllegalArgumentException("folio sizes need page flags; not readable: " + snapshot.unreadable());
        }
        SortedMap<Long, Long> bySize = new TreeMap<>();
        long pages = 0;
        long lastPfn = -1;
        for (int i = 0; i < flags.length; i++) {
            PagemapEntry e = snapshot.entry(i);
            if (!e.present() || e.pfn() == 0) {
                pages = flush(bySize, pages, pageSize);
                lastPfn = -1;
                continue;
            }
            boolean continues = KPageFlags.has(flags[i], KPageFlags.COMPOUND_TAIL) && pages > 0
                    && e.pfn() == lastPfn + 1;
            if (!continues) {
                pages = flush(bySize, pages, pageSize);
            }
            pages++;
            lastPfn = e.pfn();
        }
        flush(bySize, pages, pageSize);
        return bySize;
    }

    private static long flush(SortedMap<Long, Long> bySize, long pages, long pageSize) {
        if (pages > 0) {
            bySize.merge(pages * pageSize, 1L, Long::sum);
        }
        return 0;
    }
}
