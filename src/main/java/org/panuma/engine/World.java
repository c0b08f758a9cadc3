package org.panuma.engine;

import java.util.ArrayList;
import java.util.List;
import org.panuma.engine.explain.Trace;
import org.panuma.engine.migrate.KernelMigratePages;
import org.panuma.engine.migrate.MovePages;
import org.panuma.engine.migrate.MovePagesArgs;
import org.panuma.engine.migrate.SyscallResult;
import org.panuma.engine.model.AddressSpace;
import org.panuma.engine.model.Disturbances;
import org.panuma.engine.model.Frames;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.Mm;
import org.panuma.engine.model.Nodes;
import org.panuma.engine.model.PageFlags;
import org.panuma.engine.model.Pte;
import org.panuma.engine.model.Task;
import org.panuma.engine.model.VmEvent;
import org.panuma.engine.model.Vma;
import org.panuma.engine.policy.MempolicyCalls;
import org.panuma.engine.policy.PolicyAlloc;
import org.panuma.spi.NodeSet;

/**
 * The engine's front door: builds a simulated machine (tasks, VMAs, pages in a given state) and
 * makes the system calls on it. Scenarios, the sim backend, the prediction API and the tests all
 * use it.
 */
public final class World {
    private final Machine machine;
    private boolean selfCheck = true;

    public World(KernelProfile profile, Nodes nodes, long seed, Disturbances.Rates rates, int expectedFrames) {
        this.machine = new Machine(profile, nodes, expectedFrames, new Disturbances(seed, rates));
    }

    public World(KernelProfile profile, Nodes nodes) {
        this(profile, nodes, 0, Disturbances.Rates.NONE, 1024);
    }

    public Machine machine() {
        return machine;
    }

    /**
     * Whether every system call is followed by {@link #checkInvariants()} (on by default): a call that
     * adds a problem throws {@link ModelInvariantException}. Problems the machine had before the call
     * (a scenario's deliberately inconsistent page, such as a migration entry it placed) are not the
     * call's. Only the engine benchmark turns it off, to time the model alone.
     */
    public World checkEachCall(boolean on) {
        this.selfCheck = on;
        return this;
    }

    private <T> T checked(String call, java.util.function.Supplier<T> body) {
        if (!selfCheck) {
            return body.get();
        }
        List<String> before = checkInvariants();
        T result = body.get();
        List<String> added = checkInvariants();
        added.removeAll(before);
        if (!added.isEmpty()) {
            throw new ModelInvariantException(call, added);
        }
        return result;
    }

    public KernelProfile profile() {
        return machine.profile();
    }

    /** A user process with its own mm. */
    public Task process(int pid, Task.Credentials cred, NodeSet memsAllowed, int cpu) {
        return machine.addTask(new Task(pid, "task" + pid, cred, memsAllowed, machine.newMm(), cpu, -1));
    }

    /** A process charged to memory cgroup {@code memcg}. */
    public Task process(int pid, Task.Credentials cred, NodeSet memsAllowed, int cpu, int memcg) {
        return machine.addTask(new Task(pid, "task" + pid, cred, memsAllowed, machine.newMm(), cpu, memcg));
    }

    /** A kernel thread (no mm). */
    public Task kernelThread(int pid) {
        return machine.addTask(new Task(pid, "kthread" + pid, Task.Credentials.root(), machine.nodes().onlineSet(), null, 0, -1));
    }

    /** A private anonymous read-write VMA of {@code pages} pages at {@code start}. */
    public Vma anon(Task t, String name, long start, int pages, int vmFlags) {
        AddressSpace as = machine.newSpace(AddressSpace.Kind.ANON, name);
        return t.mm().addVma(name, start, start + ((long) pages << Mm.PAGE_SHIFT), vmFlags | Vma.VM_WRITE, as,
                (int) (start >>> Mm.PAGE_SHIFT));
    }

    /** A VMA of another task that shares {@code with}'s anon_vma or file (fork without COW, MAP_SHARED). */
    public Vma share(Task t, Vma with, long start) {
        return t.mm().addVma(with.name() + "@" + t.pid(), start, start + (with.end() - with.start()),
                with.vmFlags(), with.space(), with.pgoff());
    }

