package org.panuma.engine.migrate;

import org.panuma.engine.model.AddressSpace;
import org.panuma.engine.model.Frames;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.PageFlags;

/**
 * move_to_new_page(newpage, page) of 2.6.19 and 2.6.27; move_to_new_folio of 6.x.
 *
 * Kernel sources: [6.1 mm/migrate.c move_to_new_folio] [6.12 mm/migrate.c move_to_new_folio]
 *
 * <pre>
 * if TestSetPageLocked(newpage): BUG()             [2.6.27: !trylock_page]   [000:542 move_to_new_page] [000:552-553 TestSetPageLocked] [001:608 trylock_page]
 * newpage->index = page->index; newpage->mapping = page->mapping   [000:556 index] [000:557 mapping] [001:612 newpage]
 * mapping = page_mapping(page)                     [000:559 page_mapping]
 * if !mapping:                      rc = migrate_page(mapping, newpage, page)   [000:560-561 migrate_page] [001:598 move_to_new_page]
 * else if a_ops->migratepage:       rc = a_ops->migratepage(mapping, newpage, page)   [000:562 migratepage] [000:570 migratepage]
 * else:                             rc = fallback_migrate_page(mapping, newpage, page)   [000:573 fallback_migrate_page]
 * if !rc: remove_migration_ptes(page, newpage)     [6.x: done by __unmap_and_move]   [000:575-576 remove_migration_ptes] [001:632 remove_migration_ptes]
 * else:   newpage->mapping = NULL                  [000:578 mapping]
 * unlock_page(newpage); return rc                 [000:580 unlock_page] [001:636 unlock_page]
 * </pre>
 */
public final class MoveToNewPage {
    private MoveToNewPage() {
    }

    public static int move(Machine m, int newPfn, int pfn, int pass) {
        Frames f = m.frames();
        f.set(newPfn, PageFlags.LOCKED);
        f.setIndex(newPfn, f.index(pfn));
        f.setMapping(newPfn, f.mapping(pfn));
        f.set(newPfn, f.flags(pfn) & (PageFlags.ANON | PageFlags.THP | PageFlags.HUGETLB));
        AddressSpace mapping = m.pageMapping(pfn);
        int rc;
        if (mapping == null) {
            rc = MigratePage.migrate(m, null, newPfn, pfn, pass);
        } else {
            switch (mapping.migrateOp()) {
                case MIGRATE_PAGE:
                    rc = MigratePage.migrate(m, mapping, newPfn, pfn, pass);
                    break;
                case BUFFER_MIGRATE_PAGE:
                    rc = BufferMigratePage.migrate(m, mapping, newPfn, pfn, pass);
                    break;
                case FAIL_MIGRATE_PAGE:
                    rc = MigratePage.failMigratePage(m, pfn, pass);
                    break;
                default:
                    rc = FallbackMigratePage.migrate(m, mapping, newPfn, pfn, pass);
                    break;
            }
        }
        if (rc == Rc.SUCCESS) {
            if (m.profile().isSeed()) {
                RemoveMigrationPtes.remove(m, pfn, newPfn);
            }
        } else {
            f.setMapping(newPfn, Frames.NO_MAPPING);
        }
        f.clear(newPfn, PageFlags.LOCKED);
        return rc;
    }
}
