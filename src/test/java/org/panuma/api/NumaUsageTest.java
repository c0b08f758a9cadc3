package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.panuma.os.NodeStatsReader;
import org.panuma.os.NumaMapsEntry;
import org.panuma.os.NumaMapsParser;
import org.panuma.os.ProcFs;
import org.panuma.spi.CpuSet;
import org.panuma.spi.NodeSet;
import org.panuma.spi.Topology;

class NumaUsageTest {
    /** Lines of the shapes show_numa_map prints: base pages, a THP-backed heap, hugetlb, bound and interleaved. */
    static final List<NumaMapsEntry> MAPS = NumaMapsParser.parse(String.join("\n",
            "560d3d1fd000 default file=/usr/bin/target mapped=3 N0=3 kernelpagesize_kB=4",
            "560d3e000000 default heap anon=600 dirty=600 N0=100 N1=500 kernelpagesize_kB=4",
            "7f0000000000 bind:1 anon=256 dirty=256 N1=256 kernelpagesize_kB=4",
            "7f1000000000 default file=/anon_hugepage\\040(deleted) huge anon=2 dirty=2 N0=2 kernelpagesize_kB=2048",
            "7f2000000000 interleave:0-1 anon=10 dirty=10 N0=5 N1=5 kernelpagesize_kB=4",
            "7ffd00000000 default stack",
            ""));
    static final long PAGE = 4096;
    static final long HUGE = 2048 * 1024;

    @Test
    void bytesPerNode_countHugePagesWhole() {
        ProcessNumaUsage u = NumaUsage.usage(42, "target", "/svc", MAPS, NodeSet.of(0), PAGE);
        assertEquals(Map.of(0, (3 + 100 + 5) * PAGE + 2 * HUGE, 1, (500 + 256 + 5) * PAGE), u.bytesByNode());
        assertEquals((3 + 100 + 5 + 500 + 256 + 5) * PAGE + 2 * HUGE, u.residentBytes());
    }

    @Test
    void misplacedBytes_areThoseOnNodesWhereNoThreadRan() {
        assertEquals((500 + 256 + 5) * PAGE, NumaUsage.usage(42, "t", "", MAPS, NodeSet.of(0), PAGE).misplacedBytes());
        assertEquals((3 + 100 + 5) * PAGE + 2 * HUGE,
                NumaUsage.usage(42, "t", "", MAPS, NodeSet.of(1), PAGE).misplacedBytes());
        assertEquals(0, NumaUsage.usage(42, "t", "", MAPS, NodeSet.of(0, 1), PAGE).misplacedBytes());
        // No thread's CPU known: nothing can be called misplaced.
        assertEquals(0, NumaUsage.usage(42, "t", "", MAPS, NodeSet.empty(), PAGE).misplacedBytes());
    }

    @Test
    void policyMix_isBytesPerMode_ofMappingsWithPages() {
        ProcessNumaUsage u = NumaUsage.usage(42, "t", "", MAPS, NodeSet.of(0), PAGE);
        assertEquals(Map.of("default", (3 + 600) * PAGE + 2 * HUGE, "bind", 256 * PAGE, "interleave", 10 * PAGE),
                u.bytesByPolicy());
    }

    @Test
    void threadCpus_mapToTheirNodes() {
        Topology t = new Topology("6.1.0", NodeSet.of(0, 1), NodeSet.of(0, 1), NodeSet.of(0, 1), NodeSet.of(0, 1),
                NodeSet.of(0, 1), List.of(node(0, CpuSet.of(0, 1)), node(1, CpuSet.of(2, 3))), false);
        NumaUsage usage = new NumaUsage(ProcFs.system(), NodeStatsReader.system(), t, PAGE);
        assertEquals(NodeSet.of(1), usage.nodesOf(new int[] {2, 3, 3}));
        assertEquals(NodeSet.of(0, 1), usage.nodesOf(new int[] {1, 2}));
        // A CPU hot-added after the topology was read belongs to no node yet.
        assertEquals(NodeSet.of(0), usage.nodesOf(new int[] {0, 9}));
    }

    @Test
    void thisJvm_isResidentOnTheNodesNumaMapsNames() {
        Topology t = new Topology("host", NodeSet.of(0), NodeSet.of(0), NodeSet.of(0), NodeSet.of(0), NodeSet.of(0),
                List.of(node(0, CpuSet.fromBits(allCpus()))), false);
        int pid = (int) ProcessHandle.current().pid();
        ProcessNumaUsage u = new NumaUsage(ProcFs.system(), NodeStatsReader.system(), t, PAGE).process(pid);
        assertEquals(pid, u.pid());
        assertEquals(ProcFs.system().comm(pid), u.comm());
        assertTrue(u.residentBytes() > 1 << 20, "a JVM has more than 1 MiB resident: " + u);
    }

    private static java.util.BitSet allCpus() {
        java.util.BitSet b = new java.util.BitSet();
        b.set(0, 4096);
        return b;
    }

    private static Topology.Node node(int id, CpuSet cpus) {
        return new Topology.Node(id, cpus, 1L << 30, 1L << 29, new int[] {10, 20}, new int[] {0, 1});
    }
}
