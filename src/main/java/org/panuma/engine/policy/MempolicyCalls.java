package org.panuma.engine.policy;

import org.panuma.engine.KernelProfile;
import org.panuma.engine.migrate.MigrationTarget;
import org.panuma.engine.migrate.QueuePages;
import org.panuma.engine.migrate.Rc;
import org.panuma.engine.migrate.SyscallResult;
import org.panuma.engine.model.IntList;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.Mm;
import org.panuma.engine.model.Nodes;
import org.panuma.engine.model.Policy;
import org.panuma.engine.model.Pte;
import org.panuma.engine.model.Task;
import org.panuma.engine.model.Vma;
import org.panuma.spi.Errno;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/**
 * set_mempolicy(2), get_mempolicy(2) and mbind(2) as mm/mempolicy.c of 6.1 and 6.12 has them, for
 * the calling task ({@link Machine#current()}). Read function by function in 6.1.158 (profile v6.1;
 * Debian 12 runs 6.1.1xx), 6.12.19 (profile v6.12) and 7.1.3, which answers as 6.12.19 in every
 * function modelled here but for a large folio's failure count (one per PTE in 7.1). The node masks arrive already read from user space
 * (get_nodes: a mask longer than the kernel's or unreadable is the backends' EINVAL/EFAULT).
 *
 * <pre>
 * sanitize_mpol_flags: mode &gt;= MPOL_MAX (negative too, unsigned): -EINVAL; STATIC|RELATIVE: -EINVAL;
 *                      MPOL_F_NUMA_BALANCING with a mode other than MPOL_BIND (6.12: or MPOL_PREFERRED_MANY): -EINVAL
 * mpol_new:  MPOL_DEFAULT with nodes: -EINVAL (no nodes: no policy, NULL)
 *            MPOL_PREFERRED without nodes: MPOL_LOCAL (with STATIC/RELATIVE: -EINVAL)
 *            MPOL_LOCAL with nodes (or STATIC/RELATIVE): -EINVAL
 *            any other mode without nodes: -EINVAL
 * mpol_set_nodemask: nodes &amp;= cpuset_current_mems_allowed &amp; N_MEMORY; empty: -EINVAL (mpol_new_nodemask);
 *            MPOL_PREFERRED keeps the first node (mpol_new_preferred)
 * </pre>
 * MPOL_MAX is MPOL_PREFERRED_MANY + 1 in 6.1 and MPOL_WEIGHTED_INTERLEAVE + 1 in 6.12. Under the
 * seed profiles the calls follow 6.1's code with the seeds' MPOL_MAX; their older mempolicy.c is not
 * modelled further (the seeds are mm/migrate.c only).
 */
public final class MempolicyCalls {
    private MempolicyCalls() {
    }

    /** MPOL_MF_VALID: the flags mbind accepts. */
    private static final int MF_VALID = Mpol.MPOL_MF_STRICT | Mpol.MPOL_MF_MOVE | Mpol.MPOL_MF_MOVE_ALL;

    /** What get_mempolicy(2) writes: the mode word (or a node under MPOL_F_NODE) and the node mask, or an errno. */
    public record Query(Errno errno, int value, NodeSet nodes) {
        static Query fail(int rc) {
            return new Query(Errno.of(-rc), -1, NodeSet.empty());
        }

        public boolean failed() {
            return errno != null;
        }
    }

    /**
     * MPOL_MAX: MPOL_WEIGHTED_INTERLEAVE + 1 in 6.12 (6.9 added it), MPOL_PREFERRED_MANY + 1 in 6.1
     * (5.15), MPOL_INTERLEAVE + 1 in the seeds' kernels (include/linux/mempolicy.h of 2.6.27: DEFAULT,
     * PREFERRED, BIND, INTERLEAVE).
     */
    private static int mpolMax(KernelProfile p) {
        if (p.isSeed()) {
            return Mpol.MPOL_INTERLEAVE + 1;
        }
        return p == KernelProfile.V6_12 ? Mpol.MPOL_WEIGHTED_INTERLEAVE + 1 : Mpol.MPOL_PREFERRED_MANY + 1;
    }

