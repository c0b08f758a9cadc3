package org.panuma.vm.guest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.panuma.engine.KernelProfile;
import org.panuma.engine.predict.MovePagesPredictor;
import org.panuma.engine.predict.Prediction;
import org.panuma.engine.predict.ProcessSnapshot;
import org.panuma.spi.Backends;
import org.panuma.spi.Errno;
import org.panuma.spi.Mpol;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.SyscallException;

/**
 * move_pages outcomes made to happen for real on the guest's kernel, each one checked against the
 * kernel's expected answer AND against the engine's profile for that kernel (the one panuma picks
 * from uname: v6.1 on 6.1, v6.12 on 6.12 and 7.x), which predicts from a snapshot of the target
 * taken just before the call ({@link TargetSnapshot}). Where the kernels differ, the expected
 * answer is chosen by that profile.
 *
 * <p>The target is integration-tests/targets/page-states (one page per state, all on node 0);
 * the caller is this JVM (root: may ptrace, has CAP_SYS_NICE) unless a case says otherwise.
 */
class KernelSemanticsGuestTest {
    static final KernelProfile PROFILE = GuestEnvironment.profile();
    /** How failure messages name the engine's side: "engine v6.12 for kernel 6.12.117+deb13-amd64". */
    static final String ENGINE = "engine " + PROFILE + " for kernel " + GuestEnvironment.kernelRelease();
    static final MovePagesPredictor.Caller ROOT = new MovePagesPredictor.Caller(false, true, true);
    static final int UNWRITTEN = Prediction.UNWRITTEN;
    static final Duration START = Duration.ofMinutes(2);

    /** -EFAULT up to 6.11 (follow_page found no page); -ENOENT from 6.12 (folio_walk, no folio). */
    @Test
    void neverTouchedPage_queryAndMove_isEfaultBefore612AndEnoentFrom612() throws Exception {
        int expected = -(PROFILE == KernelProfile.V6_12 ? Errno.ENOENT : Errno.EFAULT).number();
        try (PageStates t = PageStates.start()) {
            Outcome q = compare(t, new long[] {t.at("untouched")}, null, 0);
            Outcome m = compare(t, new long[] {t.at("untouched")}, new int[] {1}, Mpol.MPOL_MF_MOVE);
            assertEquals(0, q.ret);
            assertEquals(0, m.ret);
            assertArrayEquals(new int[] {expected}, m.status, "kernel " + GuestEnvironment.kernelRelease());
        }
    }

    @Test
    void zeroPage_isNotMoved() throws Exception {
        try (PageStates t = PageStates.start()) {
            Outcome m = compare(t, new long[] {t.at("zero")}, new int[] {1}, Mpol.MPOL_MF_MOVE);
            assertEquals(0, m.ret);
        }
    }

    @Test
    void unmappedAddress_isEfault() throws Exception {
        try (PageStates t = PageStates.start()) {
            Outcome m = compare(t, new long[] {t.at("unmapped")}, new int[] {1}, Mpol.MPOL_MF_MOVE);
            assertArrayEquals(new int[] {-Errno.EFAULT.number()}, m.status);
        }
    }

    @Test
    void pageSharedWithForkedChild_withoutMoveAll_isEacces() throws Exception {
        try (PageStates t = PageStates.start()) {
            Outcome m = compare(t, new long[] {t.at("shared")}, new int[] {1}, Mpol.MPOL_MF_MOVE);
            assertArrayEquals(new int[] {-Errno.EACCES.number()}, m.status);
        }
    }

    @Test
    void pageSharedWithForkedChild_withMoveAllAsRoot_moves() throws Exception {
        try (PageStates t = PageStates.start()) {
            Outcome m = compare(t, new long[] {t.at("shared")}, new int[] {1}, Mpol.MPOL_MF_MOVE_ALL);
            assertArrayEquals(new int[] {1}, m.status);
        }
    }

    @Test
    void touchedReadOnlyAndFilePages_move() throws Exception {
        try (PageStates t = PageStates.start()) {
            Outcome m = compare(t, new long[] {t.at("touched"), t.at("readonly"), t.at("file")}, new int[] {1, 1, 1},
                    Mpol.MPOL_MF_MOVE);
            assertArrayEquals(new int[] {1, 1, 1}, m.status);
        }
    }

    @Test
    void nodeWithoutMemory_failsTheCallWithEnodev() throws Exception {
        try (PageStates t = PageStates.start()) {
            int absent = GuestEnvironment.nodes();   // in range for the kernel, but not a node here
            Outcome m = compare(t, new long[] {t.at("touched")}, new int[] {absent}, Mpol.MPOL_MF_MOVE);
            assertEquals(Errno.ENODEV, m.errno);
        }
    }

