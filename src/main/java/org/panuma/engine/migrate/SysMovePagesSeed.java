package org.panuma.engine.migrate;

import org.panuma.engine.KernelProfile;
import org.panuma.engine.model.Frames;
import org.panuma.engine.model.IntList;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.Mm;
import org.panuma.engine.model.PageFlags;
import org.panuma.engine.model.Task;
import org.panuma.engine.model.Vma;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/**
 * sys_move_pages, do_move_pages, new_page_node and do_pages_stat of 2.6.19 and 2.6.27
 * (mm/migrate.c, the seeds).
 *
 * <pre>
 * sys_move_pages:                                                     seed lines (viewer numbers)
 *   flags &amp; ~(MOVE|MOVE_ALL): -EINVAL                                 [000:875 MPOL_MF_MOVE] [001:995 flags]
 *   MOVE_ALL &amp;&amp; !capable(CAP_SYS_NICE): -EPERM                          [000:878 CAP_SYS_NICE] [001:998 flags]
 *   task = pid ? find_task_by_pid(pid) : current; !task: -ESRCH       [000:883 find_task_by_pid] [001:1003 task]
 *   mm = get_task_mm(task); !mm: -EINVAL                              [000:888 get_task_mm] [000:891 mm]
 *   uid/euid/suid mismatch &amp;&amp; !CAP_SYS_NICE: -EPERM                    [000:900 euid] [001:1022 capable]
 *   security_task_movememory(task): its error (an LSM refusing)      [000:907-909 security_task_movememory]
 *   task_nodes = cpuset_mems_allowed(task)                            [000:912 cpuset_mems_allowed] [001:1032 task_nodes]
 *   nr_pages &gt;= ULONG_MAX / sizeof(struct page_to_node) - 1: -E2BIG   [000:915 nr_pages] [001:1035 nr_pages]
 *   pm = vmalloc((nr_pages + 1) * 24)                                 [000:920 vmalloc] [001:1040 pm]
 *   for each i: get_user(addr) else -EFAULT; if nodes: get_user(node) else -EFAULT
 *                                                                     [000:934 get_user] [001:1054 get_user] [001:1061 get_user]
 *               !node_online(node) [2.6.27: !node_state(node, N_HIGH_MEMORY)]: -ENODEV
 *                                                                     [000:945 node_online] [001:1065 node_state]
 *               !node_isset(node, task_nodes): -EACCES                [000:949 node_isset] [001:1069 node_isset]
 *   err = nodes ? do_move_pages(mm, pm, flags &amp; MOVE_ALL) : do_pages_stat(mm, pm)   [000:959 do_move_pages]
 *   if err &gt;= 0: put_user(pm[i].status) for every i (-EFAULT on failure)            [001:1087 put_user]
 *
 * do_move_pages:                                                      [000:752 do_move_pages] [001:862 do_move_pages]
 *   migrate_prep()                                   (lru_add_drain_all)   [000:764 migrate_prep] [000:71-79 lru_add_drain_all] [001:73 migrate_prep]
 *   for each pp: pp-&gt;page = ZERO_PAGE; err = -EFAULT                  [000:773 ZERO_PAGE] [000:775 EFAULT]
 *       vma = find_vma(mm, addr); !vma [2.6.27: || !vma_migratable(vma): VM_IO|VM_HUGETLB|VM_PFNMAP|VM_RESERVED]: set_status
 *                                                                     [000:776-777 find_vma] [001:887 vma]
 *       page = follow_page(vma, addr, FOLL_GET); err = -ENOENT; !page: set_status   [000:780-783 follow_page]
 *       PageReserved(page): put_and_set                   (zero page: -ENOENT)      [001:900 PageReserved]
 *       pp-&gt;page = page; err = page_to_nid(page); == pp-&gt;node: put_and_set   [000:788-795 page_to_nid]
 *       err = -EACCES; page_mapcount(page) &gt; 1 &amp;&amp; !migrate_all: put_and_set         [001:913 page_mapcount]
 *       err = isolate_lru_page(page, &amp;pagelist)          (0 or -EBUSY)   [000:802 isolate_lru_page]
 *     put_and_set: put_page(page)                     [000:803-809 put_page]
 *     set_status: pp-&gt;status = err                  [000:810-811 status]
 *   err = list_empty(pagelist) ? -ENOENT : migrate_pages(&amp;pagelist, new_page_node, pm)
 *                                                                     [000:814-818 list_empty] [000:815 new_page_node] [001:929 list_empty]
 *
 * new_page_node: the first pm entry whose page is p; *result = &amp;pm-&gt;status;
 *                                                                     [000:736 MAX_NUMNODES] [000:742 result]
 *                alloc_pages_node(pm-&gt;node, GFP_HIGHUSER [2.6.27: _MOVABLE | GFP_THISNODE])
 *                                                                     [000:744 GFP_HIGHUSER] [001:853 alloc_pages_node] [001:854 GFP_HIGHUSER_MOVABLE]
 *
 * do_pages_stat: vma = find_vma; !vma: -EFAULT; page = follow_page(vma, addr, 0);
 *                !page || PageReserved(page): -ENOENT; else page_to_nid(page)
 *                                                                     [000:839-841 find_vma] [000:843 follow_page] [000:846 PageReserved] [000:849 page_to_nid]
 * </pre>
 *
 * In 2.6.19 new_page_node's alloc_pages_node has no GFP_THISNODE: when the target node has no free
 * page (or is online without memory, which node_online accepts) the page lands on the nearest node
 * that has one, and unmap_and_move writes page_to_nid(newpage) as its status.
 *
 * Deviation: in 2.6.19 a query leaves pm[i].node
 * uninitialised (fixed in 2.6.27); the model assumes the garbage never equals MAX_NUMNODES.
 */
