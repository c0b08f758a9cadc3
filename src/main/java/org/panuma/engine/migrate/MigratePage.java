package org.panuma.engine.migrate;

import org.panuma.engine.model.AddressSpace;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.PageFlags;

/**
 * migrate_page(mapping, newpage, page) of 2.6.19 and 2.6.27 (migrate_folio in 6.x): the common
 * migration for pages without private data; and fail_migrate_page, which always refuses.
 *
 * Kernel sources: [6.1 mm/migrate.c migrate_folio] [6.12 mm/migrate.c migrate_folio]
 *
 * <pre>
 * BUG_ON(PageWriteback(page))                     [000:395 migrate_page] [000:400 BUG_ON] [001:449 migrate_page] [001:454 BUG_ON]
 * rc = migrate_page_move_mapping(mapping, newpage, page); if rc: return rc   [000:402-405 migrate_page_move_mapping]
 * migrate_page_copy(newpage, page); return 0      [000:407 migrate_page_copy] [001:461 migrate_page_copy]
 *
 * fail_migrate_page: return -EIO                 [000:382-385 fail_migrate_page] [001:436 fail_migrate_page]
 * </pre>
 */
public final class MigratePage {
    private MigratePage() {
    }

    public static int migrate(Machine m, AddressSpace mapping, int newPfn, int pfn, int pass) {
        if (m.frames().test(pfn, PageFlags.WRITEBACK)) {
            throw new IllegalStateException("BUG: migrate_page on a page under writeback (pfn " + pfn + ")");
        }
        int rc = MigratePageMoveMapping.move(m, mapping, newPfn, pfn, pass);
        if (rc != Rc.SUCCESS) {
            return rc;
        }
        MigratePageCopy.copy(m, newPfn, pfn);
        return Rc.SUCCESS;
    }

    public static int failMigratePage(Machine m, int pfn, int pass) {
        m.trace().frame(pfn, pass, "fail_migrate_page", Rc.EIO, "the mapping's migratepage is fail_migrate_page: never movable");
        return Rc.EIO;
    }
}
