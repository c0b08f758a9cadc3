package org.panuma.engine.migrate;

import org.panuma.engine.KernelProfile;
import org.panuma.engine.model.Frames;
import org.panuma.engine.model.IntList;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.PageFlags;
import org.panuma.engine.model.VmEvent;

/**
 * migrate_pages(from, get_new_page, private) of 2.6.19 and 2.6.27; migrate_pages(..., MIGRATE_SYNC,
 * MR_SYSCALL) of 6.1 and 6.12, with the split and retry of a large folio the target cannot take whole.
 *
 * Kernel sources: [6.1 mm/migrate.c migrate_pages] [6.1 mm/migrate.c migrate_pages_batch] [6.12 mm/migrate.c migrate_pages_sync] [6.12 mm/migrate.c migrate_pages_batch]
 *
 * <pre>
 * seeds:                                                   [000:669 migrate_pages] [001:778 migrate_pages]
 *   retry = 1; nr_failed = 0                                [000:672-673 retry]
 *   swapwrite = current-&gt;flags &amp; PF_SWAPWRITE; set it      [000:677-681 PF_SWAPWRITE] [001:786 swapwrite]
 *   for pass = 0; pass &lt; 10 &amp;&amp; retry; pass++:          [000:683 pass] [001:792 pass]
 *       retry = 0
 *       for each page on from:
 *           rc = unmap_and_move(get_new_page, private, page, pass &gt; 2)   [000:689-690 unmap_and_move]
 *           -ENOMEM: goto out;  -EAGAIN: retry++;  0: ;  default: nr_failed++   (permanent)
 *                                                   [000:693 ENOMEM] [000:695-696 EAGAIN] [000:700-702 nr_failed]
 *   rc = 0
 * out:
 *   if !swapwrite: clear PF_SWAPWRITE                       [000:709-710 PF_SWAPWRITE]
 *   putback_lru_pages(from)                                 [000:712 putback_lru_pages] [001:821 putback_lru_pages]
 *   return rc ? rc : nr_failed + retry                      [000:714-717 nr_failed] [001:826 nr_failed]
 *
 * 6.1 (read in Debian's 6.1.192, the 6.1 guests' kernel, MIGRATE_SYNC):    [6.1 mm/migrate.c migrate_pages_batch]
 *   for pass = 0; pass &lt; 10 &amp;&amp; (retry || large_retry); pass++:
 *       retry = large_retry = thp_retry = nr_retry_pages = 0
 *       for each folio on from:     (is_large = folio_test_large; is_thp = is_large &amp;&amp; pmd_mappable)
 *           rc = migrate_folio_unmap(..., pass &gt; 2, ...) then migrate_folio_move
 *           -ENOMEM: is_large: nr_large_failed++; nr_thp_failed += is_thp
 *                              !nosplit (MR_SYSCALL) &amp;&amp; !try_split_folio(folio, &amp;split_folios):   [6.1 mm/migrate.c try_split_folio]
 *                                  nr_thp_split += is_thp; break     (its base pages wait on split_folios)
 *                    else (no split counting yet): nr_failed++
 *                    nr_failed_pages += nr + nr_retry_pages; split_folios to ret_folios; goto out (rc -ENOMEM)
 *           -EAGAIN: is_large ? large_retry++ : (!no_split_folio_counting) retry++; nr_retry_pages += nr
 *           0:       nr_succeeded += nr; nr_thp_succeeded += is_thp
 *           default: nr_(large_)failed++; nr_failed_pages += nr               (folio on ret_folios)
 *   nr_failed += retry; nr_large_failed += large_retry; nr_failed_pages += nr_retry_pages
 *   if split_folios: from to ret_folios; split_folios to from; no_split_folio_counting = true; retry = 1;
 *       goto split_folio_migration     (one pass: a split page's -EAGAIN no longer sets retry;
 *                                       its -ENOMEM still ends the call with -ENOMEM)
 *   rc = nr_failed + nr_large_failed
 * migrate_pages: rc_gather += rc; out: the failures back on from;     [6.1 mm/migrate.c migrate_pages]
 *   if list_empty(from): rc_gather = 0   (every split page migrated: success)
 *   count_vm_events(PGMIGRATE_SUCCESS, PGMIGRATE_FAIL, THP_MIGRATION_SUCCESS, _FAIL, _SPLIT)
 *
 * 6.12 (6.12.117): migrate_pages_sync runs migrate_pages_batch(MIGRATE_ASYNC, 3 passes), then each
 *   [6.12 mm/migrate.c migrate_pages_sync] [6.12 mm/migrate.c migrate_pages_batch] [6.12 mm/migrate.c migrate_pages]
 *   failed folio alone (MIGRATE_SYNC, 7 passes); -ENOMEM of a large folio splits it as above
 *   (try_split_folio(folio, split_folios, mode), nr_split++) [6.12 mm/migrate.c try_split_folio]. migrate_pages then runs
 *   migrate_pages_batch(&amp;split_folios, ..., MIGRATE_ASYNC, ..., NULL, &amp;stats, 1) and ignores its
 *   result: a split page's -ENOMEM stops that round, and the call returns the count of failed folios
 *   (the split folio counted as one) instead of -ENOMEM. Same "list_empty(from): 0" at the end.
 * </pre>
 *
 * Deviations: the seeds predate the vmstat counters (3.8); they are counted here as 3.8 would. The
 * 6.x passes run over the whole list as 6.1.0 did, not in batches of NR_MAX_BATCHED_MIGRATION (512)
 * pages, hugetlb folios first (migrate_hugetlbs), nor 6.12's async-then-sync passes: for move_pages'
 * MIGRATE_SYNC the outcome per page is the same. The split round runs unforced in both profiles
 * (6.1's one MIGRATE_SYNC pass is pass 0's "no waiting"; 6.12's is MIGRATE_ASYNC).
 */