    /** A file (or shmem) mapping of {@code pages} pages of {@code file} from page offset {@code pgoff}. */
    public Vma file(Task t, String name, AddressSpace file, long start, int pages, int pgoff, int vmFlags) {
        return t.mm().addVma(name, start, start + ((long) pages << Mm.PAGE_SHIFT), vmFlags | Vma.VM_WRITE, file, pgoff);
    }

    public AddressSpace newFile(AddressSpace.Kind kind, String name) {
        return machine.newSpace(kind, name);
    }

    /**
     * Faults the page at {@code slot} in on {@code node} with {@code data} and the extra page flags.
     *
     * @return the frame, or -1 if the node is full
     */
    public int touch(Task t, Vma vma, int slot, int node, long data, int flags) {
        int pfn = machine.faultIn(vma, slot, node, data, flags, t.cpu(), t.memcg());
        return pfn;
    }

    /**
     * Faults in a multi-size THP (mTHP, 6.8+: {@code /sys/kernel/mm/transparent_hugepage/hugepages-NkB})
     * of {@code nrPages} base pages at {@code slot}, which must be aligned to it: one large folio on
     * {@code node} mapped by all its ptes, as alloc_anon_folio makes it. Only the v6.12 profile
     * models mTHP (v6.1 covers 4.17 to 6.11, mostly before it).
     *
     * @return the frame, or -1 if the node has fewer than {@code nrPages} pages free
     */
    public int touchLargeFolio(Task t, Vma vma, int slot, int node, long data, int nrPages) {
        if (machine.profile() != KernelProfile.V6_12) {
            throw new IllegalArgumentException("multi-size THP (6.8+) is modelled by profile v6.12, not " + machine.profile());
        }
        if (Integer.bitCount(nrPages) != 1 || nrPages < 2 || nrPages >= org.panuma.engine.model.PageFlags.HUGE_PAGES) {
            throw new IllegalArgumentException("an mTHP folio has 2 to 256 base pages, a power of two: " + nrPages);
        }
        if (slot % nrPages != 0 || slot + nrPages > vma.pages()) {
            throw new IllegalArgumentException("a folio of " + nrPages + " pages at slot " + slot + " is not aligned inside " + vma);
        }
        return machine.faultInFolio(vma, slot, node, data, org.panuma.engine.model.PageFlags.THP, t.cpu(), t.memcg(), nrPages);
    }

    /** move_pages(2) as {@code caller}. */
    public SyscallResult movePages(int caller, MovePagesArgs args) {
        machine.setCurrent(caller);
        return checked("move_pages", () -> MovePages.call(machine, args));
    }

    /** migrate_pages(2) as {@code caller}. */
    public SyscallResult migratePages(int caller, int pid, NodeSet from, NodeSet to) {
        machine.setCurrent(caller);
        return checked("migrate_pages", () -> KernelMigratePages.call(machine, pid, from, to));
    }

    /** set_mempolicy(2) as {@code caller}. */
    public SyscallResult setMempolicy(int caller, int modeWord, NodeSet nodes) {
        machine.setCurrent(caller);
        return checked("set_mempolicy", () -> MempolicyCalls.setMempolicy(machine, modeWord, nodes));
    }

    /** get_mempolicy(2) as {@code caller}. */
    public MempolicyCalls.Query getMempolicy(int caller, long addr, int flags) {
        machine.setCurrent(caller);
        return checked("get_mempolicy", () -> MempolicyCalls.getMempolicy(machine, addr, flags));
    }

    /** mbind(2) as {@code caller}. */
    public SyscallResult mbind(int caller, long start, long len, int modeWord, NodeSet nodes, int flags) {
        machine.setCurrent(caller);
        return checked("mbind", () -> MempolicyCalls.mbind(machine, start, len, modeWord, nodes, flags));
    }

    /** set_mempolicy_home_node(2) as {@code caller}. */
    public SyscallResult setMempolicyHomeNode(int caller, long start, long len, int homeNode, int flags) {
        machine.setCurrent(caller);
        return checked("set_mempolicy_home_node", () -> MempolicyCalls.setMempolicyHomeNode(machine, start, len, homeNode, flags));
    }

