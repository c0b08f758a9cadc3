package org.panuma.engine.migrate;

import org.panuma.engine.model.Frames;
import org.panuma.engine.model.IntList;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.Mm;
import org.panuma.engine.model.PageFlags;
import org.panuma.engine.model.Pte;
import org.panuma.engine.model.Task;
import org.panuma.engine.model.Vma;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/**
 * migrate_pages(2): kernel_migrate_pages, do_migrate_pages and migrate_to_node of 6.1
 * (mm/mempolicy.c), with the seeds' permission rule under the seed profiles.
 *
 * Kernel sources: [6.1 mm/mempolicy.c kernel_migrate_pages] [6.1 mm/mempolicy.c do_migrate_pages] [6.1 mm/mempolicy.c migrate_to_node] [6.12 mm/mempolicy.c do_migrate_pages]
 *
 * <pre>
 * kernel_migrate_pages:
 *   task = pid ? find_task_by_vpid(pid) : current; !task: -ESRCH
 *   !ptrace_may_access(task, PTRACE_MODE_READ_REALCREDS): -EPERM     [seeds: uid rule or CAP_SYS_NICE]
 *   !nodes_subset(new, cpuset_mems_allowed(task)) &amp;&amp; !capable(CAP_SYS_NICE): -EPERM
 *   new &amp;= cpuset_mems_allowed(current); empty: -EINVAL
 *   security_task_movememory(task): its error (an LSM refusing)
 *   mm = get_task_mm(task); !mm: -EINVAL
 *   return do_migrate_pages(mm, old, new, capable(CAP_SYS_NICE) ? MOVE_ALL : MOVE)
 * do_migrate_pages:
 *   lru_cache_disable()  [seeds: migrate_prep()]
 *   [seeds] err = migrate_vmas(mm, from, to, flags); if err: return err &lt; 0 ? err : 0   ({@link MigrateVmas})
 *   tmp = old
 *   while tmp not empty:
 *       pick source s in tmp with d = node_remap(s, old, new) != s (skip s in new when weights differ),
 *       preferring a d not in tmp
 *       none: break
 *       node_clear(source, tmp); err = migrate_to_node(mm, source, dest, flags)
 *       err &gt; 0: busy += err;  err &lt; 0: break
 *   return err &lt; 0 ? err : busy
 * migrate_to_node:
 *   queue every page of the mm on source (migratable VMAs, present, not the zero page);
 *   with MOVE only pages mapped once; isolation failures are skipped silently;
 *   [6.x] migrate_folio_add: NR_ISOLATED_* += nr for each page isolated
 *   migrate_pages(pagelist, alloc to dest, MIGRATE_SYNC); [6.x] putback_movable_pages on failure
 *   6.12: queue_pages_range's nr_failed (a migration entry, a folio that could not be isolated; a
 *   shared folio skipped under MOVE is none) is added to what migrate_pages returns
 *                                                    [6.12 mm/mempolicy.c migrate_to_node]
 * </pre>
 */
public final class KernelMigratePages {
    private KernelMigratePages() {
    }

    public static SyscallResult call(Machine m, int pid, NodeSet oldNodes, NodeSet newNodes) {
        Task current = m.current();
        Task task = pid != 0 ? m.task(pid) : current;
        if (task == null) {
            m.trace().note("no task with pid " + pid);
            return SyscallResult.of(Rc.ESRCH);
        }
        if (m.profile().isSeed() ? !Permission.seedMayMove(current, task) : Permission.ptraceDenied(current, task) != null) {
            m.trace().note("no permission to move pid " + task.pid() + "'s pages");
            return SyscallResult.of(Rc.EPERM);
        }
        if (!newNodes.minus(task.memsAllowed()).isEmpty() && !current.cred().capSysNice()) {
            m.trace().note("new nodes " + newNodes + " outside the target's cpuset " + task.memsAllowed() + " need CAP_SYS_NICE");
            return SyscallResult.of(Rc.EPERM);
        }
        NodeSet to = newNodes.intersect(current.memsAllowed());
        if (to.isEmpty()) {
            m.trace().note("new nodes " + newNodes + " and the caller's allowed nodes " + current.memsAllowed() + " do not meet");
            return SyscallResult.of(Rc.EINVAL);
        }
        if (task.movememoryRc() != 0) {
            m.trace().note("security_task_movememory refused pid " + task.pid() + ": " + Rc.name(task.movememoryRc()));
            return SyscallResult.of(task.movememoryRc());
        }
        if (task.mm() == null) {
            return SyscallResult.of(Rc.EINVAL);
        }
        int flags = current.cred().capSysNice() ? Mpol.MPOL_MF_MOVE_ALL : Mpol.MPOL_MF_MOVE;
        return SyscallResult.of(doMigratePages(m, task.mm(), oldNodes, to, flags));
    }

