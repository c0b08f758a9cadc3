package org.panuma.engine.migrate;

import org.panuma.engine.KernelProfile;
import org.panuma.engine.model.AddressSpace;
import org.panuma.engine.model.Frames;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.PageFlags;

/**
 * migrate_page_move_mapping(mapping, newpage, page) of 2.6.19 and 2.6.27; folio_migrate_mapping
 * (with folio_expected_refs) of 6.x.
 *
 * Kernel sources: [6.1 mm/migrate.c folio_migrate_mapping] [6.1 mm/migrate.c folio_expected_refs] [6.12 mm/migrate.c folio_migrate_mapping] include/linux/mm.h folio_expected_ref_count (Debian's 6.12.117)
 *
 * <pre>
 * if !mapping:                                    (anonymous page, not in swap cache)   [000:294 migrate_page_move_mapping] [000:299 mapping] [001:313 migrate_page_move_mapping]
 *     if page_count(page) != 1: return -EAGAIN    [6.x: != folio_expected_refs = 1]   [000:301-302 page_count] [001:321 page_count]
 *     return 0
 * lock mapping->tree_lock; slot = radix_tree_lookup_slot(mapping, page_index(page))   [000:308 radix_tree_lookup_slot] [001:328 pslot]
 * expected = 2 + !!PagePrivate(page)              [6.x: 1 + nr_pages + !!private]   [000:312 PagePrivate] [001:331 expected_count]
 * if page_count(page) != expected || *slot != page: unlock; return -EAGAIN   [000:312-315 radix_pointer] [001:332 page_count]
 * [2.6.27, 6.x] if !page_freeze_refs(page, expected): unlock; return -EAGAIN   [001:338 page_freeze_refs]
 * get_page(newpage)                               (the page cache reference)   [000:321 get_page] [001:346 get_page]
 * if PageSwapCache(page): SetPageSwapCache(newpage); copy page_private   [000:323-325 PageSwapCache] [001:348 PageSwapCache]
 * *slot = newpage                                 [000:329 radix_pointer] [001:354 radix_tree_replace_slot]
 * [2.6.19] __put_page(page)  [2.6.27] page_unfreeze_refs(page, expected - 1)   [000:330 __put_page] [001:356 page_unfreeze_refs]
 * [2.6.27, 6.x] NR_FILE_PAGES moved from the old page's node to the new one's [2.6.19: not moved, the old node keeps counting it]; mem_cgroup_uncharge_cache_page(page) unless swap cache
 *                                                 [001:373-374 __dec_zone_page_state] [001:377-378 mem_cgroup_uncharge_cache_page]
 * </pre>
 *
 * The refcount a caller sees is the reason in words: "refcount 3, expected 2". Transient extra
 * references (a GUP, a speculative page-cache lookup) are drawn from the seeded source here.
 * Hugetlb folios expect 2 (migrate_huge_page_move_mapping). Deviation: the swap cache's radix
 * slot is assumed consistent.
 */
public final class MigratePageMoveMapping {
    private MigratePageMoveMapping() {
    }

    /** The refcount the move expects for {@code pfn} under {@code mapping}. */
    public static int expectedRefs(Machine m, AddressSpace mapping, int pfn) {
        Frames f = m.frames();
        KernelProfile p = m.profile();
        if (f.test(pfn, PageFlags.HUGETLB)) {
            return 2 + (f.test(pfn, PageFlags.PRIVATE) ? 1 : 0);
        }
        if (mapping == null) {
            return 1;
        }
        int cacheRefs = p.isSeed() ? 1 : f.nrPages(pfn);
        return 1 + cacheRefs + (f.test(pfn, PageFlags.PRIVATE) ? 1 : 0);
    }

    public static int move(Machine m, AddressSpace mapping, int newPfn, int pfn, int pass) {
        Frames f = m.frames();
        KernelProfile p = m.profile();
        int expected = expectedRefs(m, mapping, pfn);
        int count = f.refcount(pfn);
        if (m.disturbances().drawTransientRef()) {
            count++;
            m.trace().frame(pfn, pass, "migrate_page_move_mapping", Rc.EAGAIN,
                    "a transient reference (someone looking the page up) raised the count");
        }
        if (count != expected) {
            m.trace().frame(pfn, pass, "migrate_page_move_mapping", Rc.EAGAIN,
                    "refcount " + count + ", expected " + expected + ": someone else holds the page");
            return Rc.EAGAIN;
        }
        if (f.test(pfn, PageFlags.HUGETLB) && (mapping == null || mapping.isAnon())) {
            f.get(newPfn); // the hugetlb pool's reference moves to the new folio
            m.putPage(pfn);
            return Rc.SUCCESS;
        }
        if (mapping == null) {
            return Rc.SUCCESS;
        }
        boolean swap = f.test(pfn, PageFlags.SWAPCACHE);
        if (!swap && mapping.cached(f.index(pfn)) != pfn) {
            m.trace().frame(pfn, pass, "migrate_page_move_mapping", Rc.EAGAIN,
                    "the page cache slot no longer points at the page (truncated or replaced)");
            return Rc.EAGAIN;
        }
        if (p.freezesRefs() && p.isSeed() && m.disturbances().drawTransientRef()) {
            // 2.6.27 checks the count, then freezes it with a cmpxchg: a lockless page-cache lookup
            // (page_cache_get_speculative) that took a reference in between makes the freeze fail.
            m.trace().frame(pfn, pass, "migrate_page_move_mapping", Rc.EAGAIN,
                    "page_freeze_refs failed: a speculative reference came in after the count check");
            return Rc.EAGAIN;
        }
        f.get(newPfn); // the cache reference of the new page
        if (swap) {
            f.set(newPfn, PageFlags.SWAPCACHE);
        } else {
            mapping.setCached(f.index(pfn), newPfn);
            if (p != KernelProfile.V2_6_19 && !f.test(pfn, PageFlags.HUGETLB)) {
                // 2.6.27 and 6.x move NR_FILE_PAGES with the page; 2.6.19 leaves it on the old node.
                m.nodes().filePagesAdd(f.node(pfn), -f.nrPages(pfn));
                m.nodes().filePagesAdd(f.node(newPfn), f.nrPages(newPfn));
            }
        }
        m.putPage(pfn); // the old page's cache reference (never the last: we hold the isolation ref)
        return Rc.SUCCESS;
    }
}