    @Test
    void nodeOutOfRange_failsTheCallWithEnodev() throws Exception {
        try (PageStates t = PageStates.start()) {
            Outcome m = compare(t, new long[] {t.at("touched")}, new int[] {1 << 20}, Mpol.MPOL_MF_MOVE);
            assertEquals(Errno.ENODEV, m.errno);
        }
    }

    /** The first page moves in its own batch; the invalid node then ends the call (ENODEV). */
    @Test
    void batchInterruptedByInvalidNode_keepsTheMovesBeforeIt() throws Exception {
        try (PageStates t = PageStates.start()) {
            Outcome m = compare(t, new long[] {t.at("touched"), t.at("readonly")},
                    new int[] {1, GuestEnvironment.nodes()}, Mpol.MPOL_MF_MOVE);
            assertEquals(Errno.ENODEV, m.errno);
            assertEquals(1, m.status[0], "the page before the invalid node was moved");
        }
    }

    /**
     * do_pages_move (6.1): {@code err = -EACCES; if (!node_isset(node, task_nodes)) goto out_flush;}
     * with task_nodes = cpuset_mems_allowed(task). The target is put in a child cgroup (cgroup2,
     * mounted by the guest's init) whose cpuset.mems is node 0; moving its page to node 1 fails the
     * whole call with EACCES after the batch before it (here a page already on node 0) is flushed.
     */
    @Test
    void nodeOutsideTheTargetsCpuset_failsTheCallWithEacces() throws Exception {
        java.nio.file.Path root = java.nio.file.Paths.get("/sys/fs/cgroup");
        try (PageStates t = PageStates.start()) {
            java.nio.file.Path cg = root.resolve("panuma-cpuset-" + t.pid());
            java.nio.file.Files.writeString(root.resolve("cgroup.subtree_control"), "+cpuset");
            java.nio.file.Files.createDirectory(cg);
            try {
                java.nio.file.Files.writeString(cg.resolve("cpuset.mems"), "0");
                java.nio.file.Files.writeString(cg.resolve("cgroup.procs"), String.valueOf(t.pid()));
                assertEquals(org.panuma.spi.NodeSet.of(0), TargetSnapshot.memsAllowed(t.pid()),
                        "the target's Mems_allowed_list after joining the cgroup");
                Outcome m = compare(t, new long[] {t.at("touched"), t.at("readonly")}, new int[] {0, 1},
                        Mpol.MPOL_MF_MOVE);
                assertEquals(Errno.EACCES, m.errno);
                assertEquals(0, m.status[0], "the entry before the refused node was processed (already on node 0)");
                assertEquals(UNWRITTEN, m.status[1]);
            } finally {
                java.nio.file.Files.writeString(root.resolve("cgroup.procs"), String.valueOf(t.pid()));
                java.nio.file.Files.delete(cg);
            }
        }
    }

    @Test
    void badFlags_areEinval() throws Exception {
        try (PageStates t = PageStates.start()) {
            Outcome m = compare(t, new long[] {t.at("touched")}, new int[] {1}, 1 << 5);
            assertEquals(Errno.EINVAL, m.errno);
        }
    }