public final class MigratePages {
    private MigratePages() {
    }

    public static final int PASSES = 10;
    /** unmap_and_move(..., pass &gt; 2): force (wait for locks and writeback) from the fourth pass. */
    public static final int FORCE_AFTER_PASS = 2;

    /**
     * Migrates the pages on {@code from}. In the seeds the list is put back and emptied; in 6.x the
     * pages not migrated are left on it for the caller.
     */
    public static int migrate(Machine m, IntList from, MigrationTarget target, int cpu) {
        return m.profile().isSeed() ? seed(m, from, target, cpu) : modern(m, from, target, cpu);
    }

    private static int seed(Machine m, IntList from, MigrationTarget target, int cpu) {
        // PF_SWAPWRITE for the call [000:677-681 swapwrite]: the page allocations of get_new_page may enter
        // direct reclaim, whose pageout (may_write_to_queue, mm/vmscan.c) then writes even to a congested
        // device. The model has no reclaim, so only the flag itself is kept: set while migrating, and
        // cleared at the end only if the caller did not have it [000:709-710 swapwrite].
        org.panuma.engine.model.Task current = m.current();
        boolean swapwrite = current.swapwrite();
        if (!swapwrite) {
            current.setSwapwrite(true);
        }
        try {
            return seedPasses(m, from, target, cpu);
        } finally {
            if (!swapwrite) {
                current.setSwapwrite(false);
            }
        }
    }

    private static int seedPasses(Machine m, IntList from, MigrationTarget target, int cpu) {
        Frames f = m.frames();
        UnmapAndMove.Attempt attempt = new UnmapAndMove.Attempt();
        int retry = 1;
        int nrFailed = 0;
        int nrSucceeded = 0;
        int rc = 0;
        int pass;
        outer:
        for (pass = 0; pass < PASSES && retry > 0; pass++) {
            m.disturbances().beginPass(m, pass);
            m.events().beforePass(m, pass);
            retry = 0;
            for (int i = 0; i < from.size(); i++) {
                int pfn = from.get(i);
                if (pfn < 0) {
                    continue;
                }
                int r = UnmapAndMove.unmapAndMove(m, target, pfn, pass > FORCE_AFTER_PASS, pass, cpu, attempt);
                if (attempt.leftList) {
                    from.set(i, -1);
                }
                if (r == Rc.ENOMEM) {
                    rc = r;
                    break outer;
                } else if (r == Rc.EAGAIN) {
                    retry++;
                } else if (r == Rc.SUCCESS) {
                    if (attempt.leftList) {
                        nrSucceeded++;
                    }
                } else {
                    nrFailed++;
                    m.trace().frame(pfn, pass, "migrate_pages", r, "permanent failure: not retried");
                }
            }
        }
        if (rc == 0) {
            noteGaveUp(m, from, pass, retry);
        }
        m.vmstat().add(VmEvent.PGMIGRATE_SUCCESS, nrSucceeded);
        m.vmstat().add(VmEvent.PGMIGRATE_FAIL, nrFailed + retry);
        PutbackLruPages.putback(m, from, cpu);
        return rc != 0 ? rc : nrFailed + retry;
    }

