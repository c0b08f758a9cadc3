package org.panuma.engine.migrate;

import org.panuma.engine.model.AddressSpace;
import org.panuma.engine.model.Frames;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.PageFlags;

/**
 * buffer_migrate_page(mapping, newpage, page) of 2.6.19 and 2.6.27; __buffer_migrate_folio of 6.x.
 *
 * Kernel sources: [6.1 mm/migrate.c __buffer_migrate_folio] [6.12 mm/migrate.c __buffer_migrate_folio]
 *
 * <pre>
 * if !page_has_buffers(page): return migrate_page(mapping, newpage, page)   [000:417 buffer_migrate_page] [000:423-424 page_has_buffers] [001:478 page_has_buffers]
 * [6.x] if folio_ref_count != folio_expected_refs: return -EAGAIN    (checked before locking buffers)
 * rc = migrate_page_move_mapping(mapping, newpage, page); if rc: return rc   [000:428-431 migrate_page_move_mapping] [001:472 buffer_migrate_page]
 * lock every buffer head (get_bh; lock_buffer)   [000:435-436 lock_buffer]
 * ClearPagePrivate(page); set_page_private(newpage, page_private(page)); put_page(page); get_page(newpage)
 *                                                 [000:441 ClearPagePrivate] [000:444 put_page] [000:445 get_page] [001:496 ClearPagePrivate]
 * set_bh_page(bh, newpage) for every buffer; SetPagePrivate(newpage)   [000:449 set_bh_page] [000:454 SetPagePrivate] [001:509 SetPagePrivate]
 * migrate_page_copy(newpage, page)               [000:456 migrate_page_copy] [001:511 migrate_page_copy]
 * unlock and put every buffer head; return 0
 * </pre>
 *
 * Buffer heads are not modelled individually: their reference is the PG_private reference.
 */
public final class BufferMigratePage {
    private BufferMigratePage() {
    }

    public static int migrate(Machine m, AddressSpace mapping, int newPfn, int pfn, int pass) {
        Frames f = m.frames();
        if (!f.test(pfn, PageFlags.PRIVATE)) {
            return MigratePage.migrate(m, mapping, newPfn, pfn, pass);
        }
        int rc = MigratePageMoveMapping.move(m, mapping, newPfn, pfn, pass);
        if (rc != Rc.SUCCESS) {
            return rc;
        }
        // The buffers (and the reference they hold) move to the new page.
        f.clear(pfn, PageFlags.PRIVATE);
        m.putPage(pfn);
        f.get(newPfn);
        f.set(newPfn, PageFlags.PRIVATE);
        MigratePageCopy.copy(m, newPfn, pfn);
        return Rc.SUCCESS;
    }
}
