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
 * <pre>
 * pte = *ptep (under the pte lock)
 * if !is_swap_pte(pte): out           (someone already fixed the pte)
 * entry = pte_to_swp_entry(pte); if !is_migration_entry(entry): out
 * page = migration_entry_to_page(entry)
 * [2.6.19] get_page(page)
 * [2.6.27] if !get_page_unless_zero(page): out   (refs frozen: the radix tree is being switched)
 * unlock; wait_on_page_locked(page); put_page(page)
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