    private static int modern(Machine m, IntList from, MigrationTarget target, int cpu) {
        Frames f = m.frames();
        UnmapAndMove.Attempt attempt = new UnmapAndMove.Attempt();
        IntList ret = new IntList();
        IntList split = new IntList();
        Stats st = new Stats();
        int retry = 1;
        int largeRetry = 1;
        int thpRetry = 0;
        int nrRetryPages = 0;
        int rc;
        int pass;
        boolean outOfMemory = false;
        outer:
        for (pass = 0; pass < PASSES && (retry > 0 || largeRetry > 0); pass++) {
            m.disturbances().beginPass(m, pass);
            m.events().beforePass(m, pass);
            retry = 0;
            largeRetry = 0;
            thpRetry = 0;
            nrRetryPages = 0;
            for (int i = 0; i < from.size(); i++) {
                int pfn = from.get(i);
                if (pfn < 0) {
                    continue;
                }
                int nr = f.nrPages(pfn);
                boolean isLarge = isLarge(f, pfn);
                boolean isThp = isLarge && nr == PageFlags.HUGE_PAGES; // folio_test_pmd_mappable
                int r = UnmapAndMove.unmapAndMove(m, target, pfn, pass > FORCE_AFTER_PASS, pass, cpu, attempt);
                if (attempt.leftList) {
                    from.set(i, -1);
                }
                if (r == Rc.ENOMEM) {
                    if (isLarge) {
                        st.nrLargeFailed++;
                        st.thpFailed += isThp ? 1 : 0;
                        if (SplitFolio.trySplit(m, pfn, split, pass) == 0) {
                            st.thpSplit += isThp ? 1 : 0;
                            from.set(i, -1);
                            continue;
                        }
                    } else {
                        st.nrFailed++;
                    }
                    st.nrFailedPages += nr + nrRetryPages;
                    st.nrLargeFailed += largeRetry;
                    st.thpFailed += thpRetry;
                    outOfMemory = true;
                    break outer;
                } else if (r == Rc.EAGAIN) {
                    if (isLarge) {
                        largeRetry++;
                        thpRetry += isThp ? 1 : 0;
                    } else {
                        retry++;
                    }
                    nrRetryPages += nr;
                } else if (r == Rc.SUCCESS) {
                    st.nrSucceeded += nr;
                    st.thpSucceeded += isThp ? 1 : 0;
                } else {
                    if (isLarge) {
                        st.nrLargeFailed++;
                        st.thpFailed += isThp ? 1 : 0;
                    } else {
                        st.nrFailed++;
                    }
                    st.nrFailedPages += nr;
                    ret.add(pfn);
                    m.trace().frame(pfn, pass, "migrate_pages", r, "permanent failure: not retried");
                }
            }
        }
        if (outOfMemory) {
            rc = Rc.ENOMEM;
        } else {
            noteGaveUp(m, from, pass, retry + largeRetry);
            st.nrFailed += retry;
            st.nrLargeFailed += largeRetry;
            st.thpFailed += thpRetry;
            st.nrFailedPages += nrRetryPages;
            rc = st.nrFailed + st.nrLargeFailed;
            if (split.size() > 0 && migrateSplit(m, split, ret, target, pass, cpu, attempt, st) == Rc.ENOMEM
                    && m.profile() == KernelProfile.V6_1) {
                rc = Rc.ENOMEM;
            }
        }
        compact(from);
        for (int i = 0; i < ret.size(); i++) {
            from.add(ret.get(i));
        }
        for (int i = 0; i < split.size(); i++) {
            if (split.get(i) >= 0) {
                from.add(split.get(i));
            }
        }
        if (from.size() == 0) {
            rc = 0; // "Return 0 in case all split folios of fail-to-migrate large folios are migrated successfully"
        }
        m.vmstat().add(VmEvent.PGMIGRATE_SUCCESS, st.nrSucceeded);
        m.vmstat().add(VmEvent.PGMIGRATE_FAIL, st.nrFailedPages);
        m.vmstat().add(VmEvent.THP_MIGRATION_SUCCESS, st.thpSucceeded);
        m.vmstat().add(VmEvent.THP_MIGRATION_FAIL, st.thpFailed);
        m.vmstat().add(VmEvent.THP_MIGRATION_SPLIT, st.thpSplit);
        return rc;
    }

