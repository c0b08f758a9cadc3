package org.panuma.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.panuma.api.PageStatus;
import org.panuma.os.SysfsTopologyReader;
import org.panuma.spi.Errno;
import org.panuma.spi.KernelRelease;
import org.panuma.spi.Mempolicy;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.SyscallException;
import org.panuma.spi.Topology;

/**
 * The syscall surface against the running kernel, on every native backend. These hold on any
 * Linux host, a single-node one included; multi-node cases are skipped without two nodes with
 * memory (the NUMA-VM tests run them).
 */
class SyscallContractIT {
    private static final String BACKENDS = "org.panuma.backend.NativeBackends#names";

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void touchedPages_areOnTheNodeGetMempolicyReports(String backend) {
        NumaSyscalls sys = NativeBackends.open(backend);
        try (AnonymousMapping m = new AnonymousMapping(sys, 16)) {
            m.touchAll();
            int[] status = query(sys, m.addresses());
            for (int i = 0; i < m.pages; i++) {
                int node = sys.getMempolicy(m.page(i), Mpol.MPOL_F_NODE | Mpol.MPOL_F_ADDR).nodeOrMode();
                assertEquals(node, status[i], "page " + i);
                assertTrue(sys.topology().withMemory().contains(status[i]), "node " + status[i] + " has memory");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void neverTouchedAnonymousPage_statusDependsOnKernelRelease(String backend) {
        NumaSyscalls sys = NativeBackends.open(backend);
        Errno expected = KernelRelease.parse(SysfsTopologyReader.kernelRelease()).neverTouchedAnonymousPage();
        try (AnonymousMapping m = new AnonymousMapping(sys, 4)) {
            int[] status = query(sys, m.addresses());
            int[] want = new int[4];
            Arrays.fill(want, -expected.number());
            assertArrayEquals(want, status);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void unmappedAddress_isEfault(String backend) {
        NumaSyscalls sys = NativeBackends.open(backend);
        AnonymousMapping m = new AnonymousMapping(sys, 2);
        long gone = m.page(0);
        m.close();
        int[] status = query(sys, new long[] {gone});
        assertEquals(-Errno.EFAULT.number(), status[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void movingOwnPagesToTheirNode_succeedsWithStatusNode(String backend) {
        NumaSyscalls sys = NativeBackends.open(backend);
        int node = firstNodeWithMemory(sys);
        try (AnonymousMapping m = new AnonymousMapping(sys, 8)) {
            m.touchAll();
            int[] nodes = new int[8];
            Arrays.fill(nodes, node);
            int[] status = new int[8];
            long r = sys.movePages(0, m.addresses(), nodes, status, 0, 8, Mpol.MPOL_MF_MOVE);
            assertEquals(0, r);
            int[] want = new int[8];
            Arrays.fill(want, node);
            assertArrayEquals(want, status);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void nodeThatDoesNotExist_isEnodev(String backend) {
        NumaSyscalls sys = NativeBackends.open(backend);
        int missing = sys.topology().possible().span();
        try (AnonymousMapping m = new AnonymousMapping(sys, 1)) {
            m.touchAll();
            SyscallException e = assertThrows(SyscallException.class, () -> sys.movePages(0, m.addresses(),
                    new int[] {missing}, new int[1], 0, 1, Mpol.MPOL_MF_MOVE));
            assertEquals(Errno.ENODEV, e.errno());
            assertEquals("move_pages(pid=0, count=1) failed: ENODEV (No such device)", e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void invalidFlags_areEinval(String backend) {
        NumaSyscalls sys = NativeBackends.open(backend);
        try (AnonymousMapping m = new AnonymousMapping(sys, 1)) {
            m.touchAll();
            SyscallException e = assertThrows(SyscallException.class,
                    () -> sys.movePages(0, m.addresses(), new int[] {0}, new int[1], 0, 1, 1 << 3));
            assertEquals(Errno.EINVAL, e.errno());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void pidThatDoesNotExist_isEsrch(String backend) {
        NumaSyscalls sys = NativeBackends.open(backend);
        // Above PID_MAX_LIMIT (4194304): no process can have it.
        int pid = 1 << 23;
        SyscallException e = assertThrows(SyscallException.class,
                () -> sys.movePages(pid, new long[] {4096}, null, new int[1], 0, 1, 0));
        assertEquals(Errno.ESRCH, e.errno());
        assertEquals("move_pages(pid=8388608, count=1) failed: ESRCH (No such process)", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void zeroPages_returnZero(String backend) {
        NumaSyscalls sys = NativeBackends.open(backend);
        assertEquals(0, sys.movePages(0, new long[0], new int[0], new int[0], 0, 0, Mpol.MPOL_MF_MOVE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void defaultPolicy_isMpolDefaultWithNoNodes(String backend) {
        NumaSyscalls sys = NativeBackends.open(backend);
        Mempolicy p = sys.getMempolicy(0, 0);
        assertEquals(Mpol.MPOL_DEFAULT, p.mode());
        assertEquals(NodeSet.empty(), p.nodes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void memsAllowed_areTheOnlineNodesWithMemory(String backend) {
        NumaSyscalls sys = NativeBackends.open(backend);
        Topology t = sys.topology();
        assertEquals(t.withMemory(), t.memsAllowed().intersect(t.withMemory()));
        assertTrue(!t.memsAllowed().isEmpty());
    }

    /** The topology reads them from /proc/thread-self/status, which must say what the kernel's call says. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void memsAllowed_areWhatGetMempolicyReturns(String backend) {
        NumaSyscalls sys = NativeBackends.open(backend);
        assertEquals(sys.getMempolicy(0, Mpol.MPOL_F_MEMS_ALLOWED).nodes(), sys.topology().memsAllowed());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void mbindToANode_isReadBackByGetMempolicyAddr(String backend) {
        NumaSyscalls sys = NativeBackends.open(backend);
        int node = firstNodeWithMemory(sys);
        try (AnonymousMapping m = new AnonymousMapping(sys, 4)) {
            sys.mbind(m.address, 4L * m.pageSize, Mpol.MPOL_BIND, NodeSet.of(node), 0);
            Mempolicy p = sys.getMempolicy(m.page(1), Mpol.MPOL_F_ADDR);
            assertEquals(Mpol.MPOL_BIND, p.mode());
            assertEquals(NodeSet.of(node), p.nodes());
            m.touchAll();
            int[] want = new int[4];
            Arrays.fill(want, node);
            assertArrayEquals(want, query(sys, m.addresses()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void setMempolicy_preferredThenDefault_isReadBack(String backend) {
        NumaSyscalls sys = NativeBackends.open(backend);
        int node = firstNodeWithMemory(sys);
        try {
            sys.setMempolicy(Mpol.MPOL_PREFERRED, NodeSet.of(node));
            Mempolicy p = sys.getMempolicy(0, 0);
            assertEquals(Mpol.MPOL_PREFERRED, p.mode());
            assertEquals(NodeSet.of(node), p.nodes());
        } finally {
            sys.setMempolicy(Mpol.MPOL_DEFAULT, NodeSet.empty());
        }
        assertEquals(Mpol.MPOL_DEFAULT, sys.getMempolicy(0, 0).mode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void affinity_roundTripsAndGetcpuIsInsideIt(String backend) {
        NumaSyscalls sys = NativeBackends.open(backend);
        var before = sys.schedGetaffinity(0);
        int cpu = before.first();
        try {
            sys.schedSetaffinity(0, org.panuma.spi.CpuSet.of(cpu));
            assertEquals(org.panuma.spi.CpuSet.of(cpu), sys.schedGetaffinity(0));
            var where = sys.getcpu();
            assertEquals(cpu, where.cpu());
            assertTrue(sys.topology().node(where.node()).orElseThrow().cpus().contains(cpu));
        } finally {
            sys.schedSetaffinity(0, before);
        }
        assertEquals(before, sys.schedGetaffinity(0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void pagesMoveBetweenTwoNodesAndBack(String backend) {
        NumaSyscalls sys = NativeBackends.open(backend);
        NodeSet withMemory = sys.topology().withMemory();
        assumeTrue(withMemory.size() >= 2, "needs two nodes with memory; this host has only node(s) " + withMemory
                + " (the NUMA-VM tests run this)");
        int a = withMemory.toArray()[0];
        int b = withMemory.toArray()[1];
        try (AnonymousMapping m = new AnonymousMapping(sys, 64)) {
            m.touchAll();
            for (int target : new int[] {b, a}) {
                int[] nodes = new int[64];
                Arrays.fill(nodes, target);
                int[] status = new int[64];
                long r = sys.movePages(0, m.addresses(), nodes, status, 0, 64, Mpol.MPOL_MF_MOVE);
                assertEquals(0, r);
                int[] want = new int[64];
                Arrays.fill(want, target);
                assertArrayEquals(want, query(sys, m.addresses()));
            }
        }
    }

    static int[] query(NumaSyscalls sys, long[] pages) {
        int[] status = new int[pages.length];
        Arrays.fill(status, PageStatus.NOT_PROCESSED);
        long r = sys.movePages(0, pages, null, status, 0, pages.length, 0);
        assertEquals(0, r, "a query returns 0");
        return status;
    }

    static int firstNodeWithMemory(NumaSyscalls sys) {
        return sys.topology().withMemory().first();
    }
}