public final class SysMovePagesSeed {
    private SysMovePagesSeed() {
    }

    /** sizeof(struct page_to_node) on 64-bit: addr 8, page 8, node 4, status 4. */
    static final long PAGE_TO_NODE_SIZE = 24;

    public static long call(Machine m, MovePagesArgs a) {
        Task current = m.current();
        if ((a.flags() & ~(Mpol.MPOL_MF_MOVE | Mpol.MPOL_MF_MOVE_ALL)) != 0) {
            m.trace().note("flags 0x" + Integer.toHexString(a.flags()) + " has bits other than MPOL_MF_MOVE|MPOL_MF_MOVE_ALL");
            return Rc.EINVAL;
        }
        if ((a.flags() & Mpol.MPOL_MF_MOVE_ALL) != 0 && !current.cred().capSysNice()) {
            m.trace().note("MPOL_MF_MOVE_ALL needs CAP_SYS_NICE");
            return Rc.EPERM;
        }
        Task task = a.pid() != 0 ? m.task(a.pid()) : current;
        if (task == null) {
            m.trace().note("no task with pid " + a.pid());
            return Rc.ESRCH;
        }
        Mm mm = task.mm();
        if (mm == null) {
            m.trace().note("pid " + task.pid() + " is a kernel thread: no mm");
            return Rc.EINVAL;
        }
        if (!Permission.seedMayMove(current, task)) {
            m.trace().note("no uid/euid of the caller matches the target's uid/suid, and no CAP_SYS_NICE");
            return Rc.EPERM;
        }
        if (task.movememoryRc() != 0) {
            m.trace().note("security_task_movememory refused pid " + task.pid() + ": " + Rc.name(task.movememoryRc()));
            return task.movememoryRc();
        }
        NodeSet taskNodes = task.memsAllowed();
        long limit = Long.divideUnsigned(-1L, PAGE_TO_NODE_SIZE) - 1;
        if (Long.compareUnsigned(a.count(), limit) >= 0) {
            m.trace().note("nr_pages " + Long.toUnsignedString(a.count()) + " would overflow the page_to_node array");
            return Rc.E2BIG;
        }
        if (a.count() > Integer.MAX_VALUE - 8) {
            m.trace().note("vmalloc of the page_to_node array failed");
            return Rc.ENOMEM;
        }
        int n = (int) a.count();
        int[] pmNode = new int[n];
        int[] pmStatus = new int[n];
        int[] pmPage = new int[n];
        for (int i = 0; i < n; i++) {
            if (!a.canRead(i)) {
                m.trace().note("entry " + i + " lies beyond the pages/nodes arrays: -EFAULT");
                return Rc.EFAULT;
            }
            if (!a.query()) {
                int node = a.nodes()[i];
                boolean ok = m.profile() == KernelProfile.V2_6_19 ? m.nodes().online(node) : m.nodes().hasMemory(node);
                if (!ok) {
                    m.trace().note("entry " + i + ": node " + node + (m.profile() == KernelProfile.V2_6_19
                            ? " is not online" : " has no memory (N_HIGH_MEMORY)") + ": -ENODEV, nothing moved");
                    return Rc.ENODEV;
                }
                if (!taskNodes.contains(node)) {
                    m.trace().note("entry " + i + ": node " + node + " is outside the target's cpuset ("
                            + taskNodes + "): -EACCES, nothing moved");
                    return Rc.EACCES;
                }
                pmNode[i] = node;
            }
        }
        int err = a.query()
                ? doPagesStat(m, mm, a.pages(), pmStatus)
                : doMovePages(m, mm, a.pages(), pmNode, pmStatus, pmPage, (a.flags() & Mpol.MPOL_MF_MOVE_ALL) != 0);
        if (err >= 0) {
            for (int i = 0; i < n; i++) {
                if (a.canWriteStatus(i)) {
                    a.status()[i] = pmStatus[i];
                } else {
                    err = Rc.EFAULT;
                }
            }
        } else if (err == Rc.ENOENT) {
            m.trace().note("nothing to migrate: -ENOENT, status not copied out");
        }
        return err;
    }

