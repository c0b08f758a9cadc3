package org.panuma.engine.migrate;

import org.panuma.engine.model.Frames;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.PageFlags;

/**
 * migrate_page_copy(newpage, page) of 2.6.19 and 2.6.27; folio_migrate_copy / folio_migrate_flags
 * of 6.x.
 *
 * Kernel sources: [6.1 mm/migrate.c folio_migrate_copy] [6.1 mm/migrate.c folio_migrate_flags] [6.12 mm/migrate.c folio_migrate_flags]
 *
 * <pre>
 * copy_highpage(newpage, page)                    (the data)   [000:339 migrate_page_copy] [000:341 copy_highpage] [001:386 migrate_page_copy]
 * carry PG_error, referenced, uptodate, active, checked, mappedtodisk   [000:343-354 SetPage] [001:392 PageReferenced]
 * if PageDirty(page): clear_page_dirty_for_io(page); set_page_dirty(newpage)   [000:356-358 PageDirty] [001:404 clear_page_dirty_for_io]
 *                     [2.6.27: __set_page_dirty_nobuffers]   [001:412 __set_page_dirty_nobuffers]
 * ClearPageSwapCache(page); ClearPageActive(page); ClearPagePrivate(page); page->private = 0
 *                                                 [000:362 ClearPageSwapCache] [000:364 ClearPageActive] [000:365 ClearPagePrivate] [001:419 ClearPagePrivate]
 * page->mapping = NULL                            [6.x: kept for anonymous pages until freed]   [000:367 mapping] [001:418 ClearPageActive]
 * if PageWriteback(newpage): end_page_writeback(newpage)   [000:373-374 end_page_writeback] [001:427-428 end_page_writeback]
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
