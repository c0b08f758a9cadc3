package org.panuma.engine.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.panuma.engine.KernelProfile;
import org.panuma.engine.World;
import org.panuma.engine.explain.Explainer;
import org.panuma.engine.explain.Trace;
import org.panuma.engine.migrate.MovePagesArgs;
import org.panuma.engine.migrate.SyscallResult;
import org.panuma.engine.model.Disturbances;
import org.panuma.engine.model.Frames;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.Mm;
import org.panuma.engine.model.Nodes;
import org.panuma.engine.model.PageFlags;
import org.panuma.engine.model.Task;
import org.panuma.engine.model.Vma;
import org.panuma.spi.NodeSet;

/**
 * Predicts move_pages(2) for the CLI's --dry-run and for differential tests: the snapshot becomes
 * a throwaway simulated machine, the call runs on it under the profile, and each entry is marked
 * less certain when it leaned on a guess (unknown node: assumed not on the target; unknown
 * presence: assumed present; unknown mapcount: 1; unknown LRU state: on the LRU). Pages of a
 * hugetlb mapping become hugetlb folios, which are never on an LRU list: their missing KPF_LRU is
 * not read as "still in a per-CPU LRU cache". Pages of a known large folio (THP, multi-size THP)
 * share its one frame, as in the kernel: a second address inside it is -EBUSY once the first has
 * isolated it, and a folio the target cannot take whole is split. A page with KPF_KSM is a KSM page: an anonymous page
 * its merged PTEs map (kpagecount), which stays without MPOL_MF_MOVE_ALL as any shared page does.
 * Two requested addresses that KSM merged into one page are modelled as two pages (the snapshot has
 * no PFN to join them): where the kernel answers -EBUSY for the second of them in one run, the
 * prediction moves it.
 *
 * <p>A base page without KPF_LRU sits in a per-CPU LRU cache (a fresh page stays there until its
 * CPU's batch fills or is drained): every profile drains all CPUs' caches before it isolates
 * (migrate_prep in the seeds, lru_cache_disable in do_pages_move from 5.11), so the page is
 * predicted as if on the LRU. It used to be predicted -EBUSY, as if it raced back into a cache;
 * the 7.2 guest's KernelSemanticsGuestTest moved such a page (MOVE_ALL, shared with a child) where
 * the prediction said -EBUSY. A large folio skips the caches (folio_add_lru moves it to the LRU at
 * once), so one without KPF_LRU is isolated by someone else and stays -EBUSY.
 *
 * <p>Timing effects of the real kernel (a page locked or referenced by someone else during the
 * call) are not predictable: the prediction is the outcome without them.
 */
public final class MovePagesPredictor {
    private static final int OTHER_PID = 1000;

    private MovePagesPredictor() {
    }

    /** Who calls, relative to the target. */
    public record Caller(boolean sameProcess, boolean mayPtrace, boolean capSysNice) {
        public static Caller self() {
            return new Caller(true, true, false);
        }
    }