    static int doMovePages(Machine m, Mm mm, long[] addrs, int[] pmNode, int[] pmStatus, int[] pmPage,
                           boolean migrateAll) {
        Frames f = m.frames();
        m.lruCaches().drainAll(m);
        IntList pagelist = new IntList();
        for (int i = 0; i < pmNode.length; i++) {
            pmPage[i] = m.zeroPfn();
            int err = Rc.EFAULT;
            long addr = addrs[i];
            Vma vma = mm.findVma(addr);
            if (vma == null) {
                if (m.trace().on()) {
                    m.trace().entry(i, -1, "do_move_pages", err, "no VMA at or above 0x" + Long.toHexString(addr));
                }
            } else if (m.profile().checksVmaMigratable() && !vma.migratable(m.profile())) {
                if (m.trace().on()) {
                    m.trace().entry(i, -1, "do_move_pages", err, vma.name()
                            + " is VM_IO/VM_HUGETLB/VM_PFNMAP/VM_RESERVED: vma_migratable refuses it");
                }
            } else {
                int pfn = FollowPage.lookup(m, vma, addr);
                if (pfn < 0) {
                    err = Rc.ENOENT;
                    m.trace().entry(i, -1, "follow_page", err, FollowPage.whyNot(m, vma, addr, pfn));
                } else {
                    f.get(pfn); // FOLL_GET
                    err = putAndSet(m, i, pfn, pmNode[i], pmPage, pagelist, migrateAll);
                    m.putPage(pfn);
                }
            }
            pmStatus[i] = err;
            m.events().afterEntry(m, i);
        }
        if (pagelist.isEmpty()) {
            return Rc.ENOENT;
        }
        SeedTarget target = new SeedTarget(pmPage, pmNode, pmStatus);
        return MigratePages.migrate(m, pagelist, target, m.current().cpu());
    }

