package org.panuma.engine.migrate;

import org.panuma.engine.KernelProfile;
import org.panuma.engine.model.Frames;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.PageFlags;
import org.panuma.engine.model.Pte;
import org.panuma.engine.model.Vma;

/**
 * The page lookup of move_pages: follow_page(vma, addr, FOLL_GET) in the seeds,
 * follow_page(FOLL_GET | FOLL_DUMP) in 4.17–6.11, folio_walk_start(FW_ZEROPAGE) in 6.12+.
 *
 * Kernel sources: [6.1 mm/gup.c follow_page] mm/pagewalk.c folio_walk_start (6.12)
 *
 * <pre>
 * seeds' callers: follow_page(vma, addr, FOLL_GET) and (vma, addr, 0)   [000:780 follow_page] [000:843 follow_page]
 * address outside the VMA (the seeds' find_vma hole): no page table   -&gt; NULL
 * pte_none:        seeds: NULL
 *                  6.1:   FOLL_DUMP and (vma_is_anonymous or no -&gt;fault): ERR_PTR(-EFAULT), else NULL
 *                  6.12:  NULL
 * swap / migration entry:                                              NULL
 * present:         the page (seeds: the zero page too, caught by PageReserved)
 *                  6.1:   zero page under FOLL_DUMP: ERR_PTR(-EFAULT)
 *                  6.12:  zero folio: returned, and the caller answers -EFAULT
 * </pre>
 */
public final class FollowPage {
    private FollowPage() {
    }

    /** follow_page found nothing (the caller's -ENOENT). */
    public static final int NULL = -1;
    /** follow_page returned ERR_PTR(-EFAULT). */
    public static final int ERR_EFAULT = -2;

    /** The frame, {@link #NULL} or {@link #ERR_EFAULT}. Takes no reference; callers do (FOLL_GET). */
    public static int lookup(Machine m, Vma vma, long addr) {
        if (!vma.contains(addr)) {
            return NULL;
        }
        KernelProfile p = m.profile();
        int pte = vma.pte(vma.slot(addr));
        if (Pte.isNone(pte)) {
            if (p == KernelProfile.V6_1 && vma.isAnonymous() && !vma.isHugetlb()) {
                return ERR_EFAULT;
            }
            return NULL;
        }
        if (!Pte.isPresent(pte)) {
            return NULL;
        }
        int pfn = Pte.pfn(pte);
        if (p == KernelProfile.V6_1 && m.frames().test(pfn, PageFlags.ZERO)) {
            return ERR_EFAULT;
        }
        return pfn;
    }

    /** Why the lookup found no page, in words. */
    public static String whyNot(Machine m, Vma vma, long addr, int result) {
        if (!vma.contains(addr)) {
            return "address in the hole below " + vma.name() + " (find_vma): no page table";
        }
        int pte = vma.pte(vma.slot(addr));
        if (Pte.isNone(pte)) {
            String kind = vma.isAnonymous() ? "anonymous" : "file/shmem";
            return "never-touched " + kind + " page (pte_none)"
                    + (result == ERR_EFAULT ? ": follow_page(FOLL_DUMP) gives -EFAULT" : "");
        }
        if (Pte.isMigration(pte)) {
            return "a migration entry (the page is being migrated)";
        }
        if (Pte.type(pte) == Pte.TYPE_SWAP) {
            return "swapped out (swap entry in the pte)";
        }
        Frames f = m.frames();
        if (f.test(Pte.pfn(pte), PageFlags.ZERO)) {
            return "the shared zero page";
        }
        return "page present";
    }
}
