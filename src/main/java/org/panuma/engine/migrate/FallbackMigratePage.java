package org.panuma.engine.migrate;

import org.panuma.engine.model.AddressSpace;
import org.panuma.engine.model.Frames;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.PageFlags;

/**
 * fallback_migrate_page and writeout of 2.6.19 and 2.6.27 (fallback_migrate_folio / writeout in
 * 6.x), used when the mapping has no migratepage method.
 *
 * Kernel sources: [6.1 mm/migrate.c fallback_migrate_folio] [6.1 mm/migrate.c writeout] [6.12 mm/migrate.c fallback_migrate_folio]
 *
 * <pre>
 * fallback_migrate_page:
 *     if PageDirty(page): return writeout(mapping, page)          [000:518 fallback_migrate_page] [000:521-522 PageDirty] [001:578 writeout]
 *     if page_has_buffers(page) [2.6.27, 6.x: PagePrivate] &amp;&amp; !try_to_release_page(page): return -EAGAIN
 *                                                                 [000:528-530 try_to_release_page] [001:584 PagePrivate] [001:585 try_to_release_page]
 *     return migrate_page(mapping, newpage, page)                  [000:532 migrate_page] [001:588 migrate_page]
 *
 * writeout:                                                       [000:473 writeout]
 *     if !mapping->a_ops->writepage: return -EINVAL            [000:485-487 writepage]
 *     if !clear_page_dirty_for_io(page): return -EAGAIN     (someone else started the write)   [000:489-491 clear_page_dirty_for_io] [001:545 clear_page_dirty_for_io]
 *     remove_migration_ptes(page, page)                     (the page is mapped again)   [000:501 remove_migration_ptes]
 *     rc = writepage(page); if rc &lt; 0: return -EIO           [000:503-506 writepage]
 *     if rc != AOP_WRITEPAGE_ACTIVATE: lock_page(page)       (writepage unlocked it)   [000:508-510 AOP_WRITEPAGE_ACTIVATE]
 *     return -EAGAIN                                        (retry once the write is done)   [000:512 EAGAIN]
 * </pre>
 *
 * The write leaves the page under writeback for two passes (a fixed I/O time), so
 * the next passes meet PageWriteback and, from pass 3, wait for it.
 */
public final class FallbackMigratePage {
    private FallbackMigratePage() {
    }

    static final int WRITE_IO_PASSES = 2;

    public static int migrate(Machine m, AddressSpace mapping, int newPfn, int pfn, int pass) {
        Frames f = m.frames();
        if (f.test(pfn, PageFlags.DIRTY)) {
            return writeout(m, mapping, pfn, pass);
        }
        if (f.test(pfn, PageFlags.PRIVATE) && !mapping.releasesPrivate()) {
            m.trace().frame(pfn, pass, "fallback_migrate_page", Rc.EAGAIN,
                    "the page has buffers and try_to_release_page could not drop them");
            return Rc.EAGAIN;
        }
        if (f.test(pfn, PageFlags.PRIVATE)) {
            f.clear(pfn, PageFlags.PRIVATE); // try_to_release_page dropped the buffers and their reference
            m.putPage(pfn);
        }
        return MigratePage.migrate(m, mapping, newPfn, pfn, pass);
    }

    static int writeout(Machine m, AddressSpace mapping, int pfn, int pass) {
        Frames f = m.frames();
        if (mapping.writepage() == AddressSpace.Writepage.ABSENT) {
            m.trace().frame(pfn, pass, "writeout", Rc.EINVAL, "dirty page and the mapping has no writepage: cannot clean it");
            return Rc.EINVAL;
        }
        if (mapping.writepage() == AddressSpace.Writepage.RACES) {
            // Another writer cleaned the page first and its write is in flight: clear_page_dirty_for_io
            // finds it clean. The next passes meet PageWriteback, and from pass 3 wait for it.
            f.clear(pfn, PageFlags.DIRTY);
            m.disturbances().holdWriteback(f, pfn, pass + 1 + WRITE_IO_PASSES);
            m.trace().frame(pfn, pass, "writeout", Rc.EAGAIN, "clear_page_dirty_for_io: another writer already started the write");
            return Rc.EAGAIN;
        }
        f.clear(pfn, PageFlags.DIRTY); // clear_page_dirty_for_io succeeded: the page was dirty
        RemoveMigrationPtes.remove(m, pfn, pfn);
        if (mapping.writepage() == AddressSpace.Writepage.ACTIVATES) {
            // writepage redirtied the page and kept it locked (AOP_WRITEPAGE_ACTIVATE): no relock, no write,
            // so every pass finds it dirty again.
            f.set(pfn, PageFlags.DIRTY);
            m.trace().frame(pfn, pass, "writeout", Rc.EAGAIN, "writepage answered AOP_WRITEPAGE_ACTIVATE: the page stays dirty");
            return Rc.EAGAIN;
        }
        if (mapping.writepage() == AddressSpace.Writepage.FAILS) {
            m.trace().frame(pfn, pass, "writeout", Rc.EIO, "writepage failed: I/O error");
            return Rc.EIO;
        }
        m.disturbances().holdWriteback(f, pfn, pass + 1 + WRITE_IO_PASSES);
        m.trace().frame(pfn, pass, "writeout", Rc.EAGAIN, "dirty page written back to clean it; retry when the write is done");
        return Rc.EAGAIN;
    }

    /** For tests: the lifetime of a writeout's I/O. */
    public static int writeIoPasses() {
        return WRITE_IO_PASSES;
    }
}
