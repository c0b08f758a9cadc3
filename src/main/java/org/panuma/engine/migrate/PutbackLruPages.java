package org.panuma.engine.migrate;

import org.panuma.engine.model.Frames;
import org.panuma.engine.model.IntList;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.PageFlags;

/**
 * putback_lru_pages / move_to_lru of 2.6.19 and 2.6.27; putback_movable_pages / putback_lru_page
 * and putback_active_hugepage of 6.x (with the NR_ISOLATED_* accounting, {@link #putbackMovable}).
 *
 * Kernel sources: [6.1 mm/migrate.c putback_movable_pages] [6.12 mm/migrate.c putback_movable_pages]
 *
 * <pre>
 * for each page on the list:                           [000:104 putback_lru_pages] [001:106 putback_lru_pages]
 *     list_del(page)                                   [000:111 list_del] [001:113 list_del]
 *     move_to_lru(page):  lru_cache_add[_active](page)   (into this CPU's LRU cache, +1 ref)
 *                         [000:84 move_to_lru] [000:86 PageActive] [000:92 lru_cache_add_active] [000:94 lru_cache_add] [001:86 move_to_lru]
 *                         put_page(page)                  (the isolation reference)   [000:96 put_page]
 * </pre>
 *
 * In 6.x do_pages_move runs with lru_cache_disable(), so the page goes straight to the LRU.
 * A hugetlb page only drops its isolated mark and the reference.
 */
public final class PutbackLruPages {
    private PutbackLruPages() {
    }

    /** move_to_lru for one page; {@code cpu} is the CPU the caller runs on. */
    public static void moveToLru(Machine m, int pfn, int cpu) {
        Frames f = m.frames();
        if (f.test(pfn, PageFlags.HUGETLB)) {
            f.clear(pfn, PageFlags.HUGETLB_ISOLATED);
            m.putPage(pfn);
            return;
        }
        m.lruCaches().add(m, pfn, cpu);
        m.putPage(pfn);
    }

    /**
     * putback_movable_pages(list) of 6.x: as putback_lru_pages, and each page that is not hugetlb stops
     * being counted in NR_ISOLATED_* (node_stat_mod_folio(..., -nr) before folio_putback_lru).
     */
    public static int putbackMovable(Machine m, IntList list, int cpu) {
        for (int i = 0; i < list.size(); i++) {
            int pfn = list.get(i);
            if (pfn >= 0) {
                NrIsolated.mod(m, pfn, -1);
            }
        }
        return putback(m, list, cpu);
    }

    /** putback_lru_pages(list): returns the number of pages put back; the list is emptied. */
    public static int putback(Machine m, IntList list, int cpu) {
        int count = 0;
        for (int i = 0; i < list.size(); i++) {
            int pfn = list.get(i);
            if (pfn >= 0) {
                moveToLru(m, pfn, cpu);
                count++;
            }
        }
        list.clear();
        return count;
    }
}
