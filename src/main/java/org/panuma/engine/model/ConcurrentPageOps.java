package org.panuma.engine.model;

/**
 * What other threads do to a page while a migration call runs, for timed events
 * ({@link TimedEvent}): the kernel paths that meet a page on migrate_pages' list between two
 * passes, each keeping the machine's accounting whole (every reference dropped is one the page
 * held for that user).
 *
 * <pre>
 * free:            every user lets go: zap_pte_range on each pte that maps it (page_remove_rmap,
 *                  put_page), and for a file page truncation below; what is left are the references
 *                  migration (isolation) and others' timed holds keep. Only migration's left: the
 *                  page is "freed under us" (page_count == 1 at unmap_and_move).
 * unmap:           zap_pte_range on the one pte of the named address (munmap, MADV_DONTNEED).
 * truncate:        truncate_complete_page (mm/truncate.c of 2.6.19-2.6.27; truncate_inode_folio in 6.x):
 *                  unmap_mapping_range (every pte), do_invalidatepage (buffers dropped when the
 *                  file's releasepage can, else kept: an orphaned page with fs-private metadata),
 *                  ClearPageDirty, remove_from_page_cache (page-&gt;mapping = NULL, the cache's put_page).
 * lock / unlock:   someone else holds PG_locked until the unlock (or until migration waits, pass 4 on).
 * startWriteback / endWriteback: set_page_writeback after clear_page_dirty_for_io; end_page_writeback.
 * get / put:       get_page / put_page by someone else (a get_user_pages pin, a speculative lookup).
 * </pre>
 */
public final class ConcurrentPageOps {
    private ConcurrentPageOps() {
    }

    /** Applies {@code e} to its page; says what happened, in words. */
    public static String apply(Machine m, TimedEvent e) {
        Frames f = m.frames();
        int pfn = e.pfn();
        Disturbances d = m.disturbances();
        switch (e.action()) {
            case FREE: {
                int zapped = zapAll(m, pfn);
                String cache = f.mapping(pfn) >= 0 && !m.space(f.mapping(pfn)).isAnon() ? "; " + removeFromCache(m, pfn, true) : "";
                return "freed by its users: " + zapped + " mapping(s) zapped" + cache + left(m, pfn);
            }
            case UNMAP: {
                int pte = e.vma().pte(e.slot());
                if (!Pte.isPresent(pte) || Pte.pfn(pte) != pfn) {
                    return "nothing to unmap: the address no longer maps the page";
                }
                zap(m, e.vma(), e.slot(), pfn);
                return "unmapped at " + e.vma().name() + " page " + e.slot() + left(m, pfn);
            }
            case TRUNCATE: {
                if (f.mapping(pfn) < 0) {
                    return "nothing to truncate: the page has no mapping";
                }
                int zapped = zapAll(m, pfn);
                String cache = removeFromCache(m, pfn, m.space(f.mapping(pfn)).releasesPrivate());
                return "truncated: " + zapped + " mapping(s) zapped; " + cache + left(m, pfn);
            }
            case LOCK:
                d.holdLock(f, pfn, Disturbances.FOREVER);
                return "locked by someone else (held until unlocked, or until migration waits for it)";
            case UNLOCK:
                if (!f.test(pfn, PageFlags.LOCKED)) {
                    return "nothing to unlock: the page is not locked";
                }
                d.waitForLock(f, pfn);
                return "unlocked by its holder";
            case START_WRITEBACK:
                f.clear(pfn, PageFlags.DIRTY);
                d.holdWriteback(f, pfn, Disturbances.FOREVER);
                return "writeback started (the page is clean, PG_writeback set until the write ends)";
            case END_WRITEBACK:
                if (!f.test(pfn, PageFlags.WRITEBACK)) {
                    return "nothing to end: the page is not under writeback";
                }
                d.waitForWriteback(f, pfn);
                return "writeback ended";
            case GET:
                d.takeRefs(f, pfn, e.refs());
                return e.refs() + " reference(s) taken by someone else" + left(m, pfn);
            case PUT: {
                int dropped = d.dropRefs(m, pfn, e.refs());
                return dropped == 0 ? "nothing to put: no one else holds a reference"
                        : dropped + " reference(s) put by their holder" + left(m, pfn);
            }
            default:
                throw new IllegalArgumentException(e.action().name());
        }
    }

    private static String left(Machine m, int pfn) {
        Frames f = m.frames();
        return f.test(pfn, PageFlags.FREE) ? " (the page is free now)" : " (refcount " + f.refcount(pfn) + ")";
    }

    /** zap_pte_range for every pte that maps the page (unmap_mapping_range, try_to_unmap without migration entries). */
    private static int zapAll(Machine m, int pfn) {
        Frames f = m.frames();
        int mapping = f.mapping(pfn);
        if (mapping < 0) {
            return 0;
        }
        int zapped = 0;
        for (Vma v : m.space(mapping).vmas()) {
            int slot = f.index(pfn) - v.pgoff();
            if (slot >= 0 && slot < v.pages() && Pte.isPresent(v.pte(slot)) && Pte.pfn(v.pte(slot)) == pfn) {
                zap(m, v, slot, pfn);
                zapped++;
            }
        }
        return zapped;
    }

    /** One pte: pte_clear, page_remove_rmap, put_page. The caller knows the page keeps a reference. */
    private static void zap(Machine m, Vma v, int slot, int pfn) {
        Frames f = m.frames();
        v.setPte(slot, Pte.NONE);
        f.setMapcount(pfn, f.mapcount(pfn) - 1);
        m.putPage(pfn);
    }

    /**
     * do_invalidatepage and remove_from_page_cache: the buffers go when {@code dropBuffers}, the
     * radix tree forgets the page, page-&gt;mapping becomes NULL, the cache's reference is put.
     */
    private static String removeFromCache(Machine m, int pfn, boolean dropBuffers) {
        Frames f = m.frames();
        AddressSpace as = m.space(f.mapping(pfn));
        int puts = 0;
        String buffers = "";
        if (f.test(pfn, PageFlags.PRIVATE)) {
            if (dropBuffers) {
                f.clear(pfn, PageFlags.PRIVATE);
                puts++;
                buffers = "buffers released, ";
            } else {
                buffers = "buffers kept (releasepage refused: an orphaned page with fs-private data), ";
            }
        }
        f.clear(pfn, PageFlags.DIRTY);
        if (as.cached(f.index(pfn)) == pfn) {
            as.uncache(f.index(pfn));
            m.nodes().filePagesAdd(f.node(pfn), -f.nrPages(pfn)); // __dec_zone_page_state(NR_FILE_PAGES)
            puts++;
        }
        f.setMapping(pfn, Frames.NO_MAPPING);
        for (int i = 0; i < puts; i++) {
            m.putPage(pfn);
        }
        return buffers + "removed from the page cache (page->mapping = NULL)";
    }
}
