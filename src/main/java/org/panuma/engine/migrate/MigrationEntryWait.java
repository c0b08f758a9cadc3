package org.panuma.engine.migrate;

import org.panuma.engine.model.Frames;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.Mm;
import org.panuma.engine.model.PageFlags;
import org.panuma.engine.model.Pte;
import org.panuma.engine.model.Vma;

/**
 * migration_entry_wait(mm, pmd, address) of 2.6.19 and 2.6.27: a fault on a pte holding a
 * migration entry waits until the page under migration is unlocked, then the fault is retried.
 *
 * Kernel sources: [6.1 mm/migrate.c migration_entry_wait]
 *
 * <pre>
 * pte = *ptep (under the pte lock)                     [000:258 migration_entry_wait] [001:269 migration_entry_wait]
 * if !is_swap_pte(pte): out           (someone already fixed the pte)   [000:268 is_swap_pte] [001:279 is_swap_pte]
 * entry = pte_to_swp_entry(pte); if !is_migration_entry(entry): out   [000:272 is_migration_entry] [001:283 is_migration_entry]
 * page = migration_entry_to_page(entry)
 * [2.6.19] get_page(page)                                 [000:277 get_page]
 * [2.6.27] if !get_page_unless_zero(page): out   (refs frozen: the radix tree is being switched)   [001:295 get_page_unless_zero]
 * unlock; wait_on_page_locked(page); put_page(page)     [000:279 wait_on_page_locked] [001:298 wait_on_page_locked]
 * </pre>
 */
public final class MigrationEntryWait {
    private MigrationEntryWait() {
    }

    /** What the faulting thread does. */
    public enum Outcome { NOT_A_SWAP_PTE, NOT_A_MIGRATION_ENTRY, REFS_FROZEN_RETRY, WAITED_FOR_PAGE_LOCK, PAGE_NOT_LOCKED }

    public static Outcome wait(Machine m, Mm mm, long address) {
        Vma vma = mm.vmaLookup(address);
        if (vma == null) {
            return Outcome.NOT_A_SWAP_PTE;
        }
        int pte = vma.pte(vma.slot(address));
        if (!Pte.isSwapPte(pte)) {
            return Outcome.NOT_A_SWAP_PTE;
        }
        if (!Pte.isMigration(pte)) {
            return Outcome.NOT_A_MIGRATION_ENTRY;
        }
        Frames f = m.frames();
        int pfn = Pte.pfn(pte);
        if (m.profile().freezesRefs() && f.refcount(pfn) == 0) {
            return Outcome.REFS_FROZEN_RETRY;
        }
        // get_page / wait_on_page_locked / put_page: balanced, the page's state does not change.
        return f.test(pfn, PageFlags.LOCKED) ? Outcome.WAITED_FOR_PAGE_LOCK : Outcome.PAGE_NOT_LOCKED;
    }
}