    /**
     * sanitize_mpol_flags + mpol_new + mpol_set_nodemask; an {@code int[1]} rc out-parameter keeps it
     * allocation-light. [6.12 mm/mempolicy.c mpol_new] [6.12 mm/mempolicy.c mpol_set_nodemask]
     * [6.12 mm/mempolicy.c mpol_relative_nodemask] (the three read the same in 6.1.158 and 6.12.19)
     */
    private static Policy newPolicy(Machine m, int modeWord, NodeSet nodes, int[] rc) {
        int flags = modeWord & Mpol.MPOL_MODE_FLAGS;
        int mode = modeWord & ~Mpol.MPOL_MODE_FLAGS;
        rc[0] = sanitizeOnly(m, modeWord);
        if (rc[0] < 0) {
            return null;
        }
        rc[0] = Rc.EINVAL;
        boolean staticOrRelative = (flags & (Mpol.MPOL_F_STATIC_NODES | Mpol.MPOL_F_RELATIVE_NODES)) != 0;
        if (mode == Mpol.MPOL_DEFAULT) {
            if (!nodes.isEmpty()) {
                m.trace().note("mpol_new: MPOL_DEFAULT takes no nodes, got " + nodes);
                return null;
            }
            rc[0] = 0;
            return null; // no policy
        }
        if (mode == Mpol.MPOL_PREFERRED && nodes.isEmpty()) {
            if (staticOrRelative) {
                m.trace().note("mpol_new: MPOL_PREFERRED without nodes cannot take STATIC/RELATIVE");
                return null;
            }
            mode = Mpol.MPOL_LOCAL; // "local allocation"
        } else if (mode == Mpol.MPOL_LOCAL) {
            if (!nodes.isEmpty() || staticOrRelative) {
                m.trace().note("mpol_new: MPOL_LOCAL takes no nodes, got " + nodes);
                return null;
            }
        } else if (nodes.isEmpty()) {
            m.trace().note("mpol_new: " + Mpol.modeName(mode) + " needs nodes");
            return null;
        }
        if (mode == Mpol.MPOL_LOCAL) {
            rc[0] = 0;
            return new Policy(mode, flags, NodeSet.empty(), NodeSet.empty(), Policy.NO_NODE);
        }
        NodeSet allowed = m.current().memsAllowed().intersect(m.nodes().withMemorySet());
        NodeSet effective = (flags & Mpol.MPOL_F_RELATIVE_NODES) != 0 ? relative(nodes, allowed) : nodes.intersect(allowed);
        if (effective.isEmpty()) {
            m.trace().note("mpol_set_nodemask: " + nodes + " has no node of the allowed nodes with memory " + allowed);
            return null;
        }
        if (mode == Mpol.MPOL_PREFERRED) {
            effective = NodeSet.of(effective.first()); // mpol_new_preferred
        }
        rc[0] = 0;
        return new Policy(mode, flags, effective, (flags & Mpol.MPOL_MODE_FLAGS) != 0 ? nodes : NodeSet.empty(),
                Policy.NO_NODE);
    }

    /** mpol_relative_nodemask: nodes_fold to weight(rel), then nodes_onto rel. */
    private static NodeSet relative(NodeSet orig, NodeSet rel) {
        int[] r = rel.toArray();
        if (r.length == 0) {
            return NodeSet.empty();
        }
        return NodeSet.of(orig.stream().map(n -> r[n % r.length]).toArray());
    }

    /** set_mempolicy(2): kernel_set_mempolicy, do_set_mempolicy. */
    public static SyscallResult setMempolicy(Machine m, int modeWord, NodeSet nodes) {
        int[] rc = new int[1];
        Policy p = newPolicy(m, modeWord, nodes, rc);
        if (rc[0] < 0) {
            return SyscallResult.of(rc[0]);
        }
        Task current = m.current();
        current.setMempolicy(p);
        // 6.12 (6.9) resets il_prev for weighted interleave too, and il_weight = 0, which the model
        // keeps at 0: it allocates no page by the task's interleave counter (every fault has a VMA,
        // interleaved by offset). [6.1 mm/mempolicy.c do_set_mempolicy] [6.12 mm/mempolicy.c do_set_mempolicy]
        if (p != null && (p.mode() == Mpol.MPOL_INTERLEAVE
                || p.mode() == Mpol.MPOL_WEIGHTED_INTERLEAVE && m.profile() == KernelProfile.V6_12)) {
            current.setIlPrev(Nodes.MAX_MODELLED); // il_prev = MAX_NUMNODES - 1
        }
        return SyscallResult.ok(0);
    }