    /**
     * A write fault at {@code addr} of {@code t}: the page is allocated where the VMA's or the task's
     * memory policy says (vma_alloc_folio).
     *
     * @return the frame, or -1 when no allowed node has room
     */
    public int fault(Task t, long addr) {
        Vma v = t.mm().vmaLookup(addr);
        if (v == null) {
            return -1;
        }
        int slot = v.slot(addr);
        int pages = PolicyAlloc.faultPages(v);
        int head = slot & -pages;
        if (!Pte.isNone(v.pte(head))) {
            return Pte.isPresent(v.pte(head)) ? Pte.pfn(v.pte(head)) : -1;
        }
        int nid = PolicyAlloc.node(machine, t, v, head, pages);
        return nid < 0 ? -1 : touch(t, v, head, nid, 0, v.isHugetlb() ? PageFlags.HUGETLB : 0);
    }

    /**
     * Makes the present anonymous page at {@code addr} of {@code t} a KSM page, as ksmd does when it
     * merges identical pages into it ({@link PageFlags#KSM}); the other merged PTEs are the mappings
     * {@link #share} made of it. KSM came in 2.6.32: the seed profiles have none.
     *
     * @throws IllegalArgumentException under a seed profile, or when no anonymous page is there
     */
    public void markKsm(Task t, long addr) {
        if (profile().isSeed()) {
            throw new IllegalArgumentException("profile " + profile().id() + " has no KSM (mm/ksm.c came in 2.6.32)");
        }
        Vma v = t.mm().vmaLookup(addr);
        int pte = v == null ? 0 : v.pte(v.slot(addr));
        if (v == null || !Pte.isPresent(pte) || !machine.frames().test(Pte.pfn(pte), PageFlags.ANON)
                || machine.frames().test(Pte.pfn(pte), PageFlags.ZERO | PageFlags.HUGETLB | PageFlags.THP)) {
            throw new IllegalArgumentException("no anonymous base page at 0x" + Long.toHexString(addr)
                    + " of pid " + t.pid() + " for KSM to merge");
        }
        machine.frames().set(Pte.pfn(pte), PageFlags.KSM);
    }

    public void trace(boolean on) {
        machine.setTrace(new Trace(on));
    }

    /** Drains every per-CPU LRU cache (time passes): freed pages return to their nodes. */
    public void settle() {
        machine.lruCaches().settle(machine);
    }

    /** The node of the page mapped at {@code addr} in {@code t}, -1 if none is present. */
    public int nodeOf(Task t, long addr) {
        Vma v = t.mm().vmaLookup(addr);
        if (v == null) {
            return -1;
        }
        int pte = v.pte(v.slot(addr));
        return Pte.isPresent(pte) ? machine.frames().node(Pte.pfn(pte)) : -1;
    }

    /** The data of the page at {@code addr}, or null if not present. */
    public Long dataAt(Task t, long addr) {
        Vma v = t.mm().vmaLookup(addr);
        if (v == null) {
            return null;
        }
        int pte = v.pte(v.slot(addr));
        return Pte.isPresent(pte) ? machine.frames().data(Pte.pfn(pte)) : null;
    }

