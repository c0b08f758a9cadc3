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
 * Kernel sources: [6.1 mm/migrate.c remove_migration_ptes] [6.12 mm/migrate.c remove_migration_ptes]
 *
 * <pre>
 * walk the VMAs of new's anon_vma (PageAnon(new)) or of its mapping's i_mmap:
 *                  [000:243 remove_migration_ptes] [000:245 PageAnon] [000:216 remove_anon_migration_ptes] [000:233 list_for_each_entry]
 *                  [000:194 remove_file_migration_ptes] [000:201 mapping] [000:206 vma_prio_tree_foreach] [001:254 remove_migration_ptes]
 *     addr = page_address_in_vma(new, vma); if -EFAULT: skip      [000:136-138 page_address_in_vma] [001:123 remove_migration_pte]
 *     pte = *ptep; if !is_swap_pte(pte): skip                      [000:155 is_swap_pte] [000:163 is_swap_pte] [001:160 is_swap_pte]
 *     entry = pte_to_swp_entry(pte)
 *     if !is_migration_entry(entry) || migration_entry_to_page(entry) != old: skip   [000:168 is_migration_entry] [001:165 is_migration_entry]
 *     get_page(new); [2.6.27: mem_cgroup_charge(new)]             [000:171 get_page] [001:180 mem_cgroup_charge]
 *     pte = mk_pte(new); if is_write_migration_entry(entry): pte_mkwrite   [000:173 is_write_migration_entry] [001:184 is_write_migration_entry]
 *     set_pte_at; page_add_anon_rmap / page_add_file_rmap (mapcount++)     [000:175 set_pte_at] [000:178 page_add_anon_rmap] [000:180 page_add_file_rmap]
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