    /**
     * get_mempolicy(2): kernel_get_mempolicy, do_get_mempolicy.
     * [6.1 mm/mempolicy.c do_get_mempolicy] [6.12 mm/mempolicy.c do_get_mempolicy]
     * <pre>
     * flags outside NODE|ADDR|MEMS_ALLOWED: -EINVAL
     * MEMS_ALLOWED: with NODE or ADDR -EINVAL; else mode 0 and cpuset_current_mems_allowed
     * ADDR: vma_lookup(addr) none: -EFAULT; pol = vma-&gt;vm_policy (no fallback to the task's); else addr != 0: -EINVAL
     * NODE: with ADDR lookup_node (get_user_pages_fast, faulting the page in: a read fault);
     *       without, current's own MPOL_INTERLEAVE policy: next_node_in(il_prev);
     *       6.12, current's own MPOL_WEIGHTED_INTERLEAVE: il_weight ? il_prev : next_node_in(il_prev); else -EINVAL
     * else: MPOL_DEFAULT for no policy, else mode | mode flags
     * nodes: user_nodemask under STATIC/RELATIVE, else get_policy_nodemask (empty for default and local)
     * </pre>
     */
    public static Query getMempolicy(Machine m, long addr, int flags) {
        Task current = m.current();
        if ((flags & ~(Mpol.MPOL_F_NODE | Mpol.MPOL_F_ADDR | Mpol.MPOL_F_MEMS_ALLOWED)) != 0) {
            m.trace().note("get_mempolicy: unknown flags 0x" + Integer.toHexString(flags));
            return Query.fail(Rc.EINVAL);
        }
        if ((flags & Mpol.MPOL_F_MEMS_ALLOWED) != 0) {
            if ((flags & (Mpol.MPOL_F_NODE | Mpol.MPOL_F_ADDR)) != 0) {
                return Query.fail(Rc.EINVAL);
            }
            return new Query(null, 0, current.memsAllowed());
        }
        Policy pol = current.mempolicy();
        Vma vma = null;
        if ((flags & Mpol.MPOL_F_ADDR) != 0) {
            vma = current.mm().vmaLookup(addr);
            if (vma == null) {
                return Query.fail(Rc.EFAULT);
            }
            pol = vma.policy();
        } else if (addr != 0) {
            return Query.fail(Rc.EINVAL);
        }
        Policy shown = pol == null ? Policy.DEFAULT : pol;
        int value;
        if ((flags & Mpol.MPOL_F_NODE) != 0) {
            if (vma != null) {
                int node = lookupNode(m, current, vma, addr);
                if (node < 0) {
                    return Query.fail(node);
                }
                value = node;
            } else if (pol != null && pol == current.mempolicy() && (pol.mode() == Mpol.MPOL_INTERLEAVE
                    || pol.mode() == Mpol.MPOL_WEIGHTED_INTERLEAVE && m.profile() == KernelProfile.V6_12)) {
                // 6.12's weighted case: il_weight ? il_prev : next_node_in(il_prev); il_weight is 0 here
                value = nextNodeIn(current.ilPrev(), pol.nodes());
            } else {
                return Query.fail(Rc.EINVAL);
            }
        } else {
            value = (pol == null ? Mpol.MPOL_DEFAULT : pol.mode()) | (shown.flags() & Mpol.MPOL_MODE_FLAGS);
        }
        NodeSet nodes = shown.storesUserNodes() ? shown.userNodes() : pol == null ? NodeSet.empty() : shown.nodes();
        return new Query(null, value, nodes);
    }

    /** next_node_in: the next node after {@code prev} in {@code nodes}, wrapping. */
    static int nextNodeIn(int prev, NodeSet nodes) {
        for (int n : nodes.toArray()) {
            if (n > prev) {
                return n;
            }
        }
        return nodes.isEmpty() ? Nodes.MAX_MODELLED + 1 : nodes.first();
    }

