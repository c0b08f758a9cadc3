package org.panuma.engine.migrate;

import org.panuma.engine.model.Frames;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.PageFlags;
import org.panuma.engine.model.VmEvent;

/**
 * The NR_ISOLATED_ANON / NR_ISOLATED_FILE node counters of 6.x (they do not exist in the seeds):
 * {@code mod_node_page_state(page_pgdat(page), NR_ISOLATED_ANON + page_is_file_lru(page), ±thp_nr_pages(page))}.
 *
 * Kernel sources: [6.1 mm/migrate.c add_page_for_migration] [6.1 mm/migrate.c putback_movable_pages]
 *
 * <pre>
 * +nr: add_page_for_migration after isolate_lru_page; migrate_folio_add (mempolicy.c) likewise
 * -nr: unmap_and_move when the page migrated (or was freed under us); putback_movable_pages for the rest
 * hugetlb folios are never counted: isolate_hugetlb, unmap_and_move_huge_page and
 * putback_active_hugepage leave the counters alone
 * </pre>
 *
 * Deviation: the anon/file choice follows the page's ANON flag; the kernel's page_is_file_lru also
 * counts shmem (swap-backed) pages as anon.
 */
final class NrIsolated {
    private NrIsolated() {
    }

    static void mod(Machine m, int pfn, int sign) {
        Frames f = m.frames();
        if (f.test(pfn, PageFlags.HUGETLB)) {
            return;
        }
        m.vmstat().add(f.test(pfn, PageFlags.ANON) ? VmEvent.NR_ISOLATED_ANON : VmEvent.NR_ISOLATED_FILE,
                (long) sign * f.nrPages(pfn));
    }
}
