package org.panuma.engine.migrate;

import java.util.List;
import org.panuma.engine.model.Frames;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.Pte;
import org.panuma.engine.model.Vma;

/**
 * remove_migration_ptes(old, new) with remove_anon_migration_ptes / remove_file_migration_ptes /
 * remove_migration_pte of 2.6.19 and 2.6.27 (mm/migrate.c); remove_migration_ptes of 6.x.
 *
 * <pre>
 * walk the VMAs of new's anon_vma (PageAnon(new)) or of its mapping's i_mmap:
 *     addr = page_address_in_vma(new, vma); if -EFAULT: skip
 *     pte = *ptep; if !is_swap_pte(pte): skip
 *     entry = pte_to_swp_entry(pte)
 *     if !is_migration_entry(entry) || migration_entry_to_page(entry) != old: skip
 *     get_page(new); [2.6.27: mem_cgroup_charge(new)]
 *     pte = mk_pte(new); if is_write_migration_entry(entry): pte_mkwrite
 *     set_pte_at; page_add_anon_rmap / page_add_file_rmap (mapcount++)
 * </pre>
 *
 * Called with old == new when migration failed: the page is mapped back where it was.
 */
public final class RemoveMigrationPtes {
    private RemoveMigrationPtes() {
    }

    public static void remove(Machine m, int oldPfn, int newPfn) {
        Frames f = m.frames();
        int mapping = f.mapping(newPfn);
        if (mapping < 0) {
            return; // !mapping: nothing to walk
        }
        int head = f.index(newPfn);
        int nr = f.nrPages(newPfn);
        // The reverse-map walk of Machine#forEachRmapSlot, written out: once per migrated page, and a
        // capturing lambda there costs an allocation per page.
        List<Vma> vmas = m.space(mapping).vmas();
        for (int v = 0; v < vmas.size(); v++) {
            Vma vma = vmas.get(v);
            int pgoff = vma.pgoff();
            int pages = vma.pages();
            for (int k = 0; k < nr; k++) {
                int slot = head + k - pgoff;
                if (slot < 0 || slot >= pages) {
                    continue;
                }
                int pte = vma.pte(slot);
                if (!Pte.isSwapPte(pte) || !Pte.isMigration(pte) || Pte.pfn(pte) != oldPfn) {
                    continue;
                }
                vma.setPte(slot, Pte.present(newPfn, Pte.isWrite(pte)));
                if (nr == 1 || slot == head - pgoff) {
                    f.get(newPfn);
                    f.setMapcount(newPfn, f.mapcount(newPfn) + 1);
                }
            }
        }
    }
}