    /**
     * [6.12 mm/mempolicy.c lookup_node] get_user_pages_fast(addr, 1, 0): a read fault when nothing is mapped there (the zero
     * page for private anonymous memory, a page by policy otherwise), then page_to_nid.
     */
    static int lookupNode(Machine m, Task current, Vma vma, long addr) {
        int slot = vma.slot(addr);
        int pte = vma.pte(slot);
        if (Pte.isNone(pte)) {
            if (!vma.migratable(m.profile())) {
                return Rc.EFAULT;
            }
            if (vma.isAnonymous() && !vma.isHugetlb() && !vma.hasFlag(Vma.VM_SHARED)) {
                m.mapZeroPage(vma, slot);
            } else {
                int head = vma.isHugetlb() ? slot & -PolicyAlloc.faultPages(vma) : slot;
                int nid = PolicyAlloc.node(m, current, vma, head, PolicyAlloc.faultPages(vma));
                if (nid < 0 || m.faultIn(vma, head, nid, 0, vma.isHugetlb() ? org.panuma.engine.model.PageFlags.HUGETLB : 0,
                        current.cpu(), current.memcg()) < 0) {
                    return Rc.ENOMEM;
                }
            }
            pte = vma.pte(slot);
        }
        if (!Pte.isPresent(pte)) {
            return Rc.EFAULT; // a swap or migration entry: the model does not swap in
        }
        return m.frames().node(Pte.pfn(pte));
    }

    /**
     * mbind(2): kernel_mbind, do_mbind, mbind_range.
     * [6.1 mm/mempolicy.c do_mbind] [6.12 mm/mempolicy.c do_mbind] [6.12 mm/mempolicy.c mbind_range]
     * <pre>
     * flags &amp; ~MPOL_MF_VALID: -EINVAL; MOVE_ALL without CAP_SYS_NICE: -EPERM; start unaligned: -EINVAL
     * MPOL_DEFAULT: STRICT dropped; len rounded up; end &lt; start: -EINVAL; end == start: 0
     * new = mpol_new (errors above); no policy: holes allowed (MPOL_MF_DISCONTIG_OK)
     * mpol_set_nodemask; queue_pages_range(start, end, nmask, flags | INVERT): &lt; 0: that error
     * mbind_range: split the VMAs at start and end, set vm_policy
     * migrate_pages(pagelist, new_page): new_page allocates by the VMA's new policy (vma_alloc_folio)
     * queue found an unmovable page, or pages failed under STRICT: -EIO
     *                (6.12: queue's nr_failed | migrate_pages' failures, non-zero under STRICT: -EIO;
     *                 without STRICT a page that could not be queued is no error)
     * </pre>
     * The nodemask the walk tests is the user's mask as given, not the one within the cpuset.
     */
    public static SyscallResult mbind(Machine m, long start, long len, int modeWord, NodeSet nodes, int flags) {
        Task current = m.current();
        int[] rc = new int[1];
        int sanitize = sanitizeOnly(m, modeWord);
        if (sanitize < 0) {
            return SyscallResult.of(sanitize);
        }
        if ((flags & ~MF_VALID) != 0) {
            m.trace().note("mbind: flags 0x" + Integer.toHexString(flags) + " outside MPOL_MF_STRICT|MOVE|MOVE_ALL");
            return SyscallResult.of(Rc.EINVAL);
        }
        if ((flags & Mpol.MPOL_MF_MOVE_ALL) != 0 && !current.cred().capSysNice()) {
            m.trace().note("mbind: MPOL_MF_MOVE_ALL without CAP_SYS_NICE");
            return SyscallResult.of(Rc.EPERM);
        }
        if ((start & (Mm.PAGE_SIZE - 1)) != 0) {
            return SyscallResult.of(Rc.EINVAL);
        }
        int mode = modeWord & ~Mpol.MPOL_MODE_FLAGS;
        if (mode == Mpol.MPOL_DEFAULT) {
            flags &= ~Mpol.MPOL_MF_STRICT;
        }
        long rounded = (len + Mm.PAGE_SIZE - 1) & -Mm.PAGE_SIZE;
        long end = start + rounded;
        if (Long.compareUnsigned(end, start) < 0) {
            return SyscallResult.of(Rc.EINVAL);
        }
        if (end == start) {
            return SyscallResult.ok(0);
        }
        Policy p = newPolicy(m, modeWord, nodes, rc);
        if (rc[0] < 0) {
            return SyscallResult.of(rc[0]);
        }
        if (p == null) {
            flags |= QueuePages.DISCONTIG_OK;
        }
        Mm mm = current.mm();
        IntList pagelist = new IntList();
        boolean moves = (flags & (Mpol.MPOL_MF_MOVE | Mpol.MPOL_MF_MOVE_ALL)) != 0;
        if (moves) {
            disableLruCache(m);
        }
        try {
            int ret = QueuePages.queue(m, mm, start, end, nodes, flags, pagelist);
            if (ret < 0) {
                putback(m, pagelist);
                return SyscallResult.of(ret);
            }
            mbindRange(mm, start, end, p);
            int failed = QueuePages.migrate(m, pagelist, newPage(m, current, mm, start));
            // 6.1: (ret > 0 || nr_failed) && STRICT; 6.12: (nr_failed | migrate_pages()) && STRICT
            if ((ret > 0 || failed != 0) && (flags & Mpol.MPOL_MF_STRICT) != 0) {
                m.trace().note(ret > 0 ? "mbind: a misplaced page could not be moved (MPOL_MF_STRICT)"
                        : "mbind: " + failed + " pages failed to migrate (MPOL_MF_STRICT)");
                return SyscallResult.of(Rc.EIO);
            }
            return SyscallResult.ok(0);
        } finally {
            if (moves && m.profile().disablesLruCache()) {
                m.lruCaches().enable();
            }
        }
    }