    /**
     * The machine's invariants after a call: every present pte points at a live frame; every live frame's
     * refcount equals its mappings + cache + private + LRU-cache + held references; no page is left
     * isolated and nr_isolated_anon/file are 0; per-node LRU and free counts match the frames. Empty when all hold.
     */
    public List<String> checkInvariants() {
        List<String> problems = new ArrayList<>();
        Frames f = machine.frames();
        int n = f.size();
        int[] maps = new int[n];
        for (Task t : machine.tasks()) {
            if (t.mm() == null) {
                continue;
            }
            for (Vma v : t.mm().vmas()) {
                for (int s = 0; s < v.pages(); s++) {
                    int pte = v.pte(s);
                    if (Pte.isMigration(pte)) {
                        problems.add("migration entry left at " + v + " slot " + s);
                    }
                    if (!Pte.isPresent(pte)) {
                        continue;
                    }
                    int pfn = Pte.pfn(pte);
                    if (f.test(pfn, PageFlags.FREE)) {
                        problems.add(v + " slot " + s + " maps freed frame " + pfn);
                    }
                    boolean head = f.nrPages(pfn) == 1 || s == f.index(pfn) - v.pgoff();
                    if (head) {
                        maps[pfn]++;
                    }
                }
            }
        }
        long[] lru = new long[machine.nodes().span()];
        long[] cached = new long[machine.nodes().span()];
        long[] used = new long[machine.nodes().span()];
        for (int pfn = 0; pfn < n; pfn++) {
            if (f.test(pfn, PageFlags.FREE) || pfn == machine.zeroPfn()) {
                continue;
            }
            int expected = maps[pfn];
            if (f.mapping(pfn) >= 0 && !machine.space(f.mapping(pfn)).isAnon()
                    && machine.space(f.mapping(pfn)).cached(f.index(pfn)) == pfn) {
                expected++;
                if (!f.test(pfn, PageFlags.HUGETLB)) {
                    cached[f.node(pfn)] += f.nrPages(pfn);
                }
            }
            if (f.test(pfn, PageFlags.PRIVATE)) {
                expected++;
            }
            if (f.test(pfn, PageFlags.ANON) && f.test(pfn, PageFlags.SWAPCACHE)) {
                expected++; // the swap cache's reference
            }
            if (f.test(pfn, PageFlags.IN_LRU_CACHE)) {
                expected++;
            }
            if (f.test(pfn, PageFlags.HUGETLB)) {
                expected++;
            }
            expected += machine.disturbances().heldRefs(pfn);
            if (f.refcount(pfn) != expected) {
                problems.add("frame " + pfn + " refcount " + f.refcount(pfn) + ", accounted " + expected
                        + " (" + PageFlags.describe(f.flags(pfn)) + ")");
            }
            if (f.mapcount(pfn) != maps[pfn]) {
                problems.add("frame " + pfn + " mapcount " + f.mapcount(pfn) + ", ptes " + maps[pfn]);
            }
            boolean onLru = f.test(pfn, PageFlags.LRU);
            boolean inCache = f.test(pfn, PageFlags.IN_LRU_CACHE);
            if (!f.test(pfn, PageFlags.HUGETLB) && onLru == inCache) {
                problems.add("frame " + pfn + " is " + (onLru ? "both on the LRU and in a cache" : "isolated (neither on the LRU nor in a cache)"));
            }
            if (f.test(pfn, PageFlags.HUGETLB_ISOLATED)) {
                problems.add("hugetlb frame " + pfn + " left isolated");
            }
            if (onLru) {
                lru[f.node(pfn)] += f.nrPages(pfn);
            }
            used[f.node(pfn)] += f.nrPages(pfn);
        }
        // NR_ISOLATED_* are gauges, not events: between calls no page is isolated, so they are back at 0.
        for (VmEvent e : new VmEvent[] {VmEvent.NR_ISOLATED_ANON, VmEvent.NR_ISOLATED_FILE}) {
            if (machine.vmstat().get(e) != 0) {
                problems.add(e.procName() + " " + machine.vmstat().get(e) + " with no page isolated");
            }
        }
        Nodes nodes = machine.nodes();
        // NR_FILE_PAGES: per node where migration moves the count with the page; 2.6.19 does not move it
        // (migrate_page_move_mapping has no __dec/__inc_zone_page_state), so only the total holds there.
        long cachedAll = 0;
        long countedAll = 0;
        for (int nid = 0; nid < nodes.span(); nid++) {
            cachedAll += cached[nid];
            countedAll += nodes.filePages(nid);
            if (machine.profile() != KernelProfile.V2_6_19 && cached[nid] != nodes.filePages(nid)) {
                problems.add("node " + nid + " NR_FILE_PAGES " + nodes.filePages(nid) + ", page-cache pages " + cached[nid]);
            }
        }
        if (cachedAll != countedAll) {
            problems.add("NR_FILE_PAGES " + countedAll + " in all, page-cache pages " + cachedAll);
        }
        for (int nid = 0; nid < nodes.span(); nid++) {
            if (lru[nid] != nodes.lruPages(nid)) {
                problems.add("node " + nid + " LRU count " + nodes.lruPages(nid) + ", frames on LRU " + lru[nid]);
            }
            if (nodes.totalPages(nid) - nodes.freePages(nid) != used[nid]) {
                problems.add("node " + nid + " used " + (nodes.totalPages(nid) - nodes.freePages(nid)) + ", frames " + used[nid]);
            }
        }
        return problems;
    }
}