    /** MOVE_ALL needs CAP_SYS_NICE: an unprivileged caller (setpriv, no capabilities) gets EPERM. */
    @Test
    void moveAllWithoutCapSysNice_isEperm() throws Exception {
        try (PageStates t = PageStates.start()) {
            long[] pages = {t.at("touched")};
            int[] nodes = {1};
            ProcessSnapshot snap = TargetSnapshot.take(t.pid(), pages, t.pageSize);
            Prediction p = MovePagesPredictor.predict(PROFILE, snap, pages, nodes, Mpol.MPOL_MF_MOVE_ALL,
                    new MovePagesPredictor.Caller(false, false, false));
            List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all",
                    GuestEnvironment.targets().resolve("move-pages-call").toString(), String.valueOf(t.pid()),
                    String.valueOf(Mpol.MPOL_MF_MOVE_ALL), Long.toHexString(pages[0]) + ":1"));
            try (TargetProcess caller = TargetProcess.start("move-pages-call", cmd)) {
                String ret = caller.awaitLine("ret ", START);
                assertEquals("ret -1 errno EPERM", ret, "kernel");
            }
            assertEquals(Errno.EPERM, p.errno(), ENGINE + ": " + p);
        }
    }

    @Test
    void unknownPid_isEsrch() throws Exception {
        NumaSyscalls sys = Backends.open(null);
        long pid = unusedPid();
        int[] status = {UNWRITTEN};
        SyscallException e = org.junit.jupiter.api.Assertions.assertThrows(SyscallException.class,
                () -> sys.movePages((int) pid, new long[] {0x10000}, new int[] {1}, status, 0, 1, Mpol.MPOL_MF_MOVE));
        assertEquals(Errno.ESRCH, e.errno(), "kernel");
        // The engine: a World with no such process answers the same.
        org.panuma.engine.World w = new org.panuma.engine.World(PROFILE,
                org.panuma.engine.model.Nodes.uniform(GuestEnvironment.nodes(), 1 << 16));
        w.process(3, org.panuma.engine.model.Task.Credentials.root(), org.panuma.spi.NodeSet.of(0), 0);
        org.panuma.engine.migrate.SyscallResult r = w.movePages(3, new org.panuma.engine.migrate.MovePagesArgs(
                (int) pid, 1, new long[] {0x10000}, new int[] {1}, new int[] {UNWRITTEN}, Mpol.MPOL_MF_MOVE));
        assertEquals(Errno.ESRCH, r.errno(), ENGINE + ": " + r);
    }

    /**
     * What {@code --dry-run} prints ("profile v6.12 was checked page by page against kernel ...")
     * must stay true: a kernel of a series its profile does not list fails here, so a new kernel
     * in the matrix (Debian's "latest" moving on) is looked at, and then listed, never claimed.
     */
    @Test
    void theProfileForThisKernel_listsItsSeriesAsChecked() {
        String release = GuestEnvironment.kernelRelease();
        org.junit.jupiter.api.Assertions.assertTrue(PROFILE.checkedAgainstSeriesOf(release), () -> "kernel " + release
                + " is not of a series profile " + PROFILE + " lists as checked (" + PROFILE.checkedAgainst()
                + "): when this run's differential and kernel-semantics tests pass on it, add it to"
                + " KernelProfile.checkedAgainst; where they fail, fix the profile or add one");
    }

    // ------------------------------------------------------------------ the comparison

    /** What the kernel did: return value, errno (null when it returned), status array. */
    record Outcome(long ret, Errno errno, int[] status) {
        @Override
        public String toString() {
            return "ret " + ret + (errno == null ? "" : " " + errno) + " status " + Arrays.toString(status);
        }
    }

    /**
     * Snapshots the target, asks the engine, makes the real call, and fails unless both agree on
     * the return value, errno and every status entry. Returns the kernel's outcome.
     */
    static Outcome compare(PageStates t, long[] pages, int[] nodes, int flags) throws IOException {
        ProcessSnapshot snap = TargetSnapshot.take(t.pid(), pages, t.pageSize);
        Prediction p = MovePagesPredictor.predict(PROFILE, snap, pages, nodes, flags, ROOT);
        NumaSyscalls sys = Backends.open(null);
        int[] status = new int[pages.length];
        Arrays.fill(status, UNWRITTEN);
        Outcome k;
        try {
            long r = sys.movePages((int) t.pid(), pages, nodes, status, 0, pages.length, flags);
            k = new Outcome(r, null, status);
        } catch (SyscallException e) {
            k = new Outcome(-1, e.errno(), status);
        }
        String context = "kernel " + k + "\n" + ENGINE + ": ret " + p.returnValue() + " " + p.errno() + " status "
                + Arrays.toString(p.status()) + "\nreasons " + p.reasons() + "\nnotes " + p.notes() + "\nsnapshot " + snap;
        assertEquals(k.ret, p.returnValue(), "return value\n" + context);
        assertEquals(k.errno, p.errno(), "errno\n" + context);
        assertArrayEquals(k.status, p.status(), "status\n" + context);
        return k;
    }

    /** The pid of a process that has just exited: free until pids wrap around. */
    static long unusedPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    /** A running page-states target on node 0 and the address of each of its states. */
    static final class PageStates implements AutoCloseable {
        final TargetProcess process;
        final Map<String, Long> addresses = new HashMap<>();
        final int pageSize = Backends.open(null).pageSize();

        private PageStates(TargetProcess process) {
            this.process = process;
        }

        static PageStates start() throws Exception {
            PageStates s = new PageStates(TargetProcess.start("page-states",
                    List.of(GuestEnvironment.targets().resolve("page-states").toString(), "0")));
            for (String state : List.of("touched", "untouched", "zero", "shared", "file", "readonly", "unmapped")) {
                String line = s.process.awaitLine(state + " ", START);
                s.addresses.put(state, Long.parseUnsignedLong(line.substring(state.length() + 1).trim(), 16));
            }
            s.process.awaitLine("ready", START);
            return s;
        }

        long at(String state) {
            return addresses.get(state);
        }

        long pid() {
            return process.pid();
        }

        @Override
        public void close() throws Exception {
            process.write("stop");
            process.awaitExit(START);
            process.close();
        }
    }
}