    /**
     * set_mempolicy_home_node(2) (5.17; the seeds' kernels have no such call: -ENOSYS).
     * [6.12 mm/mempolicy.c set_mempolicy_home_node] (6.1.158 duplicates the policy before the mode
     * check, 6.12.19 after it: the same outcome)
     * <pre>
     * start unaligned, flags != 0, home_node &gt;= MAX_NUMNODES or offline: -EINVAL
     * len rounded up; end &lt; start: -EINVAL; end == start: 0
     * err = -ENOENT; for each VMA of the range: no policy of its own: skipped;
     *   a mode other than MPOL_BIND or MPOL_PREFERRED_MANY: err = -EOPNOTSUPP, stop (earlier VMAs keep theirs);
     *   new = mpol_dup with home_node set; err = mbind_range(vmstart, vmend, new)
     * return err            (-ENOENT when no VMA of the range has a policy)
     * </pre>
     */
    public static SyscallResult setMempolicyHomeNode(Machine m, long start, long len, int homeNode, int flags) {
        if (m.profile().isSeed()) {
            return SyscallResult.of(-Errno.ENOSYS.number());
        }
        if ((start & (Mm.PAGE_SIZE - 1)) != 0 || flags != 0 || !m.nodes().online(homeNode)) {
            m.trace().note("set_mempolicy_home_node: unaligned start, flags " + flags + " or node " + homeNode + " not online");
            return SyscallResult.of(Rc.EINVAL);
        }
        long end = start + ((len + Mm.PAGE_SIZE - 1) & -Mm.PAGE_SIZE);
        if (Long.compareUnsigned(end, start) < 0) {
            return SyscallResult.of(Rc.EINVAL);
        }
        if (end == start) {
            return SyscallResult.ok(0);
        }
        Mm mm = m.current().mm();
        int err = Rc.ENOENT;
        for (Vma vma = mm.findVma(start); vma != null && vma.start() < end; vma = mm.findVma(vma.end())) {
            Policy p = vma.policy();
            if (p == null) {
                continue;
            }
            if (p.mode() != Mpol.MPOL_BIND && p.mode() != Mpol.MPOL_PREFERRED_MANY) {
                m.trace().note("set_mempolicy_home_node: " + vma + " has " + Mpol.modeName(p.mode()));
                err = -Errno.EOPNOTSUPP.number();
                break;
            }
            long vmEnd = Math.min(end, vma.end());
            mbindRange(mm, Math.max(start, vma.start()), vmEnd, p.withHomeNode(homeNode));
            err = 0;
            vma = mm.findVma(vmEnd - 1);
        }
        return SyscallResult.of(err);
    }

