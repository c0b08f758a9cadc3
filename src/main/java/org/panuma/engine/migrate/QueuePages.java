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
 * mbind's and migrate_pages(2)'s page walk and mbind's migration: queue_pages_range with its
 * test_walk, pte_range, hugetlb and migrate_folio_add callbacks, and the migrate_pages /
 * putback_movable_pages step of do_mbind. Read in mm/mempolicy.c of 6.1.158 (Debian 12 runs 6.1.1xx;
 * the stable folio backports differ from 6.1.0 here) and of 6.12.19, whose queue_pages was reworked
 * in 6.7 to count failures (7.1.3 the same for base pages; it counts a large folio's PTEs).
 *
 * Kernel sources: [6.1 mm/mempolicy.c queue_pages_range] [6.1 mm/mempolicy.c queue_pages_test_walk] [6.1 mm/mempolicy.c queue_folios_pte_range] [6.1 mm/mempolicy.c migrate_folio_add]
 *
 * <pre>
 * queue_pages_test_walk(vma):                                  [6.12 mm/mempolicy.c queue_pages_test_walk]
 *   first VMA starts after start, or a hole before end, without MPOL_MF_DISCONTIG_OK: -EFAULT
 *   !vma_migratable(vma) &amp;&amp; !STRICT: skip the VMA
 *   flags &amp; MPOL_MF_VALID: walk its pages, else skip
 * 6.1: queue_folios_pte_range / queue_pages_hugetlb, per present page, not the zero page:
 *                                                              [6.1 mm/mempolicy.c queue_folios_pte_range]
 *   node in nmask (MPOL_MF_INVERT: the page is where it belongs): next page
 *   MOVE or MOVE_ALL: !vma_migratable: has_unmovable, and the page is still offered to
 *                     migrate_folio_add (hugetlb: not);        [6.1 mm/mempolicy.c queue_pages_hugetlb]
 *                     migrate_folio_add: MOVE_ALL or one sharer: isolate (fails under STRICT: has_unmovable);
 *                                       shared under MOVE: skipped silently
 *   STRICT alone: -EIO
 *   queue_pages_range: no VMA met: -EFAULT; has_unmovable: 1; else the walk's -errno or 0
 *                                                              [6.1 mm/mempolicy.c queue_pages_range]
 * 6.12: queue_folios_pte_range / queue_folios_hugetlb         [6.12 mm/mempolicy.c queue_folios_pte_range]
 *   a migration entry: nr_failed++; other absent entries, the zero page: next page
 *   node in nmask: next page; a large folio met before (qp-&gt;large): next page
 *   !(MOVE|MOVE_ALL) or !vma_migratable or !migrate_folio_add: nr_failed++, and STRICT alone stops: -EIO
 *   migrate_folio_add: MOVE_ALL or !folio_likely_mapped_shared: isolate, false when that fails;
 *                      shared under MOVE: true (skipping a shared folio is no failure)
 *                                                              [6.12 mm/mempolicy.c migrate_folio_add]
 *   queue_pages_range: no VMA met: -EFAULT; else the walk's -errno or nr_failed
 *                                                              [6.12 mm/mempolicy.c queue_pages_range]
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
     * @return 0, a positive count of misplaced pages not queued (6.1: 1, and only under STRICT; 6.12:
     *         nr_failed), or -EFAULT / -EIO
     */
    public static int queue(Machine m, Mm mm, long start, long end, NodeSet nmask, int flags, IntList pagelist) {
        boolean discontigOk = (flags & DISCONTIG_OK) != 0;
        boolean strict = (flags & Mpol.MPOL_MF_STRICT) != 0;
        boolean move = (flags & (Mpol.MPOL_MF_MOVE | Mpol.MPOL_MF_MOVE_ALL)) != 0;
        Vma first = null;
        int failed = 0;
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
            int r = m.profile() == org.panuma.engine.KernelProfile.V6_12
                    ? walkVma612(m, vma, from, to, nmask, flags, pagelist)
                    : walkVma(m, vma, from, to, nmask, flags, strict, move, pagelist);
            if (r < 0) {
                return r;
            }
            failed += r;
        }
        if (first == null) {
            m.trace().note("mbind: no VMA in [0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(end) + ")");
            return Rc.EFAULT;
        }
        if (!discontigOk && expect < end) {
            m.trace().note("mbind: hole at 0x" + Long.toHexString(expect) + " at the end of the range");
            return Rc.EFAULT;
        }
        if (m.profile() == org.panuma.engine.KernelProfile.V6_12) {
            return failed;
        }
        return failed > 0 ? 1 : 0; // has_unmovable
    }

    /** 6.1's walk of one VMA: -EIO, 1 (has_unmovable) or 0. */
    private static int walkVma(Machine m, Vma vma, int from, int to, NodeSet nmask, int flags, boolean strict,
                               boolean move, IntList pagelist) {
        Frames f = m.frames();
        boolean all = (flags & Mpol.MPOL_MF_MOVE_ALL) != 0;
        int unmovable = 0;
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
                unmovable = 1; // STRICT with MOVE*, else test_walk skipped the VMA
                if (vma.isHugetlb()) {
                    continue;
                }
            }
            if (all || f.mapcount(pfn) == 1) {
                if (IsolateLruPage.isolate(m, pfn) == Rc.SUCCESS) {
                    pagelist.add(pfn);
                    NrIsolated.mod(m, pfn, +1);
                } else if (strict) {
                    unmovable = 1; // migrate_folio_add: -EIO, counted as unmovable
                }
            }
        }
        return unmovable;
    }

    /** 6.12's walk of one VMA: -EIO (STRICT alone, a misplaced page) or nr_failed. */
    private static int walkVma612(Machine m, Vma vma, int from, int to, NodeSet nmask, int flags, IntList pagelist) {
        Frames f = m.frames();
        boolean all = (flags & Mpol.MPOL_MF_MOVE_ALL) != 0;
        boolean move = (flags & (Mpol.MPOL_MF_MOVE | Mpol.MPOL_MF_MOVE_ALL)) != 0;
        boolean strictlyUnmovable = (flags & (Mpol.MPOL_MF_STRICT | Mpol.MPOL_MF_MOVE | Mpol.MPOL_MF_MOVE_ALL))
                == Mpol.MPOL_MF_STRICT;
        int failed = 0;
        int large = -1; // qp->large
        for (int s = from; s <= to; s++) {
            int pte = vma.pte(s);
            if (!Pte.isPresent(pte)) {
                if (Pte.isMigration(pte)) {
                    failed++;
                }
                continue;
            }
            int pfn = Pte.pfn(pte);
            if (f.test(pfn, PageFlags.ZERO | PageFlags.RESERVED | PageFlags.ZONE_DEVICE)) {
                continue; // vm_normal_folio filters the zero page; zone-device and reserved folios are skipped
            }
            if (nmask.contains(f.node(pfn))) {
                continue; // queue_folio_required with MPOL_MF_INVERT
            }
            if (f.nrPages(pfn) > 1) {
                if (pfn == large) {
                    continue;
                }
                large = pfn;
            }
            boolean queued = move && vma.migratable(m.profile());
            if (queued && (all || f.mapcount(pfn) == 1)) {
                if (IsolateLruPage.isolate(m, pfn) == Rc.SUCCESS) {
                    pagelist.add(pfn);
                    NrIsolated.mod(m, pfn, +1);
                } else {
                    queued = false;
                }
            }
            if (!queued) {
                failed++;
                if (strictlyUnmovable) {
                    m.trace().note("mbind: " + vma + " page " + s + " is on node " + f.node(pfn) + ", outside " + nmask
                            + " (MPOL_MF_STRICT)");
                    return Rc.EIO;
                }
            }
        }
        return failed;
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
