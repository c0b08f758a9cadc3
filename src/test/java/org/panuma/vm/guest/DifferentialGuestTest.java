package org.panuma.vm.guest;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.panuma.engine.KernelProfile;
import org.panuma.engine.predict.MovePagesPredictor;
import org.panuma.engine.predict.Prediction;
import org.panuma.engine.predict.ProcessSnapshot;
import org.panuma.spi.Backends;
import org.panuma.spi.Mpol;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.SyscallException;

/**
 * The engine against the kernel on random targets. random-pages builds {@value #TARGETS} targets
 * of {@value #PAGES} pages in random states on random nodes (hugetlb pages among them, from a pool
 * reserved per node for the test, and KSM pages: ksmd runs fast for the test, and the calls start
 * once every page it can merge shows KPF_KSM); for each, a random destination node per page and a random
 * MOVE/MOVE_ALL; the engine, with the profile panuma picks for the running kernel (uname: v6.1 on
 * 6.1, v6.12 on 6.12 and 7.x), predicts from a snapshot taken just before the real call, and the
 * two must agree on the return value, errno and every page's status. Disagreements are collected
 * and reported together, page by page, with the seed ({@code -Dpanuma.vm.seed=N} reruns one).
 */
class DifferentialGuestTest {
    static final int TARGETS = 200;
    static final int PAGES = 8;
    /** Pool pages reserved per node: half for the target's hugetlb pages, half for moves to that node. */
    static final int HUGETLB_PER_NODE = 16;

    @Test
    void engineWithTheKernelsProfile_agreesWithTheKernel_onRandomTargets() throws Exception {
        long seed = Long.getLong("panuma.vm.seed", System.nanoTime() & 0xffffffffL);
        KernelProfile profile = GuestEnvironment.profile();
        String kernel = GuestEnvironment.kernelRelease();
        System.out.println("DifferentialGuestTest seed " + seed + " (rerun: -Dpanuma.vm.seed=" + seed + "), kernel "
                + kernel + ", engine profile " + profile);
        Random random = new Random(seed);
        int nodes = GuestEnvironment.nodes();
        NumaSyscalls sys = Backends.open(null);
        List<String> disagreements = new ArrayList<>();
        try (HugetlbPool pool = HugetlbPool.reserve(nodes, HUGETLB_PER_NODE);
             KsmDaemon ksm = KsmDaemon.start();
             TargetProcess target = TargetProcess.start("random-pages", List.of(
                GuestEnvironment.targets().resolve("random-pages").toString(), String.valueOf(seed),
                String.valueOf(TARGETS), String.valueOf(PAGES), String.valueOf(nodes), String.valueOf(pool.budget())))) {
            assertTrue(pool.budget() > 0, "no hugetlb page could be reserved on every node");
            long[][] addresses = new long[TARGETS][PAGES];
            String[][] states = new String[TARGETS][PAGES];
            for (int n = 0; n < TARGETS * PAGES; n++) {
                String[] f = target.awaitLine("page ", Duration.ofMinutes(2)).split(" ");
                int t = Integer.parseInt(f[1]);
                int i = Integer.parseInt(f[2]);
                addresses[t][i] = Long.parseUnsignedLong(f[3], 16);
                states[t][i] = f[4] + "@" + f[5];
            }
            target.awaitLine("ready", Duration.ofMinutes(2));
            awaitKsmMerged(target.pid(), addresses, states, sys.pageSize());
            ksm.pause();

            long started = System.nanoTime();
            for (int t = 0; t < TARGETS; t++) {
                if (t % 25 == 0) {   // progress, for a run that hits its time limit
                    System.out.printf("DifferentialGuestTest: target %d of %d, %d disagreements, %.0f s%n", t, TARGETS,
                            disagreements.size(), (System.nanoTime() - started) / 1e9);
                }
                int[] to = new int[PAGES];
                for (int i = 0; i < PAGES; i++) {
                    to[i] = random.nextInt(nodes);
                }
                int flags = random.nextBoolean() ? Mpol.MPOL_MF_MOVE : Mpol.MPOL_MF_MOVE_ALL;
                long[] pages = addresses[t];
                ProcessSnapshot snap = TargetSnapshot.take(target.pid(), pages, sys.pageSize());
                Prediction p = MovePagesPredictor.predict(profile, snap, pages, to, flags,
                        KernelSemanticsGuestTest.ROOT);
                int[] status = new int[PAGES];
                Arrays.fill(status, Prediction.UNWRITTEN);
                long ret;
                String errno = "";
                try {
                    ret = sys.movePages((int) target.pid(), pages, to, status, 0, PAGES, flags);
                } catch (SyscallException e) {
                    ret = -1;
                    errno = e.errno().name();
                }
                String predictedErrno = p.errno() == null ? "" : p.errno().name();
                if (ret != p.returnValue() || !errno.equals(predictedErrno) || !Arrays.equals(status, p.status())) {
                    disagreements.add(diff(t, flags, pages, states[t], to, ret, errno, status, p));
                }
            }
            target.write("stop");
            target.awaitExit(Duration.ofMinutes(1));
        }
        if (!disagreements.isEmpty()) {
            fail(disagreements.size() + " of " + TARGETS + " targets disagree (seed " + seed + ", kernel " + kernel
                    + ", engine profile " + profile + "):\n"
                    + String.join("\n", disagreements.subList(0, Math.min(10, disagreements.size()))));
        }
    }

