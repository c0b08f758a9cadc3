package org.panuma.engine.migrate;

import org.panuma.engine.model.AddressSpace;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.PageFlags;

/**
 * migrate_page(mapping, newpage, page) of 2.6.19 and 2.6.27 (migrate_folio in 6.x): the common
 * migration for pages without private data; and fail_migrate_page, which always refuses.
 *
 * <pre>
 * BUG_ON(PageWriteback(page))
 * rc = migrate_page_move_mapping(mapping, newpage, page); if rc: return rc
 * migrate_page_copy(newpage, page); return 0
 *
 * fail_migrate_page: return -EIO
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
