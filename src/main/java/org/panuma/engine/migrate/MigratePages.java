package org.panuma.engine.migrate;

import org.panuma.engine.model.Frames;
import org.panuma.engine.model.IntList;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.PageFlags;
import org.panuma.engine.model.VmEvent;

/**
 * migrate_pages(from, get_new_page, private) of 2.6.19 and 2.6.27; migrate_pages(..., MIGRATE_SYNC,
 * MR_SYSCALL) of 6.1 (also used for 6.12).
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
 * 6.1:
 *   for pass = 0; pass &lt; 10 &amp;&amp; (retry || thp_retry); pass++:
 *       retry = thp_retry = nr_retry_pages = 0
 *       for each page on from:
 *           rc = unmap_and_move(..., pass &gt; 2, MIGRATE_SYNC, ..., &amp;ret_pages)
 *           -ENOMEM: nr_(thp_)failed++; nr_failed_pages += nr + nr_retry_pages; goto out
 *           -EAGAIN: (thp_)retry++; nr_retry_pages += nr
 *           0:       nr_succeeded += nr
 *           default: nr_(thp_)failed++; nr_failed_pages += nr               (page on ret_pages)
 *   nr_failed += retry; nr_thp_failed += thp_retry; nr_failed_pages += nr_retry_pages
 *   rc = nr_failed + nr_thp_failed
 * out:
 *   list_splice(ret_pages, from)          (the caller puts them back: putback_movable_pages)
 *   count_vm_events(PGMIGRATE_SUCCESS, nr_succeeded); (PGMIGRATE_FAIL, nr_failed_pages); THP_*
 *   return rc
 * </pre>
 *
 * Deviations: the seeds predate the vmstat counters (3.8); they are counted here as 3.8 would.
 * A THP that cannot be allocated on the target is not split and retried (6.1 try_split_thp): it
 * counts as failed and migration stops with -ENOMEM, as when the split fails.
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
        int retry = 1;
        int thpRetry = 1;
        int nrFailed = 0;
        int nrFailedPages = 0;
        int nrRetryPages = 0;
        int nrSucceeded = 0;
        int nrThpSucceeded = 0;
        int nrThpFailed = 0;
        int rc;
        int pass;
        boolean outOfMemory = false;
        outer:
        for (pass = 0; pass < PASSES && (retry > 0 || thpRetry > 0); pass++) {
            m.disturbances().beginPass(m, pass);
            m.events().beforePass(m, pass);
            retry = 0;
            thpRetry = 0;
            nrRetryPages = 0;
            for (int i = 0; i < from.size(); i++) {
                int pfn = from.get(i);
                if (pfn < 0) {
                    continue;
                }
                boolean isThp = f.test(pfn, PageFlags.THP);
                int nr = f.nrPages(pfn);
                int r = UnmapAndMove.unmapAndMove(m, target, pfn, pass > FORCE_AFTER_PASS, pass, cpu, attempt);
                if (attempt.leftList) {
                    from.set(i, -1);
                }
                if (r == Rc.ENOMEM) {
                    if (isThp) {
                        nrThpFailed++;
                    } else {
                        nrFailed++;
                    }
                    nrFailedPages += nr + nrRetryPages;
                    outOfMemory = true;
                    break outer;
                } else if (r == Rc.EAGAIN) {
                    if (isThp) {
                        thpRetry++;
                    } else {
                        retry++;
                    }
                    nrRetryPages += nr;
                } else if (r == Rc.SUCCESS) {
                    nrSucceeded += nr;
                    if (isThp) {
                        nrThpSucceeded++;
                    }
                } else {
                    if (isThp) {
                        nrThpFailed++;
                    } else {
                        nrFailed++;
                    }
                    nrFailedPages += nr;
                    ret.add(pfn);
                    m.trace().frame(pfn, pass, "migrate_pages", r, "permanent failure: not retried");
                }
            }
        }
        if (outOfMemory) {
            rc = Rc.ENOMEM;
        } else {
            noteGaveUp(m, from, pass, retry + thpRetry);
            nrFailed += retry;
            nrThpFailed += thpRetry;
            nrFailedPages += nrRetryPages;
            rc = nrFailed + nrThpFailed;
        }
        compact(from);
        for (int i = 0; i < ret.size(); i++) {
            from.add(ret.get(i));
        }
        m.vmstat().add(VmEvent.PGMIGRATE_SUCCESS, nrSucceeded);
        m.vmstat().add(VmEvent.PGMIGRATE_FAIL, nrFailedPages);
        m.vmstat().add(VmEvent.THP_MIGRATION_SUCCESS, nrThpSucceeded);
        m.vmstat().add(VmEvent.THP_MIGRATION_FAIL, nrThpFailed);
        return rc;
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
