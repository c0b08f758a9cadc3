package org.panuma.engine.migrate;

import org.panuma.engine.model.AddressSpace;
import org.panuma.engine.model.Frames;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.PageFlags;

/**
 * fallback_migrate_page and writeout of 2.6.19 and 2.6.27 (fallback_migrate_folio / writeout in
 * 6.x), used when the mapping has no migratepage method.
 *
 * <pre>
 * fallback_migrate_page:
 *     if PageDirty(page): return writeout(mapping, page)
 *     if page_has_buffers(page) [2.6.27, 6.x: PagePrivate] &amp;&amp; !try_to_release_page(page): return -EAGAIN
 *     return migrate_page(mapping, newpage, page)
 *
 * writeout:
 *     if !mapping->a_ops->writepage: return -EINVAL
 *     if !clear_page_dirty_for_io(page): return -EAGAIN     (someone else started the write)
 *     remove_migration_ptes(page, page)                     (the page is mapped again)
 *     rc = writepage(page); if rc &lt; 0: return -EIO
 *     if rc != AOP_WRITEPAGE_ACTIVATE: lock_page(page)       (writepage unlocked it)
 *     return -EAGAIN                                        (retry once the write is done)
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
        f.clear(pfn, PageFlags.DIRTY); // clear_page_dirty_for_io succeeded: the page was dirty
        RemoveMigrationPtes.remove(m, pfn, pfn);
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
