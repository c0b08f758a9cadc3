package org.panuma.engine.migrate;

import org.panuma.engine.model.AddressSpace;
import org.panuma.engine.model.Frames;
import org.panuma.engine.model.IntList;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.PageFlags;
import org.panuma.engine.model.Pte;

/**
 * try_split_folio(folio, split_folios[, mode]) of mm/migrate.c (6.1.192 and 6.12.117) over
 * split_folio_to_list, i.e. split_huge_page_to_list_to_order(.., 0) of mm/huge_memory.c, for an
 * isolated large folio (THP or multi-size THP) that migration could not allocate whole.
 *
 * <pre>
 * try_split_folio:
 *   6.1:  folio_lock(folio)                                                    [6.1 mm/migrate.c try_split_folio]
 *   6.12: mode == MIGRATE_ASYNC ? (folio_trylock or return -EAGAIN) : folio_lock(folio)   [6.12 mm/migrate.c try_split_folio]
 *   rc = split_folio_to_list(folio, split_folios); folio_unlock(folio)
 *   if !rc: list_move_tail(folio-&gt;lru, split_folios)      (the head joins its tails)
 * split_huge_page_to_list_to_order(page, list, 0):
 *   huge zero folio: -EBUSY;  folio_test_writeback: -EBUSY
 *   anon: anon_vma = folio_get_anon_vma; !anon_vma: -EBUSY
 *   !can_split_folio(folio, 1, &amp;extra_pins): -EAGAIN
 *       (folio_mapcount == folio_ref_count - extra_pins - 1; extra_pins: page cache or swap cache, one a page)
 *   unmap_folio; __split_huge_page: each tail becomes a base page with the head's flags, mapping and
 *       index + i, mapped where the folio was; with a list (an isolated folio) each tail takes a
 *       reference and goes on the list (lru_add_page_tail)
 *   remap_page; 0
 * </pre>
 *
 * In the model the head frame becomes the first base page and each tail a new frame on the same
 * node: the node's page count, the memory cgroup's charge and NR_ISOLATED_* were taken for the whole
 * folio and are now held by its pages one each. Deviations: the lock (6.12 trylock in async mode) is
 * taken as {@link UnmapAndMove} takes it (a lock held by someone else fails the split with -EAGAIN);
 * a page-cache folio with private data (buffers) is not split (-EBUSY), where the kernel releases
 * the buffers first.
 */
public final class SplitFolio {
    private SplitFolio() {
    }

    /**
     * Splits the isolated large folio {@code pfn} into base pages and appends all of them, head
     * first, to {@code splitList}; returns 0, or -EBUSY / -EAGAIN when the folio cannot be split
     * (nothing changed then).
     */
    public static int trySplit(Machine m, int pfn, IntList splitList, int pass) {
        Frames f = m.frames();
        String fn = "try_split_folio";
        int nr = f.nrPages(pfn);
        if (f.test(pfn, PageFlags.LOCKED) || f.test(pfn, PageFlags.WRITEBACK)) {
            int rc = f.test(pfn, PageFlags.LOCKED) ? Rc.EAGAIN : Rc.EBUSY;
            m.trace().frame(pfn, pass, fn, rc, f.test(pfn, PageFlags.LOCKED)
                    ? "the folio is locked by someone else: not split" : "the folio is under writeback: not split");
            return rc;
        }
        if (f.test(pfn, PageFlags.PRIVATE)) {
            m.trace().frame(pfn, pass, fn, Rc.EBUSY, "the folio has private data: not split (modelled as -EBUSY)");
            return Rc.EBUSY;
        }
        AddressSpace space = f.mapping(pfn) < 0 ? null : m.space(f.mapping(pfn));
        boolean cached = space != null && !space.isAnon() && space.cached(f.index(pfn)) == pfn;
        // can_split_folio(folio, 1): mapcount == refcount - extra_pins - 1 (the isolation's reference)
        int expected = f.mapcount(pfn) + (cached ? 1 : 0) + 1;
        if (f.refcount(pfn) != expected) {
            m.trace().frame(pfn, pass, fn, Rc.EAGAIN, "refcount " + f.refcount(pfn) + ", expected " + expected
                    + ": someone else holds the folio, can_split_folio fails");
            return Rc.EAGAIN;
        }
        int head = f.index(pfn);
        int flags = f.flags(pfn) & ~(PageFlags.THP | PageFlags.LOCKED | PageFlags.CPU_MASK);
        int[] pages = new int[nr];
        pages[0] = pfn;
        for (int i = 1; i < nr; i++) {
            int tail = f.allocate(f.node(pfn));
            f.setRefcount(tail, 0);
            f.set(tail, flags);
            f.setMapping(tail, f.mapping(pfn));
            f.setIndex(tail, head + i);
            f.setData(tail, f.data(pfn));
            f.setMemcg(tail, f.memcg(pfn));
            if (cached) {
                space.setCached(head + i, tail);
                f.get(tail);
            }
            pages[i] = tail;
        }
        f.clear(pfn, PageFlags.THP);
        f.setFolioPages(pfn, 1);
        int[] maps = new int[nr];
        m.forEachRmapSlot(f.mapping(pfn), head, nr, (v, s) -> {
            int pte = v.pte(s);
            if (Pte.isPresent(pte) && Pte.pfn(pte) == pfn) {
                int i = v.pageIndex(s) - head;
                maps[i]++;
                if (i > 0) {
                    v.setPte(s, Pte.present(pages[i], Pte.isWrite(pte)));
                }
            }
        });
        f.setRefcount(pfn, f.refcount(pfn) - f.mapcount(pfn) + maps[0]);
        f.setMapcount(pfn, maps[0]);
        splitList.add(pfn);
        for (int i = 1; i < nr; i++) {
            f.setMapcount(pages[i], maps[i]);
            f.setRefcount(pages[i], f.refcount(pages[i]) + maps[i] + 1); // the mappings, and lru_add_page_tail's get_page
            splitList.add(pages[i]);
        }
        if (m.trace().on()) {
            m.trace().frame(pfn, pass, fn, 0, "split into " + nr + " base pages, retried after the rest of the list");
        }
        return 0;
    }
}
