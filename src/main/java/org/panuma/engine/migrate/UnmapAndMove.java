package org.panuma.engine.migrate;

import org.panuma.engine.model.Disturbances;
import org.panuma.engine.model.Frames;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.PageFlags;

/**
 * unmap_and_move(get_new_page, private, page, force) of 2.6.19 and 2.6.27; unmap_and_move and
 * __unmap_and_move (MIGRATE_SYNC) of 6.1, also used for 6.12 and for hugetlb folios.
 *
 * Kernel sources: [6.1 mm/migrate.c migrate_folio_unmap] [6.1 mm/migrate.c migrate_folio_move] [6.1 mm/migrate.c unmap_and_move_huge_page] [6.12 mm/migrate.c migrate_folio_unmap] [6.12 mm/migrate.c migrate_folio_move]
 *
 * <pre>
 * seeds:
 *   newpage = get_new_page(page, private, &amp;result); if !newpage: return -ENOMEM   [000:594-597 get_new_page]
 *   if page_count(page) == 1: goto move_newpage            (freed under us; rc = 0)   [000:599 page_count] [001:657 page_count]
 *   [2.6.27] charge = mem_cgroup_prepare_migration(page, newpage)   [001:661 charge]
 *            if charge == -ENOMEM: rc = -ENOMEM; goto move_newpage   [001:662 charge]
 *   rc = -EAGAIN
 *   if TestSetPageLocked(page): if !force: goto move_newpage; lock_page(page)   [000:604-607 TestSetPageLocked] [001:670 trylock_page]
 *   if PageWriteback(page):     if !force: goto unlock;      wait_on_page_writeback(page)   [000:610-613 PageWriteback] [001:676-679 PageWriteback]
 *   [2.6.27] if !page->mapping: if !PageAnon &amp;&amp; PagePrivate: try_to_free_buffers; goto unlock   [001:706-707 PageAnon] [001:715 try_to_free_buffers]
 *   try_to_unmap(page, 1)                                  [000:619 try_to_unmap] [001:721 try_to_unmap]
 *   if !page_mapped(page): rc = move_to_new_page(newpage, page)   [000:620-621 page_mapped] [001:723 page_mapped]
 *   if rc: remove_migration_ptes(page, page)               [000:624 remove_migration_ptes] [001:727 remove_migration_ptes]
 * unlock:
 *   unlock_page(page)                                      [000:627 unlock_page]
 *   if rc != -EAGAIN: list_del(page); move_to_lru(page)   (freed if migrated)   [000:629-637 EAGAIN] [001:743 list_del]
 * move_newpage:
 *   [2.6.27] if !charge: mem_cgroup_end_migration(newpage)   [001:749 mem_cgroup_end_migration]
 *   move_to_lru(newpage)                                   (freed if not used)   [000:645 move_to_lru] [001:754 move_to_lru]
 *   if result: *result = rc ? rc : page_to_nid(newpage)   [000:646-650 page_to_nid]
 *   return rc
 *
 * 6.1:
 *   if page_count(page) == 1: ClearPageActive; rc = 0; goto out      (freed under us)
 *   newpage = get_new_page(); if !newpage: return -ENOMEM
 *   __unmap_and_move: rc = -EAGAIN
 *     if !trylock(src): if !force: goto out; lock(src)
 *     if writeback(src): (MIGRATE_SYNC) if !force: goto out_unlock; wait
 *     if !src->mapping: if private: try_to_free_buffers; goto out_unlock_both
 *     else if mapped(src): try_to_migrate(src); page_was_mapped = true
 *     if !mapped(src): rc = move_to_new_folio(dst, src)
 *     if rc == 0: folio_add_lru(dst)
 *     if page_was_mapped: remove_migration_ptes(src, rc == 0 ? dst : src)
 *     unlock dst, src; if rc == 0: folio_put(dst)
 * out:
 *   if rc != -EAGAIN: list_del(page)
 *   if rc == 0: put_page(page)     (the isolation reference: the page is freed)
 *   else: if rc != -EAGAIN: list_add_tail(page, ret); put_page(newpage)
 * </pre>
 *
 * "Locked by someone else" and "under writeback" are the page's LOCKED / WRITEBACK flags set by
 * {@link Disturbances} holds, or transient draws from its seeded source. Deviation (6.12): the batched
 * unmap/move of 6.3+ (migrate_pages_batch) is modelled page by page; the outcome per page is the same
 * for MIGRATE_SYNC.
 */
public final class UnmapAndMove {
    private UnmapAndMove() {
    }

    /** Whether the page left migrate_pages' list (list_del) during this attempt. */
    public static final class Attempt {
        public boolean leftList;
    }