    /** migrate_pages_stats of 6.x, and the batch's own nr_failed / nr_large_failed. */
    private static final class Stats {
        int nrFailed;
        int nrLargeFailed;
        int nrFailedPages;
        int nrSucceeded;
        int thpSucceeded;
        int thpFailed;
        int thpSplit;
    }

    /** A large folio migration may split: a THP or multi-size THP; hugetlb folios are never split. */
    private static boolean isLarge(Frames f, int pfn) {
        return f.test(pfn, PageFlags.THP) && !f.test(pfn, PageFlags.HUGETLB);
    }

    /**
     * The base pages of the large folios split on -ENOMEM, migrated once after the rest of the list,
     * their failures not counted (the folio already counted as one). 6.1.192: the split_folio_migration
     * round of migrate_pages_batch, MIGRATE_SYNC, whose -EAGAIN does not set retry (one pass) and whose
     * -ENOMEM ends the call with -ENOMEM. 6.12: migrate_pages_batch(split_folios, ..., MIGRATE_ASYNC, ..., 1)
     * from migrate_pages, whose result is ignored. Pages not migrated stay on {@code split}; the return
     * is -ENOMEM if the round stopped for want of memory, else 0.
     */
    private static int migrateSplit(Machine m, IntList split, IntList ret, MigrationTarget target, int pass, int cpu,
                                    UnmapAndMove.Attempt attempt, Stats st) {
        m.disturbances().beginPass(m, pass);
        int nrRetryPages = 0;
        for (int i = 0; i < split.size(); i++) {
            int pfn = split.get(i);
            int r = UnmapAndMove.unmapAndMove(m, target, pfn, false, pass, cpu, attempt);
            if (attempt.leftList) {
                split.set(i, -1);
            }
            if (r == Rc.ENOMEM) {
                st.nrFailedPages += 1 + nrRetryPages;
                m.trace().frame(pfn, pass, "migrate_pages", r, m.profile() == KernelProfile.V6_1
                        ? "a split page found no free page on the target: -ENOMEM, migration stops"
                        : "a split page found no free page on the target: the split round stops (its -ENOMEM is not returned)");
                return Rc.ENOMEM;
            } else if (r == Rc.EAGAIN) {
                nrRetryPages++;
                m.trace().frame(pfn, pass, "migrate_pages", r, "a split page is tried once: not retried");
            } else if (r == Rc.SUCCESS) {
                st.nrSucceeded++;
            } else {
                st.nrFailedPages++;
                ret.add(pfn);
                split.set(i, -1);
                m.trace().frame(pfn, pass, "migrate_pages", r, "permanent failure of a split page: not retried");
            }
        }
        st.nrFailedPages += nrRetryPages;
        return 0;
    }

    private static void noteGaveUp(Machine m, IntList from, int passes, int retry) {
        if (retry == 0 || !m.trace().on()) {
            return;
        }
        for (int i = 0; i < from.size(); i++) {
            int pfn = from.get(i);
            if (pfn >= 0) {
                m.trace().frame(pfn, passes - 1, "migrate_pages", Rc.EAGAIN, "retried, gave up after " + passes + " passes");
            }
        }
    }

    private static void compact(IntList list) {
        int k = 0;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) >= 0) {
                list.set(k++, list.get(i));
            }
        }
        list.truncate(k);
    }
}
