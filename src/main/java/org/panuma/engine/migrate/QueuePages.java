package org.panuma.engine.migrate;

import org.panuma.engine.model.Frames;
import org.panuma.engine.model.IntList;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.Mm;
import org.panuma.engine.model.PageFlags;
import org.panuma.engine.model.Pte;
import org.panuma.engine.model.Vma;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/**
 * mbind's page walk and migration: queue_pages_range with its test_walk, pte_range, hugetlb and
 * migrate_page_add callbacks, and the migrate_pages / putback_movable_pages step of do_mbind
 * (mm/mempolicy.c, 6.1).
 *
 * Kernel sources: [v6.1 mm/mempolicy.c queue_pages_range] [v6.1 mm/mempolicy.c queue_pages_test_walk] [v6.1 mm/mempolicy.c queue_folios_pte_range] [v6.1 mm/mempolicy.c migrate_folio_add]
 *
 * <pre>
 * queue_pages_test_walk(vma):
 *   first VMA starts after start, or a hole before end, without MPOL_MF_DISCONTIG_OK: -EFAULT
 *   !vma_migratable(vma) &amp;&amp; !STRICT: skip the VMA
 *   flags &amp; MPOL_MF_VALID: walk its pages, else skip
 * queue_pages_pte_range / queue_pages_hugetlb, per present page, not the zero page:
 *   node in nmask (MPOL_MF_INVERT: the page is where it belongs): next page
 *   MOVE or MOVE_ALL: !vma_migratable: unmovable, stop this VMA
 *                     migrate_page_add: MOVE_ALL or mapcount 1: isolate (fails under STRICT: unmovable);
 *                                       shared under MOVE: skipped silently
 *   STRICT alone: -EIO
 * queue_pages_range: no VMA met: -EFAULT; else the walk's -errno, 1 (unmovable), or 0
 * </pre>
 */
public final class QueuePages {
    private QueuePages() {
    }

    /** MPOL_MF_DISCONTIG_OK: internal flag, holes in the range are fine (MPOL_DEFAULT, migrate_to_node). */
    public static final int DISCONTIG_OK = 1 << 4;

    /**
     * queue_pages_range(mm, start, end, nmask, flags | MPOL_MF_INVERT, pagelist): queues the pages of
     * [start, end) that are not on {@code nmask}.
     *
     * @return 0, 1 (a misplaced page could not be queued under STRICT), or -EFAULT / -EIO
     */
    public static int queue(Machine m, Mm mm, long start, long end, NodeSet nmask, int flags, IntList pagelist) {
        boolean discontigOk = (flags & DISCONTIG_OK) != 0;
        boolean strict = (flags & Mpol.MPOL_MF_STRICT) != 0;
        boolean move = (flags & (Mpol.MPOL_MF_MOVE | Mpol.MPOL_MF_MOVE_ALL)) != 0;
        Vma first = null;
        boolean unmovable = false;
        long expect = start;
        for (Vma vma = mm.findVma(start); vma != null && vma.start() < end; vma = mm.findVma(vma.end())) {
            if (!discontigOk && vma.start() > expect) {
                m.trace().note("mbind: hole at 0x" + Long.toHexString(expect) + " before " + vma);
                return Rc.EFAULT; // hole at head or middle of the range
            }
            if (first == null) {
                first = vma;
            }
            expect = vma.end();
            if (!vma.migratable(m.profile()) && !strict) {
                continue;
            }
            if ((flags & (Mpol.MPOL_MF_STRICT | Mpol.MPOL_MF_MOVE | Mpol.MPOL_MF_MOVE_ALL)) == 0) {
                continue;
            }
            int from = vma.slot(Math.max(start, vma.start()));
            int to = vma.slot(Math.min(end, vma.end()) - 1);
            int r = walkVma(m, vma, from, to, nmask, flags, strict, move, pagelist);
            if (r < 0) {
                return r;
            }
            unmovable |= r > 0;
        }
        if (first == null) {
            m.trace().note("mbind: no VMA in [0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(end) + ")");
            return Rc.EFAULT;
        }
        if (!discontigOk && expect < end) {
            m.trace().note("mbind: hole at 0x" + Long.toHexString(expect) + " at the end of the range");
            return Rc.EFAULT;
        }
        return unmovable ? 1 : 0;
    }

    private static int walkVma(Machine m, Vma vma, int from, int to, NodeSet nmask, int flags, boolean strict,
                               boolean move, IntList pagelist) {
        Frames f = m.frames();
        boolean all = (flags & Mpol.MPOL_MF_MOVE_ALL) != 0;
        for (int s = from; s <= to; s++) {
            int pte = vma.pte(s);
            if (!Pte.isPresent(pte)) {
                continue;
            }
            int pfn = Pte.pfn(pte);
            if (f.test(pfn, PageFlags.ZERO | PageFlags.RESERVED)) {
                continue; // vm_normal_page filters the zero page; PageReserved is skipped
            }
            if (f.nrPages(pfn) > 1 && pagelist.contains(pfn)) {
                continue; // another base page of a huge page already queued
            }
            if (nmask.contains(f.node(pfn))) {
                continue; // queue_pages_required with MPOL_MF_INVERT: already on an allowed node
            }
            if (!move) {
                m.trace().note("mbind: " + vma + " page " + s + " is on node " + f.node(pfn) + ", outside " + nmask
                        + " (MPOL_MF_STRICT)");
                return Rc.EIO;
            }
            if (!vma.migratable(m.profile())) {
                return 1;
            }
            if (all || f.mapcount(pfn) == 1) {
                if (IsolateLruPage.isolate(m, pfn) == Rc.SUCCESS) {
                    pagelist.add(pfn);
                    NrIsolated.mod(m, pfn, +1);
                } else if (strict) {
                    return 1; // migrate_page_add: -EIO, counted as unmovable
                }
            }
        }
        return 0;
    }

    /**
     * do_mbind's migration: migrate_pages(pagelist, new_page, ..., MIGRATE_SYNC, MR_MEMPOLICY_MBIND);
     * on failure putback_movable_pages.
     *
     * @return nr_failed
     */
    public static int migrate(Machine m, IntList pagelist, MigrationTarget newPage) {
        if (pagelist.isEmpty()) {
            return 0;
        }
        int cpu = m.current().cpu();
        int failed = MigratePages.migrate(m, pagelist, newPage, cpu);
        if (failed != 0) {
            PutbackLruPages.putbackMovable(m, pagelist, cpu);
        }
        return failed;
    }
}
