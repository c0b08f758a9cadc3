package org.panuma.engine.migrate;

import java.util.List;
import org.panuma.engine.KernelOops;
import org.panuma.engine.model.Frames;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.Pte;
import org.panuma.engine.model.Vma;

/**
 * try_to_unmap(page, migration=1) of 2.6.19/2.6.27 (mm/rmap.c), try_to_migrate(folio) of 6.x:
 * every pte that maps the page becomes a migration entry (keeping the write bit), dropping one
 * mapcount and one reference per mapping.
 *
 * Kernel sources: [6.1 mm/rmap.c try_to_migrate] [6.12 mm/rmap.c try_to_migrate]
 *
 * <pre>
 * the call sites: try_to_unmap(page, 1); if !page_mapped(page): move   [000:619-621 try_to_unmap] [001:721 try_to_unmap]
 * for each vma in the page's anon_vma / i_mmap:
 *     pte = the pte of the page in vma
 *     if pte maps page:  set migration entry(page, pte_write);  page_remove_rmap;  put_page
 * </pre>
 *
 * Seeds: a VM_NONLINEAR VMA (remap_file_pages) is not on the prio tree; try_to_unmap_file reaches it
 * through try_to_unmap_cluster, which skips a young pte (ptep_clear_flush_young) and turns an old one
 * into a file pte. A young pte leaves the page mapped (SWAP_AGAIN), and unmap_and_move, which ignores
 * the return, finds page_mapped: -EAGAIN, retried; by the next pass the pte is old and goes.
 *
 * Deviations: VM_LOCKED does not stop migration (as in the kernel with migration=1); the anon_vma
 * race (page_lock_anon_vma finding none) is not modelled.
 */
public final class TryToUnmap {
    private TryToUnmap() {
    }

    public static void unmap(Machine m, int pfn) {
        Frames f = m.frames();
        int mapping = f.mapping(pfn);
        if (mapping < 0) {
            if (m.profile().isSeed()) {
                // try_to_unmap_file starts with spin_lock(&page->mapping->i_mmap_lock). 2.6.27 never gets
                // here without a mapping (the !page->mapping check before the call [001:698 try_to_unmap]).
                throw new KernelOops("try_to_unmap on a page whose page->mapping is NULL (truncated while isolated):"
                        + " try_to_unmap_file dereferences it; 2.6.27's !page->mapping check avoids this");
            }
            return;
        }
        int index = f.index(pfn);
        int nr = f.nrPages(pfn);
        int dropped = 0;
        // The reverse-map walk of Machine#forEachRmapSlot, written out: this runs once per migrated
        // page, and a capturing lambda there costs an allocation per page.
        List<Vma> vmas = m.space(mapping).vmas();
        for (int v = 0; v < vmas.size(); v++) {
            Vma vma = vmas.get(v);
            int pgoff = vma.pgoff();
            int pages = vma.pages();
            for (int k = 0; k < nr; k++) {
                int slot = index + k - pgoff;
                if (slot < 0 || slot >= pages) {
                    continue;
                }
                int pte = vma.pte(slot);
                if (Pte.isPresent(pte) && Pte.pfn(pte) == pfn && vma.hasFlag(Vma.VM_NONLINEAR)) {
                    // try_to_unmap_cluster: a young pte is only aged and stays; an old one becomes a file pte
                    // (no migration entry: the next fault reads the page cache).
                    if (!vma.clearYoung(slot)) {
                        vma.setPte(slot, Pte.NONE);
                        dropped++;
                    }
                    continue;
                }
                if (Pte.isPresent(pte) && Pte.pfn(pte) == pfn) {
                    vma.setPte(slot, Pte.migration(pfn, Pte.isWrite(pte)));
                    if (slot == index - pgoff || nr == 1) {
                        dropped++;
                    }
                }
            }
        }
        int maps = Math.min(dropped, f.mapcount(pfn));
        f.setMapcount(pfn, f.mapcount(pfn) - maps);
        for (int i = 0; i < maps; i++) {
            m.putPage(pfn);
        }
    }
}
