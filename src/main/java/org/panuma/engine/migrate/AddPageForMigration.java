package org.panuma.engine.migrate;

import org.panuma.engine.KernelProfile;
import org.panuma.engine.model.Frames;
import org.panuma.engine.model.IntList;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.Mm;
import org.panuma.engine.model.PageFlags;
import org.panuma.engine.model.Vma;

/**
 * add_page_for_migration of 4.17–6.11 (profile v6.1) and add_folio_for_migration /
 * __add_folio_for_migration of 6.12+ (profile v6.12), mm/migrate.c.
 *
 * Kernel sources: [6.1 mm/migrate.c add_page_for_migration] [6.12 mm/migrate.c add_folio_for_migration]
 *
 * <pre>
 * 6.1:
 *   vma = vma_lookup(mm, addr); !vma || !vma_migratable(vma): -EFAULT
 *   page = follow_page(vma, addr, FOLL_GET | FOLL_DUMP); IS_ERR: PTR_ERR (-EFAULT); !page: -ENOENT
 *   is_zone_device_page: -ENOENT
 *   page_to_nid(page) == node: 0
 *   page_mapcount(page) &gt; 1 &amp;&amp; !migrate_all: -EACCES
 *   PageHuge: if PageHead: isolate_hugetlb ? 1 : -EBUSY   (a tail address keeps -EACCES)
 *   else: isolate_lru_page(compound_head) ? -EBUSY : 1 (list_add_tail; NR_ISOLATED_* += nr)
 *   put_page(page)
 * 6.12:
 *   vma as above; folio = folio_walk_start(FW_ZEROPAGE); !folio: -ENOENT
 *   zero folio: -EFAULT; zone device: -ENOENT; folio_nid == node: 0
 *   folio_likely_mapped_shared &amp;&amp; !migrate_all: -EACCES
 *   hugetlb: isolate_hugetlb ? 1 : -EBUSY;  else folio_isolate_lru ? 1 : -EBUSY
 * </pre>
 *
 * Returns 1 (queued), 0 (already on the node) or a negative errno.
 */
public final class AddPageForMigration {
    private AddPageForMigration() {
    }

    public static int add(Machine m, Mm mm, int entry, long addr, int node, IntList pagelist, boolean migrateAll) {
        Frames f = m.frames();
        String fn = m.profile() == KernelProfile.V6_12 ? "add_folio_for_migration" : "add_page_for_migration";
        Vma vma = mm.vmaLookup(addr);
        if (vma == null || !vma.migratable(m.profile())) {
            if (m.trace().on()) {
                m.trace().entry(entry, -1, fn, Rc.EFAULT, vma == null ? "no VMA contains 0x" + Long.toHexString(addr)
                        : vma.name() + " is VM_IO/VM_PFNMAP: not migratable");
            }
            return Rc.EFAULT;
        }
        int pfn = FollowPage.lookup(m, vma, addr);
        if (pfn == FollowPage.ERR_EFAULT) {
            m.trace().entry(entry, -1, fn, Rc.EFAULT, FollowPage.whyNot(m, vma, addr, pfn));
            return Rc.EFAULT;
        }
        if (pfn == FollowPage.NULL) {
            m.trace().entry(entry, -1, fn, Rc.ENOENT, FollowPage.whyNot(m, vma, addr, pfn));
            return Rc.ENOENT;
        }
        if (f.test(pfn, PageFlags.ZERO)) { // 6.12: the zero folio is returned and refused here
            m.trace().entry(entry, pfn, fn, Rc.EFAULT, "the shared zero page");
            return Rc.EFAULT;
        }
        f.get(pfn);
        int err = decide(m, fn, entry, vma, addr, pfn, node, pagelist, migrateAll);
        m.putPage(pfn);
        return err;
    }

    private static int decide(Machine m, String fn, int entry, Vma vma, long addr, int pfn, int node,
                              IntList pagelist, boolean migrateAll) {
        Frames f = m.frames();
        if (f.test(pfn, PageFlags.ZONE_DEVICE)) {
            m.trace().entry(entry, pfn, fn, Rc.ENOENT, "a ZONE_DEVICE page (device memory)");
            return Rc.ENOENT;
        }
        if (f.node(pfn) == node) {
            if (m.trace().on()) {
                m.trace().entry(entry, pfn, fn, 0, "already on node " + node);
            }
            return 0;
        }
        if (f.mapcount(pfn) > 1 && !migrateAll) {
            if (m.trace().on()) {
                m.trace().entry(entry, pfn, fn, Rc.EACCES, "mapped " + f.mapcount(pfn) + " times and MPOL_MF_MOVE_ALL not given");
            }
            return Rc.EACCES;
        }
        if (f.test(pfn, PageFlags.HUGETLB)) {
            boolean head = vma.slot(addr) == f.index(pfn) - vma.pgoff();
            if (m.profile() == KernelProfile.V6_1 && !head) {
                m.trace().entry(entry, pfn, fn, Rc.EACCES, "an address inside a hugetlb page that is not its head (6.1 leaves -EACCES)");
                return Rc.EACCES;
            }
        }
        int rc = IsolateLruPage.isolate(m, pfn);
        if (rc != Rc.SUCCESS) {
            m.trace().entry(entry, pfn, fn, Rc.EBUSY, SysMovePagesSeed.notOnLru(m, pfn));
            return Rc.EBUSY;
        }
        pagelist.add(pfn);
        NrIsolated.mod(m, pfn, +1);
        if (m.trace().on()) {
            m.trace().entry(entry, pfn, fn, 1, "isolated, queued for node " + node);
        }
        return 1;
    }
}