    /**
     * KSM merges the ksm pages of one index across targets (random-pages fills them alike); an
     * index drawn for one target only has nothing to merge with and stays an ordinary page.
     */
    static void awaitKsmMerged(long pid, long[][] addresses, String[][] states, int pageSize) throws Exception {
        List<Long> mergeable = new ArrayList<>();
        for (int i = 0; i < PAGES; i++) {
            List<Long> group = new ArrayList<>();
            for (int t = 0; t < TARGETS; t++) {
                if (states[t][i].startsWith("ksm@")) {
                    group.add(addresses[t][i]);
                }
            }
            if (group.size() > 1) {
                mergeable.addAll(group);
            }
        }
        assertTrue(!mergeable.isEmpty(), "no two ksm pages drawn: the run would not test KSM");
        long started = System.nanoTime();
        KsmDaemon.awaitMerged(pid, mergeable.stream().mapToLong(Long::longValue).toArray(), pageSize,
                Duration.ofMinutes(2));
        System.out.printf("DifferentialGuestTest: %d ksm pages merged in %.1f s%n", mergeable.size(),
                (System.nanoTime() - started) / 1e9);
    }

    static String diff(int t, int flags, long[] pages, String[] states, int[] to, long ret, String errno, int[] status,
                       Prediction p) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("target %d, %s: kernel ret %d %s, engine ret %d %s%n", t,
                flags == Mpol.MPOL_MF_MOVE ? "MPOL_MF_MOVE" : "MPOL_MF_MOVE_ALL", ret, errno, p.returnValue(),
                p.errno() == null ? "" : p.errno().name()));
        b.append(String.format("  %-14s %-14s %4s %12s %12s  %s%n", "address", "state@node", "to", "kernel", "engine",
                "engine's reason"));
        for (int i = 0; i < pages.length; i++) {
            b.append(String.format("  %-14x %-14s %4d %12s %12s%s  %s%n", pages[i], states[i], to[i], show(status[i]),
                    show(p.status()[i]), status[i] == p.status()[i] ? "" : " <>", p.reasons().get(i)));
        }
        return b.toString();
    }

    static String show(int s) {
        if (s == Prediction.UNWRITTEN) {
            return "unwritten";
        }
        if (s >= 0) {
            return "node " + s;
        }
        org.panuma.spi.Errno e = org.panuma.spi.Errno.ofOrNull(-s);
        return e == null ? String.valueOf(s) : "-" + e.name();
    }
}
