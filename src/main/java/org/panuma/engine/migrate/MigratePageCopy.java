package org.panuma.engine.migrate;

import org.panuma.engine.model.Frames;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.PageFlags;

/**
 * migrate_page_copy(newpage, page) of 2.6.19 and 2.6.27; folio_migrate_copy / folio_migrate_flags
 * of 6.x.
 *
 * <pre>
 * copy_highpage(newpage, page)                    (the data)
 * carry PG_error, referenced, uptodate, active, checked, mappedtodisk
 * if PageDirty(page): clear_page_dirty_for_io(page); set_page_dirty(newpage)
 *                     [2.6.27: __set_page_dirty_nobuffers]
 * ClearPageSwapCache(page); ClearPageActive(page); ClearPagePrivate(page); page->private = 0
 * page->mapping = NULL                            [6.x: kept for anonymous pages until freed]
 * if PageWriteback(newpage): end_page_writeback(newpage)
 * [6.x] mem_cgroup_migrate(folio, newfolio)       (the new folio is charged like the old)
 * </pre>
 */
public final class MigratePageCopy {
    private MigratePageCopy() {
    }

    public static void copy(Machine m, int newPfn, int pfn) {
        Frames f = m.frames();
        f.setData(newPfn, f.data(pfn));
        int flags = f.flags(pfn);
        f.set(newPfn, flags & PageFlags.COPIED);
        if ((flags & PageFlags.KSM) != 0) {
            // folio_migrate_ksm: the new folio is the KSM page now (its mapping came from the old one)
            f.clear(pfn, PageFlags.KSM);
            f.set(newPfn, PageFlags.KSM);
        }
        if ((flags & PageFlags.DIRTY) != 0) {
            f.clear(pfn, PageFlags.DIRTY);
            f.set(newPfn, PageFlags.DIRTY);
        }
        f.clear(pfn, PageFlags.SWAPCACHE | PageFlags.ACTIVE | PageFlags.PRIVATE);
        if (m.profile().isSeed() || !f.test(pfn, PageFlags.ANON)) {
            f.setMapping(pfn, Frames.NO_MAPPING);
        }
        f.clear(newPfn, PageFlags.WRITEBACK);
        if (!m.profile().isSeed() && f.memcg(pfn) >= 0 && f.memcg(newPfn) < 0) {
            // mem_cgroup_migrate: the new folio takes the old one's charge (forced: it must not fail).
            int cg = f.memcg(pfn);
            m.memcgs().forceCharge(cg, f.nrPages(newPfn));
            f.setMemcg(newPfn, cg);
        }
    }
}