    /**
     * @param nodes null for a query (status only)
     * @param flags 0, MPOL_MF_MOVE or MPOL_MF_MOVE_ALL
     */
    public static Prediction predict(KernelProfile profile, ProcessSnapshot snap, long[] pages, int[] nodes, int flags,
                                     Caller caller) {
        int span = Math.max(snap.withMemory().span(), snap.memsAllowed().span());
        long[] sizes = new long[Math.max(1, span)];
        boolean[] online = new boolean[sizes.length];
        for (int n = 0; n < sizes.length; n++) {
            online[n] = true;
            sizes[n] = snap.withMemory().contains(n) ? 1L << 40 : 0;
        }
        World w = new World(profile, new Nodes(sizes, online, new int[] {0}), 0, new Disturbances.Rates(0, 0, 0, 1.0), 1024);
        Machine m = w.machine();
        int targetPid = 2;
        Task.Credentials self = new Task.Credentials(1000, 1000, 1000, 1000, 1000, 1000,
                caller.sameProcess() && caller.capSysNice(), false, true);
        Task target = w.process(targetPid, self, snap.memsAllowed(), 0);
        Task callerTask = caller.sameProcess() ? target
                : w.process(3, new Task.Credentials(caller.mayPtrace() ? 1000 : 2000, caller.mayPtrace() ? 1000 : 2000,
                        caller.mayPtrace() ? 1000 : 2000, caller.mayPtrace() ? 1000 : 2000, caller.mayPtrace() ? 1000 : 2000,
                        caller.mayPtrace() ? 1000 : 2000, caller.capSysNice(), false, true), snap.withMemory(), 0);
        boolean[] guessedPage = new boolean[pages.length];
        List<int[]> notOnLru = new ArrayList<>();
        int defaultNode = snap.withMemory().isEmpty() ? 0 : snap.withMemory().first();
        List<Shared> sharedPages = new ArrayList<>();
        java.util.Set<Long> ksmPages = new java.util.HashSet<>();
        for (ProcessSnapshot.Region r : snap.regions()) {
            Vma v = region(w, target, r);
            largeFolios(w, target, v, r, nodes, pages, defaultNode, notOnLru, sharedPages);
            for (ProcessSnapshot.Page p : r.pages()) {
                if (!v.contains(p.address())) {
                    continue;
                }
                int slot = v.slot(p.address());
                if (v.pte(slot) != 0) {
                    continue;
                }
                switch (p.presence()) {
                    case SWAPPED: m.mapSwapEntry(v, slot); break;
                    case NOT_PRESENT: break;
                    default:
                        if (Boolean.TRUE.equals(p.zeroPage())) {
                            m.mapZeroPage(v, slot);
                            break;
                        }
                        int node = p.node() != null ? p.node() : guessNode(nodes, pages, p.address(), defaultNode);
                        boolean hugetlb = r.kind() == ProcessSnapshot.Kind.HUGETLB;
                        // A hugetlb page is one huge folio from the pool, faulted in whole at its aligned index.
                        int pfn = hugetlb
                                ? w.touch(target, v, slot & -PageFlags.HUGE_PAGES, node, p.address(), PageFlags.HUGETLB)
                                : w.touch(target, v, slot, node, p.address(), 0);
                        if (Boolean.TRUE.equals(p.ksm()) && !hugetlb) {
                            m.frames().set(pfn, PageFlags.KSM); // KPF_KSM; its merged PTEs are its mapcount
                            ksmPages.add(p.address());
                        }
                        if (p.mapcount() != null && p.mapcount() > 1) {
                            sharedPages.add(new Shared(v, slot, pfn, p.mapcount() - 1));
                        }
                        // A base page without KPF_LRU waits in a per-CPU LRU cache, which the call drains
                        // before it isolates: it is predicted as if on the LRU (class comment). KPF_LRU is
                        // never set on a hugetlb page either (the pool's lists are not LRU lists).
                }
            }
        }
        mapInOtherProcesses(w, sharedPages);
        w.settle();
        for (int[] pfn : notOnLru) {
            m.lruDel(pfn[0]);
            m.lruCaches().add(m, pfn[0], 0);
        }
        for (int i = 0; i < pages.length; i++) {
            guessedPage[i] = dependsOnUnknown(snap, pages[i]);
        }
        Trace trace = new Trace(true);
        m.setTrace(trace);
        int[] status = new int[pages.length];
        Arrays.fill(status, Prediction.UNWRITTEN);
        int pid = caller.sameProcess() ? 0 : targetPid;
        SyscallResult r = w.movePages(callerTask.pid(), new MovePagesArgs(pid, pages.length, pages, nodes, status,
                flags));
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < pages.length; i++) {
            String reason = Explainer.entry(trace, i, nodes == null ? null : nodes[i],
                    status[i] == Prediction.UNWRITTEN ? null : status[i], r.errno()).reason();
            reasons.add(ksmPages.contains(pages[i] & -Mm.PAGE_SIZE) ? reason + " (a KSM page, merged by ksmd)" : reason);
        }
        return new Prediction(r.value(), r.errno(), status, guessedPage, reasons, trace.notes(), profile.id());
    }

    /**
     * The region's large folios as one frame each, faulted in whole before its pages, so that every
     * page asked about inside one finds that frame: the kernel isolates the folio for the first such
     * address and answers -EBUSY for the next in the same run (folio_isolate_lru fails), and migrates
     * or splits it whole. A THP (512 pages) under every modern profile; a multi-size THP (6.8+) under
     * v6.12 only (6.1 has none: such pages stay base pages). A folio's node, LRU state and map count
     * are those its pages were seen with.
     */
    private static void largeFolios(World w, Task target, Vma v, ProcessSnapshot.Region r, int[] nodes, long[] pages,
                                    int defaultNode, List<int[]> notOnLru, List<Shared> sharedPages) {
        Machine m = w.machine();
        if (!m.profile().supportsThp() || r.kind() == ProcessSnapshot.Kind.HUGETLB) {
            return;
        }
        for (ProcessSnapshot.Folio f : r.folios()) {
            long end = f.start() + (long) f.pages() * Mm.PAGE_SIZE;
            boolean modelled = f.pages() == PageFlags.HUGE_PAGES || m.profile() == KernelProfile.V6_12;
            if (!modelled || !v.contains(f.start()) || !v.contains(end - 1)) {
                continue;
            }
            int slot = v.slot(f.start());
            boolean free = true;
            for (int k = 0; k < f.pages(); k++) {
                free &= v.pte(slot + k) == 0;
            }
            ProcessSnapshot.Page seen = null;
            for (ProcessSnapshot.Page p : r.pages()) {
                if (p.address() >= f.start() && p.address() < end && p.presence() == ProcessSnapshot.Presence.PRESENT) {
                    seen = seen == null || seen.node() == null ? p : seen;
                }
            }
            if (!free || seen == null) {
                continue;
            }
            int node = seen.node() != null ? seen.node() : guessNode(nodes, pages, seen.address(), defaultNode);
            int pfn = m.faultInFolio(v, slot, node, f.start(), PageFlags.THP, target.cpu(), target.memcg(), f.pages());
            if (seen.mapcount() != null && seen.mapcount() > 1) {
                sharedPages.add(new Shared(v, slot, pfn, seen.mapcount() - 1));
            }
            if (Boolean.FALSE.equals(f.onLru())) {
                notOnLru.add(new int[] {pfn});
            }
        }
    }

    /** A page of the target that {@code others} more processes map (its mapcount minus one). */
    private record Shared(Vma vma, int slot, int pfn, int others) {
    }

    /**
     * The other mappings of shared pages (a forked child's COW mapping, another process mapping the
     * same file page) as real ptes: other processes whose VMAs share the target VMA's anon_vma or
     * file, each mapping the page at the same index. They must be ptes and not a bare mapcount, because
     * the unmap step (try_to_migrate in 6.x, try_to_unmap(page, 1) in the seeds) walks the reverse map
     * and turns every pte into a migration entry, dropping a mapcount and a reference each; only then
     * is the page unmapped (!folio_mapped) and its refcount the expected one, so that MOVE_ALL moves it,
     * and remove_migration_ptes maps the new page in every one of those processes. The VMAs are added
     * after every page of the target is faulted in, so that faultIn maps no other page there.
     */
    private static void mapInOtherProcesses(World w, List<Shared> shared) {
        Machine m = w.machine();
        Frames f = m.frames();
        List<Task> others = new ArrayList<>();
        java.util.Map<Vma, Vma[]> copies = new java.util.IdentityHashMap<>();
        for (Shared s : shared) {
            Vma[] vmas = copies.computeIfAbsent(s.vma(), k -> new Vma[0]);
            if (vmas.length < s.others()) {
                Vma[] grown = Arrays.copyOf(vmas, s.others());
                for (int i = vmas.length; i < grown.length; i++) {
                    while (others.size() <= i) {
                        others.add(w.process(OTHER_PID + others.size(), Task.Credentials.user(1000), NodeSet.of(0), 0));
                    }
                    grown[i] = w.share(others.get(i), s.vma(), s.vma().start());
                }
                copies.put(s.vma(), grown);
                vmas = grown;
            }
            boolean write = s.vma().hasFlag(Vma.VM_SHARED) && org.panuma.engine.model.Pte.isWrite(s.vma().pte(s.slot()));
            for (int i = 0; i < s.others(); i++) {
                vmas[i].setPte(s.slot(), org.panuma.engine.model.Pte.present(s.pfn(), write)); // page_add_*_rmap
                f.setMapcount(s.pfn(), f.mapcount(s.pfn()) + 1);
                f.get(s.pfn());
            }
        }
    }

    private static int guessNode(int[] nodes, long[] pages, long addr, int dflt) {
        if (nodes == null) {
            return dflt;
        }
        for (int i = 0; i < pages.length; i++) {
            if (pages[i] == addr) {
                return nodes[i] == dflt ? dflt + 1 : dflt; // assume it is not already where it is going
            }
        }
        return dflt;
    }

    private static boolean dependsOnUnknown(ProcessSnapshot snap, long addr) {
        for (ProcessSnapshot.Region r : snap.regions()) {
            if (addr >= r.start() && addr < r.end()) {
                for (ProcessSnapshot.Page p : r.pages()) {
                    if ((p.address() & -Mm.PAGE_SIZE) == (addr & -Mm.PAGE_SIZE)) {
                        return p.presence() == ProcessSnapshot.Presence.UNKNOWN
                                || p.presence() == ProcessSnapshot.Presence.PRESENT
                                && (p.node() == null || p.mapcount() == null || p.zeroPage() == null
                                    || p.onLru() == null && r.kind() != ProcessSnapshot.Kind.HUGETLB);
                    }
                }
                return true; // the page was not looked at
            }
        }
        return false; // no mapping: certain
    }

    private static Vma region(World w, Task t, ProcessSnapshot.Region r) {
        int pages = (int) ((r.end() - r.start()) >>> Mm.PAGE_SHIFT);
        String name = "0x" + Long.toHexString(r.start());
        switch (r.kind()) {
            case ANON: return w.anon(t, name, r.start(), pages, 0);
            case HUGETLB: return w.anon(t, name, r.start(), pages, Vma.VM_HUGETLB);
            case IO_OR_PFNMAP: return w.anon(t, name, r.start(), pages, Vma.VM_IO | Vma.VM_PFNMAP);
            case SHMEM: return w.file(t, name, w.newFile(org.panuma.engine.model.AddressSpace.Kind.SHMEM, name), r.start(), pages, 0, 0);
            default: return w.file(t, name, w.newFile(org.panuma.engine.model.AddressSpace.Kind.FILE, name), r.start(), pages, 0, 0);
        }
    }
}
