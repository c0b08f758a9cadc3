package org.panuma.api;

import java.util.ArrayList;
import java.util.List;
import org.panuma.engine.predict.ProcessSnapshot;
import org.panuma.os.KPageFlags;
import org.panuma.os.PageSnapshot;
import org.panuma.os.PagemapEntry;
import org.panuma.spi.Errno;
import org.panuma.spi.NodeSet;

/**
 * Turns what the OS layer read of a live process into the engine's {@link ProcessSnapshot}. Pure:
 * no I/O. Per page:
 * <ul>
 *   <li>presence: pagemap's present and swapped bits (pagemap is always readable for a process
 *       panuma may move);</li>
 *   <li>node: move_pages' own query (nodes == NULL, read only), else unknown;</li>
 *   <li>zero page: KPF_ZERO_PAGE; without kpageflags, a page the query placed on a node is not the
 *       zero page, and a present page the query refused with -EFAULT is (that is the query's only
 *       refusal of a present page); else unknown;</li>
 *   <li>map count: kpagecount; without it, pagemap's "exclusively mapped" bit: 1, or 2 standing
 *       for "more than one" (move_pages only asks whether it is more than one);</li>
 *   <li>LRU and THP: KPF_LRU and KPF_THP, else unknown.</li>
 * </ul>
 * Mappings are clipped to the pages looked at (runs closer than {@link #MERGE_GAP_PAGES} share
 * one clipped mapping): move_pages' outcome for a page depends only on the mapping holding it, and
 * a clipped copy keeps the engine's page tables small for processes with huge reservations.
 */
final class SnapshotConverter {
    /** Looked-at pages closer than this share one clipped mapping. */
    static final long MERGE_GAP_PAGES = 64;

    private SnapshotConverter() {
    }

    /**
     * @param pages       pagemap (and kpageflags/kpagecount where read) of the pages, in any order
     * @param queried     per page, the move_pages query's status (node, or negated errno)
     * @param regions     the process's mappings, in address order
     * @param memsAllowed the target's Mems_allowed_list
     * @param withMemory  the machine's nodes with memory
     * @param pageSize    the base page size
     */
    static ProcessSnapshot convert(PageSnapshot pages, int[] queried, List<MemoryRegion> regions,
                                          NodeSet memsAllowed, NodeSet withMemory, long pageSize) {
        long[] addrs = pages.addresses();
        if (queried.length != addrs.length) {
            throw new IllegalArgumentException(addrs.length + " pages but " + queried.length + " query statuses");
        }
        List<List<ProcessSnapshot.Page>> perRegion = new ArrayList<>();
        for (int r = 0; r < regions.size(); r++) {
            perRegion.add(new ArrayList<>());
        }
        for (int i = 0; i < addrs.length; i++) {
            long page = addrs[i] & -pageSize;
            int r = regionOf(regions, page);
            if (r >= 0) {
                perRegion.get(r).add(page(pages, queried, i, page));
            }
        }
        List<ProcessSnapshot.Region> out = new ArrayList<>();
        for (int r = 0; r < regions.size(); r++) {
            List<ProcessSnapshot.Page> ps = perRegion.get(r);
            if (!ps.isEmpty()) {
                clip(regions.get(r), ps, pageSize, out);
            }
        }
        return new ProcessSnapshot(memsAllowed, withMemory, out);
    }

    /** The engine's kind of a mapping. */
    static ProcessSnapshot.Kind kind(MemoryRegion r) {
        if (r.kind() == org.panuma.spi.RegionKind.VDSO) {
            // [vdso] is an ordinary VMA to move_pages (vma_migratable holds) over kernel pages that
            // are in no LRU list and mapped by every process: the kernel answers like for a shared
            // file page that cannot be isolated, not EFAULT as for [vvar]'s VM_PFNMAP.
            return ProcessSnapshot.Kind.FILE;
        }
        if (!r.migratable()) {
            return ProcessSnapshot.Kind.IO_OR_PFNMAP;
        }
        switch (r.kind()) {
            case HUGETLB: return ProcessSnapshot.Kind.HUGETLB;
            case SHM: return ProcessSnapshot.Kind.SHMEM;
            case FILE: return ProcessSnapshot.Kind.FILE;
            default: return ProcessSnapshot.Kind.ANON;
        }
    }

    private static ProcessSnapshot.Page page(PageSnapshot s, int[] queried, int i, long address) {
        PagemapEntry e = s.entry(i);
        if (!e.present()) {
            return new ProcessSnapshot.Page(address, e.swapped() ? ProcessSnapshot.Presence.SWAPPED
                    : ProcessSnapshot.Presence.NOT_PRESENT, null, null, null, null, null);
        }
        int q = queried[i];
        Integer node = q >= 0 ? q : null;
        boolean framesRead = e.pfn() != 0;
        Boolean zero;
        Boolean lru = null;
        Boolean thp = null;
        Boolean ksm = null;
        Integer mapcount;
        if (framesRead && s.kpageflags() != null) {
            long f = s.kpageflags()[i];
            zero = KPageFlags.has(f, KPageFlags.ZERO_PAGE);
            lru = KPageFlags.has(f, KPageFlags.LRU);
            thp = KPageFlags.has(f, KPageFlags.THP);
            ksm = KPageFlags.has(f, KPageFlags.KSM);
        } else if (q >= 0) {
            zero = false;
        } else if (q == -Errno.EFAULT.number()) {
            zero = true;
        } else {
            zero = null;
        }
        if (framesRead && s.kpagecount() != null) {
            mapcount = (int) Math.min(Integer.MAX_VALUE, s.kpagecount()[i]);
        } else {
            mapcount = e.exclusivelyMapped() ? 1 : 2;
        }
        return new ProcessSnapshot.Page(address, ProcessSnapshot.Presence.PRESENT, node, mapcount, zero, lru, thp, ksm);
    }

    private static void clip(MemoryRegion r, List<ProcessSnapshot.Page> ps, long pageSize,
                             List<ProcessSnapshot.Region> out) {
        ps.sort((a, b) -> Long.compareUnsigned(a.address(), b.address()));
        long align = Math.max(pageSize, r.pageSize());
        ProcessSnapshot.Kind kind = kind(r);
        int from = 0;
        for (int i = 1; i <= ps.size(); i++) {
            boolean split = i == ps.size()
                    || ps.get(i).address() - ps.get(i - 1).address() > MERGE_GAP_PAGES * align;
            if (split) {
                long start = Math.max(r.start(), ps.get(from).address() & -align);
                long end = Math.min(r.end(), (ps.get(i - 1).address() & -align) + align);
                List<ProcessSnapshot.Page> run = new ArrayList<>();
                long last = -1;
                for (ProcessSnapshot.Page p : ps.subList(from, i)) {
                    if (p.address() != last) {
                        run.add(p);
                        last = p.address();
                    }
                }
                out.add(new ProcessSnapshot.Region(start, end, kind, run));
                from = i;
            }
        }
    }

    private static int regionOf(List<MemoryRegion> regions, long address) {
        int lo = 0;
        int hi = regions.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            MemoryRegion m = regions.get(mid);
            if (Long.compareUnsigned(address, m.start()) < 0) {
                hi = mid - 1;
            } else if (Long.compareUnsigned(address, m.end()) >= 0) {
                lo = mid + 1;
            } else {
                return mid;
            }
        }
        return -1;
    }
}
