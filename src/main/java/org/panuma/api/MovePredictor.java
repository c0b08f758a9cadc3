package org.panuma.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.panuma.engine.KernelProfile;
import org.panuma.engine.predict.MovePagesPredictor;
import org.panuma.engine.predict.Prediction;
import org.panuma.engine.predict.ProcessSnapshot;
import org.panuma.os.PageSnapshot;
import org.panuma.os.PageSnapshotReader;
import org.panuma.os.ProcFs;
import org.panuma.os.ProcStatus;
import org.panuma.spi.Errno;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/**
 * Predicts a move without moving anything (behind {@link ProcessMemory#predict}): reads a snapshot of the planned pages
 * (/proc/PID/pagemap, and where readable /proc/kpageflags and /proc/kpagecount), both processes'
 * /proc/PID/status, converts them for the engine and lets it run move_pages on a throwaway model
 * of the process, in batches of the kernel's own size.
 */
final class MovePredictor {
    /** Pages per predicted move_pages call: the kernel migrates in batches of this size anyway. */
    static final int BATCH = 512;

    private final ProcFs proc;
    private final long pageSize;
    private final NodeSet withMemory;
    private final String release;

    /**
     * @param release the running kernel's release (uname -r; the JVM's os.version)
     */
    MovePredictor(ProcFs proc, long pageSize, NodeSet withMemory, String release) {
        this.proc = proc;
        this.pageSize = pageSize;
        this.withMemory = withMemory;
        this.release = release;
    }

    PredictedMove predict(MovePlan plan, int targetNode, boolean moveAll) {
        KernelProfile profile = KernelProfile.fromUname(release);
        int pid = plan.pid();
        PageSnapshot snap = new PageSnapshotReader(proc.root(), pageSize).read(pid, plan.pages());
        ProcStatus target = proc.status(pid);
        ProcStatus self = proc.selfStatus();
        CallerRights caller = CallerRelation.of((int) ProcessHandle.current().pid(), self, pid, target);
        MovePagesPredictor.Caller engineCaller = new MovePagesPredictor.Caller(caller.sameProcess(), caller.mayPtrace(),
                caller.capSysNice());
        NodeSet mems = NodeSet.fromBits(target.memsAllowed());
        int flags = moveAll ? Mpol.MPOL_MF_MOVE_ALL : Mpol.MPOL_MF_MOVE;
        int n = plan.pages().length;
        int[] status = new int[n];
        Arrays.fill(status, PageStatus.NOT_PROCESSED);
        boolean[] lessCertain = new boolean[n];
        List<String> reasons = new ArrayList<>(n);
        Set<String> unknown = new LinkedHashSet<>();
        long notMigrated = 0;
        Errno errno = null;
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            if (errno != null) {
                for (int i = from; i < to; i++) {
                    reasons.add("not reached: the call before failed with " + errno.name());
                }
                continue;
            }
            PageSnapshot part = slice(snap, from, to);
            ProcessSnapshot ps = SnapshotConverter.convert(part, Arrays.copyOfRange(plan.status(), from, to),
                    plan.regions(), mems, withMemory, pageSize);
            noteUnknowns(ps, unknown);
            int[] nodes = new int[to - from];
            Arrays.fill(nodes, targetNode);
            Prediction p = MovePagesPredictor.predict(profile, ps, part.addresses(), nodes, flags, engineCaller);
            for (int i = 0; i < to - from; i++) {
                int s = p.status()[i];
                status[from + i] = s == Prediction.UNWRITTEN ? PageStatus.NOT_PROCESSED : s;
                lessCertain[from + i] = p.lessCertain()[i];
                reasons.add(p.reasons().get(i));
            }
            if (p.returnValue() < 0) {
                errno = p.errno();
            } else {
                notMigrated += p.returnValue();
            }
        }
        PageCounts outcomes = new PageCounts();
        PageCounts after = new PageCounts();
        for (int i = 0; i < n; i++) {
            int s = status[i];
            outcomes.add(outcome(s, plan.status()[i], targetNode), 1);
            after.addStatus(s >= 0 ? s : plan.status()[i]);
        }
        return new PredictedMove(plan, targetNode, status, lessCertain, reasons, outcomes, after, notMigrated, errno,
                profile.id(), release.strip(), KernelProfile.isApproximation(release), unreadable(snap),
                new ArrayList<>(unknown), caller);
    }

    /** The snapshot's unreadable inputs, plus the per-frame files it skipped for want of PFNs. */
    static Set<String> unreadable(PageSnapshot snap) {
        Set<String> out = new java.util.TreeSet<>(snap.unreadable());
        boolean pfnHidden = out.stream().anyMatch(u -> u.startsWith("pfn"));
        if (pfnHidden) {
            if (snap.kpageflags() == null && out.stream().noneMatch(u -> u.startsWith("/proc/kpageflags"))) {
                out.add("/proc/kpageflags (not read: no PFN to look up)");
            }
            if (snap.kpagecount() == null && out.stream().noneMatch(u -> u.startsWith("/proc/kpagecount"))) {
                out.add("/proc/kpagecount (not read: no PFN to look up; map counts come from pagemap's"
                        + " exclusive bit)");
            }
        }
        return out;
    }

    /** The outcome key a real move would count a page under. */
    static Outcome outcome(int predicted, int before, int targetNode) {
        if (predicted == targetNode) {
            return before == targetNode ? Outcome.ALREADY : Outcome.MOVED;
        }
        if (predicted >= 0) {
            return Outcome.NOT_MIGRATED;
        }
        return Outcome.ofStatus(predicted);
    }

    private static void noteUnknowns(ProcessSnapshot ps, Set<String> unknown) {
        for (ProcessSnapshot.Region r : ps.regions()) {
            for (ProcessSnapshot.Page p : r.pages()) {
                if (p.presence() != ProcessSnapshot.Presence.PRESENT) {
                    continue;
                }
                if (p.node() == null) {
                    unknown.add("the node of a present page the query did not place (assumed: not the target)");
                }
                if (p.onLru() == null) {
                    unknown.add("whether a page is on an LRU list, from KPF_LRU of /proc/kpageflags (assumed: it"
                            + " is; a page that is not can come back EBUSY)");
                }
                if (p.zeroPage() == null) {
                    unknown.add("whether a page is the shared zero page, from KPF_ZERO_PAGE (assumed: not)");
                }
            }
        }
    }

    private static PageSnapshot slice(PageSnapshot s, int from, int to) {
        return new PageSnapshot(Arrays.copyOfRange(s.addresses(), from, to), Arrays.copyOfRange(s.pagemap(), from, to),
                s.kpageflags() == null ? null : Arrays.copyOfRange(s.kpageflags(), from, to),
                s.kpagecount() == null ? null : Arrays.copyOfRange(s.kpagecount(), from, to), s.unreadable());
    }
}