    private static int putAndSet(Machine m, int i, int pfn, int node, int[] pmPage, IntList pagelist, boolean all) {
        Frames f = m.frames();
        if (f.test(pfn, PageFlags.RESERVED)) {
            m.trace().entry(i, pfn, "do_move_pages", Rc.ENOENT, "PageReserved: the shared zero page");
            return Rc.ENOENT;
        }
        pmPage[i] = pfn;
        int nid = f.node(pfn);
        if (nid == node) {
            if (m.trace().on()) {
                m.trace().entry(i, pfn, "do_move_pages", nid, "already on node " + nid);
            }
            return nid;
        }
        if (f.mapcount(pfn) > 1 && !all) {
            if (m.trace().on()) {
                m.trace().entry(i, pfn, "do_move_pages", Rc.EACCES,
                        "mapped " + f.mapcount(pfn) + " times and MPOL_MF_MOVE_ALL not given");
            }
            return Rc.EACCES;
        }
        int rc = IsolateLruPage.isolate(m, pfn);
        if (rc == Rc.SUCCESS) {
            pagelist.add(pfn);
            if (m.trace().on()) {
                m.trace().entry(i, pfn, "isolate_lru_page", rc, "isolated from the LRU, queued for node " + node);
            }
        } else {
            m.trace().entry(i, pfn, "isolate_lru_page", rc, notOnLru(m, pfn));
        }
        return rc;
    }

    static String notOnLru(Machine m, int pfn) {
        Frames f = m.frames();
        if (f.test(pfn, PageFlags.IN_LRU_CACHE)) {
            return "not on an LRU list: still in CPU " + f.lruCacheCpu(pfn) + "'s per-CPU LRU cache";
        }
        if (f.test(pfn, PageFlags.HUGETLB)) {
            return f.test(pfn, PageFlags.HUGETLB_ISOLATED) ? "hugetlb page already isolated (another address in it)"
                    : "hugetlb page: not on the LRU";
        }
        return "not on an LRU list: already isolated (another address in the same page, or another migrator)";
    }

    /** new_page_node with the result pointer into pm[].status. */
    private static final class SeedTarget implements MigrationTarget {
        private final int[] pmPage;
        private final int[] pmNode;
        private final int[] pmStatus;

        SeedTarget(int[] pmPage, int[] pmNode, int[] pmStatus) {
            this.pmPage = pmPage;
            this.pmNode = pmNode;
            this.pmStatus = pmStatus;
        }

        private int entryOf(int pfn) {
            for (int i = 0; i < pmPage.length; i++) {
                if (pmPage[i] == pfn) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public int allocate(Machine m, int pfn) {
            int i = entryOf(pfn);
            if (i < 0) {
                return -1;
            }
            int nr = m.frames().nrPages(pfn);
            // 2.6.19: alloc_pages_node(pm->node, GFP_HIGHUSER, 0) [000:744 alloc_pages_node] falls back along the
            // zonelist; 2.6.27 adds GFP_THISNODE and fails with -ENOMEM instead.
            return m.profile() == KernelProfile.V2_6_19 ? m.allocPageFallback(pmNode[i], nr) : m.allocPage(pmNode[i], nr);
        }

        @Override
        public void result(int pfn, int value) {
            int i = entryOf(pfn);
            if (i >= 0) {
                pmStatus[i] = value;
            }
        }
    }

    static int doPagesStat(Machine m, Mm mm, long[] addrs, int[] pmStatus) {
        Frames f = m.frames();
        for (int i = 0; i < pmStatus.length; i++) {
            long addr = addrs[i];
            int err = Rc.EFAULT;
            Vma vma = mm.findVma(addr);
            if (vma != null) {
                int pfn = FollowPage.lookup(m, vma, addr);
                if (pfn < 0 || f.test(pfn, PageFlags.RESERVED)) {
                    err = Rc.ENOENT;
                    m.trace().entry(i, -1, "do_pages_stat", err, FollowPage.whyNot(m, vma, addr, pfn));
                } else {
                    err = f.node(pfn);
                    if (m.trace().on()) {
                        m.trace().entry(i, pfn, "do_pages_stat", err, "on node " + err);
                    }
                }
            } else {
                if (m.trace().on()) {
                    m.trace().entry(i, -1, "do_pages_stat", err, "no VMA at or above 0x" + Long.toHexString(addr));
                }
            }
            pmStatus[i] = err;
            m.events().afterEntry(m, i);
        }
        return 0;
    }
}