    public static int unmapAndMove(Machine m, MigrationTarget target, int pfn, boolean force, int pass,
                                   int cpu, Attempt attempt) {
        attempt.leftList = false;
        return m.profile().isSeed()
                ? seed(m, target, pfn, force, pass, cpu, attempt)
                : modern(m, target, pfn, force, pass, cpu, attempt);
    }

    private static int seed(Machine m, MigrationTarget target, int pfn, boolean force, int pass, int cpu,
                            Attempt attempt) {
        Frames f = m.frames();
        String fn = "unmap_and_move";
        int newPfn = target.allocate(m, pfn);
        if (newPfn < 0) {
            m.trace().frame(pfn, pass, fn, Rc.ENOMEM, "no free page on the target node: -ENOMEM, migration stops");
            return Rc.ENOMEM;
        }
        int rc = Rc.SUCCESS;
        if (f.refcount(pfn) == 1) {
            m.trace().frame(pfn, pass, fn, rc, "refcount 1: the page was freed under us, nothing to move");
        } else if (m.profile().chargesMemcgOnMigration() && !prepareMemcg(m, pfn, newPfn)) {
            rc = Rc.ENOMEM;
            m.trace().frame(pfn, pass, "mem_cgroup_prepare_migration", rc,
                    "the memory cgroup is at its limit: cannot charge the new page");
        } else {
            rc = Rc.EAGAIN;
            if (lockedByOther(m, pfn)) {
                if (!force) {
                    m.trace().frame(pfn, pass, fn, rc, "page locked by someone else; no waiting before pass 4");
                    return seedMoveNewpage(m, target, pfn, newPfn, rc, cpu);
                }
                m.disturbances().waitForLock(f, pfn);
                if (m.trace().on()) {
                    m.trace().frame(pfn, pass, fn, 0, "forced (pass " + (pass + 1) + "): waited for the page lock");
                }
            }
            f.set(pfn, PageFlags.LOCKED);
            boolean unlockOnly = false;
            if (underWriteback(m, pfn)) {
                if (!force) {
                    m.trace().frame(pfn, pass, fn, rc, "page under writeback; no waiting before pass 4");
                    unlockOnly = true;
                } else {
                    m.disturbances().waitForWriteback(f, pfn);
                    if (m.trace().on()) {
                        m.trace().frame(pfn, pass, fn, 0, "forced (pass " + (pass + 1) + "): waited for writeback");
                    }
                }
            }
            if (!unlockOnly && m.profile().chargesMemcgOnMigration() && f.mapping(pfn) < 0) {
                if (!f.test(pfn, PageFlags.ANON) && f.test(pfn, PageFlags.PRIVATE)) {
                    f.clear(pfn, PageFlags.PRIVATE);
                    m.putPage(pfn);
                }
                m.trace().frame(pfn, pass, fn, rc, "page has no mapping (truncated or new swap cache): not migrated, retried");
                unlockOnly = true;
            }
            if (!unlockOnly) {
                TryToUnmap.unmap(m, pfn);
                if (f.mapcount(pfn) == 0) {
                    rc = MoveToNewPage.move(m, newPfn, pfn, pass);
                } else {
                    m.trace().frame(pfn, pass, "try_to_unmap", rc, "left the page mapped " + f.mapcount(pfn)
                            + " time(s) (a young pte in a nonlinear VMA): page_mapped, not moved, retried");
                }
                if (rc != Rc.SUCCESS) {
                    RemoveMigrationPtes.remove(m, pfn, pfn);
                }
            }
            f.clear(pfn, PageFlags.LOCKED);
            if (rc != Rc.EAGAIN) {
                attempt.leftList = true;
                if (rc == Rc.SUCCESS) {
                    m.trace().moved(pfn, newPfn);
                    if (m.trace().on()) {
                        m.trace().frame(pfn, pass, fn, rc, "moved to node " + f.node(newPfn) + " in pass " + (pass + 1));
                    }
                }
                PutbackLruPages.moveToLru(m, pfn, cpu);
            }
        }
        return seedMoveNewpage(m, target, pfn, newPfn, rc, cpu);
    }

    private static int seedMoveNewpage(Machine m, MigrationTarget target, int pfn, int newPfn, int rc, int cpu) {
        int node = m.frames().node(newPfn);
        PutbackLruPages.moveToLru(m, newPfn, cpu);
        target.result(pfn, rc != Rc.SUCCESS ? rc : node);
        return rc;
    }

    /** mem_cgroup_prepare_migration: charge the new page to the old page's group; false at the limit. */
    private static boolean prepareMemcg(Machine m, int pfn, int newPfn) {
        Frames f = m.frames();
        int cg = f.memcg(pfn);
        if (cg < 0) {
            return true;
        }
        if (!m.memcgs().charge(cg, f.nrPages(pfn))) {
            return false;
        }
        f.setMemcg(newPfn, cg);
        return true;
    }