    /** bitmap_bitremap: the n-th node of old maps to the (n mod weight(new))-th node of new. */
    public static int nodeRemap(int node, NodeSet old, NodeSet neu) {
        if (!old.contains(node) || neu.isEmpty()) {
            return node;
        }
        int n = (int) old.stream().filter(x -> x < node).count() % neu.size();
        return neu.toArray()[n];
    }

    static long doMigratePages(Machine m, Mm mm, NodeSet from, NodeSet to, int flags) {
        if (m.profile().disablesLruCache()) {
            m.lruCaches().disable(m);
        } else {
            m.lruCaches().drainAll(m);
        }
        try {
            long busy = 0;
            long err = 0;
            if (m.profile().isSeed()) {
                err = MigrateVmas.call(m, mm);
                if (err != 0) {
                    return err < 0 ? err : busy; // goto out: a positive err returns busy, 0
                }
            }
            NodeSet tmp = from;
            while (!tmp.isEmpty()) {
                int source = -1;
                int dest = 0;
                for (int s : tmp.toArray()) {
                    if (from.size() != to.size() && to.contains(s)) {
                        continue;
                    }
                    int d = nodeRemap(s, from, to);
                    if (s == d) {
                        continue;
                    }
                    source = s;
                    dest = d;
                    if (!tmp.contains(dest)) {
                        break;
                    }
                }
                if (source == -1) {
                    break;
                }
                tmp = tmp.minus(NodeSet.of(source));
                err = migrateToNode(m, mm, source, dest, flags);
                if (err > 0) {
                    busy += err;
                }
                if (err < 0) {
                    break;
                }
            }
            return err < 0 ? err : busy;
        } finally {
            if (m.profile().disablesLruCache()) {
                m.lruCaches().enable();
            }
        }
    }

    static int migrateToNode(Machine m, Mm mm, int source, int dest, int flags) {
        Frames f = m.frames();
        IntList pagelist = new IntList();
        boolean all = (flags & Mpol.MPOL_MF_MOVE_ALL) != 0;
        boolean counts = m.profile() == org.panuma.engine.KernelProfile.V6_12;
        int nrFailed = 0;
        int large = -1;
        for (Vma vma : mm.vmas()) {
            if (!vma.migratable(m.profile())) {
                continue;
            }
            for (int s = 0; s < vma.pages(); s++) {
                int pte = vma.pte(s);
                if (!Pte.isPresent(pte)) {
                    if (counts && Pte.isMigration(pte)) {
                        nrFailed++;
                    }
                    continue;
                }
                int pfn = Pte.pfn(pte);
                if (f.test(pfn, PageFlags.ZERO | PageFlags.ZONE_DEVICE) || f.node(pfn) != source) {
                    continue;
                }
                if (f.nrPages(pfn) > 1) {
                    if (pfn == large || pagelist.contains(pfn)) {
                        continue; // one folio, however many PTEs map it
                    }
                    large = pfn;
                }
                if (all || f.mapcount(pfn) == 1) {
                    if (IsolateLruPage.isolate(m, pfn) == Rc.SUCCESS) {
                        pagelist.add(pfn);
                        if (!m.profile().isSeed()) {
                            NrIsolated.mod(m, pfn, +1); // migrate_folio_add (mempolicy.c); the seeds had no counter
                        }
                    } else {
                        nrFailed++;
                    }
                }
            }
        }
        if (pagelist.isEmpty()) {
            return counts ? nrFailed : 0;
        }
        int cpu = m.current().cpu();
        int err = MigratePages.migrate(m, pagelist, MigrationTarget.onNode(dest), cpu);
        if (err != 0 && !m.profile().isSeed()) {
            PutbackLruPages.putbackMovable(m, pagelist, cpu);
        }
        return err >= 0 && counts ? err + nrFailed : err;
    }
}