    /**
     * sanitize_mpol_flags: mode below MPOL_MAX (unsigned), not STATIC and RELATIVE together,
     * MPOL_F_NUMA_BALANCING only with MPOL_BIND (6.1) or MPOL_BIND and MPOL_PREFERRED_MANY (6.12).
     * [6.1 mm/mempolicy.c sanitize_mpol_flags] [6.12 mm/mempolicy.c sanitize_mpol_flags]
     */
    private static int sanitizeOnly(Machine m, int modeWord) {
        int flags = modeWord & Mpol.MPOL_MODE_FLAGS;
        int mode = modeWord & ~Mpol.MPOL_MODE_FLAGS;
        if (Integer.toUnsignedLong(mode) >= mpolMax(m.profile())) {
            m.trace().note("sanitize_mpol_flags: mode " + mode + " is not below MPOL_MAX");
            return Rc.EINVAL;
        }
        if ((flags & Mpol.MPOL_F_STATIC_NODES) != 0 && (flags & Mpol.MPOL_F_RELATIVE_NODES) != 0) {
            m.trace().note("sanitize_mpol_flags: MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES together");
            return Rc.EINVAL;
        }
        boolean balancingMode = mode == Mpol.MPOL_BIND
                || mode == Mpol.MPOL_PREFERRED_MANY && m.profile() == KernelProfile.V6_12;
        if ((flags & Mpol.MPOL_F_NUMA_BALANCING) != 0 && !balancingMode) {
            m.trace().note("sanitize_mpol_flags: MPOL_F_NUMA_BALANCING with " + Mpol.modeName(mode)
                    + (m.profile() == KernelProfile.V6_12 ? " (needs MPOL_BIND or MPOL_PREFERRED_MANY)" : " (needs MPOL_BIND)"));
            return Rc.EINVAL;
        }
        return 0;
    }

    private static void disableLruCache(Machine m) {
        if (m.profile().disablesLruCache()) {
            m.lruCaches().disable(m); // lru_cache_disable()
        } else {
            m.lruCaches().drainAll(m);
        }
    }

    private static void putback(Machine m, IntList pagelist) {
        if (!pagelist.isEmpty()) {
            org.panuma.engine.migrate.PutbackLruPages.putbackMovable(m, pagelist, m.current().cpu());
        }
    }

    /**
     * mbind_range: every VMA of [start, end) gets the policy, split where the range cuts it
     * (vma_modify_policy in 6.12; merges with a neighbour of the same policy are not modelled).
     */
    static void mbindRange(Mm mm, long start, long end, Policy p) {
        for (Vma vma = mm.findVma(start); vma != null && vma.start() < end; vma = mm.findVma(vma.end())) {
            if (java.util.Objects.equals(vma.policy(), p)) {
                continue; // mpol_equal
            }
            if (vma.start() < start) {
                vma = mm.split(vma, start)[1];
            }
            if (vma.end() > end) {
                vma = mm.split(vma, end)[0];
            }
            vma.setPolicy(p); // vma_replace_policy
        }
    }

    /**
     * new_page(page, start): the VMA that maps the page, and a frame by its policy (vma_alloc_folio).
     * [6.1 mm/mempolicy.c new_page] 6.12 allocates by the new policy with an interleave index based on
     * the first queued folio that is not KSM (do_mbind), the same node for anonymous memory whose
     * offsets follow the addresses. [6.12 mm/mempolicy.c alloc_migration_target_by_mpol]
     */
    private static MigrationTarget newPage(Machine m, Task current, Mm mm, long start) {
        return (mm2, pfn) -> {
            var f = m.frames();
            for (Vma vma = mm.findVma(start); vma != null; vma = mm.findVma(vma.end())) {
                if (vma.space().id() != f.mapping(pfn)) {
                    continue;
                }
                int slot = f.index(pfn) - vma.pgoff(); // page_address_in_vma
                if (slot >= 0 && slot < vma.pages()) {
                    int nid = PolicyAlloc.node(m, current, vma, slot, f.nrPages(pfn));
                    return nid < 0 ? -1 : m.allocPage(nid, f.nrPages(pfn));
                }
            }
            int nid = PolicyAlloc.node(m, current, null, 0, f.nrPages(pfn));
            return nid < 0 ? -1 : m.allocPage(nid, f.nrPages(pfn));
        };
    }
}