    private static boolean lockedByOther(Machine m, int pfn) {
        return m.frames().test(pfn, PageFlags.LOCKED) || m.disturbances().drawLockedByOther();
    }

    private static boolean underWriteback(Machine m, int pfn) {
        Frames f = m.frames();
        if (f.test(pfn, PageFlags.WRITEBACK)) {
            return true;
        }
        if (m.disturbances().drawWriteback()) {
            f.set(pfn, PageFlags.WRITEBACK);
            return true;
        }
        return false;
    }

    private static int modern(Machine m, MigrationTarget target, int pfn, boolean force, int pass, int cpu,
                              Attempt attempt) {
        Frames f = m.frames();
        String fn = "unmap_and_move";
        int rc;
        int newPfn = -1;
        if (f.refcount(pfn) == 1) {
            f.clear(pfn, PageFlags.ACTIVE);
            rc = Rc.SUCCESS;
            m.trace().frame(pfn, pass, fn, rc, "refcount 1: the page was freed under us (counted as migrated)");
        } else {
            newPfn = target.allocate(m, pfn);
            if (newPfn < 0) {
                m.trace().frame(pfn, pass, fn, Rc.ENOMEM, "no free page on the target node: -ENOMEM, migration stops");
                return Rc.ENOMEM;
            }
            rc = unmapAndMoveLocked(m, pfn, newPfn, force, pass);
        }
        if (rc != Rc.EAGAIN) {
            attempt.leftList = true;
        }
        if (rc == Rc.SUCCESS) {
            NrIsolated.mod(m, pfn, -1);
            if (newPfn >= 0) {
                m.trace().moved(pfn, newPfn);
                if (m.trace().on()) {
                    m.trace().frame(pfn, pass, fn, rc, "moved to node " + f.node(newPfn) + " in pass " + (pass + 1));
                }
            }
            if (f.test(pfn, PageFlags.HUGETLB)) {
                f.clear(pfn, PageFlags.HUGETLB_ISOLATED);
            }
            m.putPage(pfn);
        } else {
            m.putPage(newPfn);
        }
        return rc;
    }

    /** __unmap_and_move (6.1), MIGRATE_SYNC. */
    private static int unmapAndMoveLocked(Machine m, int pfn, int newPfn, boolean force, int pass) {
        Frames f = m.frames();
        String fn = "__unmap_and_move";
        int rc = Rc.EAGAIN;
        if (lockedByOther(m, pfn)) {
            if (!force) {
                m.trace().frame(pfn, pass, fn, rc, "page locked by someone else; no waiting before pass 4");
                return rc;
            }
            m.disturbances().waitForLock(f, pfn);
            if (m.trace().on()) {
                m.trace().frame(pfn, pass, fn, 0, "forced (pass " + (pass + 1) + "): waited for the page lock");
            }
        }
        f.set(pfn, PageFlags.LOCKED);
        if (underWriteback(m, pfn)) {
            if (!force) {
                m.trace().frame(pfn, pass, fn, rc, "page under writeback; no waiting before pass 4");
                f.clear(pfn, PageFlags.LOCKED);
                return rc;
            }
            m.disturbances().waitForWriteback(f, pfn);
            if (m.trace().on()) {
                m.trace().frame(pfn, pass, fn, 0, "forced (pass " + (pass + 1) + "): waited for writeback");
            }
        }
        boolean wasMapped = false;
        if (f.mapping(pfn) < 0) {
            if (f.test(pfn, PageFlags.PRIVATE)) {
                f.clear(pfn, PageFlags.PRIVATE);
                m.putPage(pfn);
                m.trace().frame(pfn, pass, fn, rc, "page has no mapping but private data: buffers freed, retried");
                f.clear(pfn, PageFlags.LOCKED);
                return rc;
            }
        } else if (f.mapcount(pfn) > 0) {
            TryToUnmap.unmap(m, pfn);
            wasMapped = true;
        }
        if (f.mapcount(pfn) == 0) {
            rc = MoveToNewPage.move(m, newPfn, pfn, pass);
        }
        if (rc == Rc.SUCCESS && !f.test(newPfn, PageFlags.HUGETLB)) {
            m.lruAdd(newPfn); // folio_add_lru with the LRU caches disabled: straight onto the list
        }
        if (wasMapped) {
            RemoveMigrationPtes.remove(m, pfn, rc == Rc.SUCCESS ? newPfn : pfn);
        }
        f.clear(pfn, PageFlags.LOCKED);
        if (rc == Rc.SUCCESS) {
            m.putPage(newPfn); // the allocation reference; the mappings and the cache hold theirs
        }
        return rc;
    }
}
