package org.panuma.engine.migrate;

import org.panuma.engine.KernelProfile;
import org.panuma.engine.model.Frames;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.PageFlags;

/**
 * isolate_lru_page(page, pagelist) of 2.6.19 and 2.6.27 (mm/migrate.c), folio_isolate_lru of 6.x,
 * and isolate_hugetlb for hugetlb folios (6.x).
 *
 * Kernel sources: mm/vmscan.c folio_isolate_lru (6.1, 6.12) mm/hugetlb.c folio_isolate_hugetlb (Debian's 6.1.192)
 *
 * <pre>
 * ret = -EBUSY                                              [000:44 isolate_lru_page] [001:47 isolate_lru_page]
 * if PageLRU(page):                                         [000:48 PageLRU]
 *     lock zone->lru_lock
 *     if PageLRU(page)  [2.6.27: &amp;&amp; get_page_unless_zero(page)]:   [000:52 PageLRU] [001:55 PageLRU]
 *         ret = 0; get_page [2.6.19]; ClearPageLRU; del_page_from_(in)active_list; list_add_tail(pagelist)
 *                                                            [000:54 get_page] [000:55 ClearPageLRU] [000:60 list_add_tail] [001:62 list_add_tail]
 * return ret
 * </pre>
 *
 * Deviations: the list itself is the caller's; a page in a per-CPU LRU cache is simply not PageLRU
 * (which is exactly why it fails). In the seeds hugetlb pages are never on the LRU and fail here.
 */
public final class IsolateLruPage {
    private IsolateLruPage() {
    }

    /** 0 and one reference taken, or -EBUSY. */
    public static int isolate(Machine m, int pfn) {
        Frames f = m.frames();
        KernelProfile p = m.profile();
        if (f.test(pfn, PageFlags.HUGETLB)) {
            if (p.isSeed() || f.test(pfn, PageFlags.HUGETLB_ISOLATED)) {
                return Rc.EBUSY;
            }
            f.set(pfn, PageFlags.HUGETLB_ISOLATED);
            f.get(pfn);
            return Rc.SUCCESS;
        }
        if (!f.test(pfn, PageFlags.LRU)) {
            return Rc.EBUSY;
        }
        if (p.freezesRefs() && f.refcount(pfn) == 0) {
            return Rc.EBUSY; // get_page_unless_zero: the page is being freed
        }
        f.get(pfn);
        m.lruDel(pfn);
        return Rc.SUCCESS;
    }
}
