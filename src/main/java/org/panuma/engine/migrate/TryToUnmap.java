package org.panuma.engine.migrate;

import org.panuma.engine.model.Frames;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.Pte;

/**
 * try_to_unmap(page, migration=1) of 2.6.19/2.6.27 (mm/rmap.c), try_to_migrate(folio) of 6.x:
 * every pte that maps the page becomes a migration entry (keeping the write bit), dropping one
 * mapcount and one reference per mapping.
 *
 * <pre>
 * for each vma in the page's anon_vma / i_mmap:
 *     pte = the pte of the page in vma
 *     if pte maps page:  set migration entry(page, pte_write);  page_remove_rmap;  put_page
 * </pre>
 *
 * Deviations: VM_LOCKED does not stop migration (as in the kernel with migration=1); there is no
 * failure mode (the kernel's would need an anon_vma race).
 */
public final class TryToUnmap {
    private TryToUnmap() {
    }

    public static void unmap(Machine m, int pfn) {
        Frames f = m.frames();
        final int[] dropped = {0};
        m.forEachRmapSlot(f.mapping(pfn), f.index(pfn), f.nrPages(pfn), (vma, slot) -> {
            int pte = vma.pte(slot);
            if (Pte.isPresent(pte) && Pte.pfn(pte) == pfn) {
                vma.setPte(slot, Pte.migration(pfn, Pte.isWrite(pte)));
                if (slot == f.index(pfn) - vma.pgoff() || f.nrPages(pfn) == 1) {
                    dropped[0]++;
                }
            }
        });
        int maps = Math.min(dropped[0], f.mapcount(pfn));
        f.setMapcount(pfn, f.mapcount(pfn) - maps);
        for (int i = 0; i < maps; i++) {
            m.putPage(pfn);
        }
    }
}
