package org.panuma.api;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.panuma.spi.NodeStats;
import org.panuma.os.NodeStatsReader;
import org.panuma.os.NumaMapsEntry;
import org.panuma.os.ProcFs;
import org.panuma.spi.NodeSet;
import org.panuma.spi.Topology;

/**
 * Cheap, read-only NUMA usage of processes and nodes, for monitoring: per process one read of
 * /proc/PID/numa_maps (the kernel walks the page tables once, under the target's mmap lock,
 * ≈21 ns per page) and of its threads' stat files; per node a few small sysfs files. Nothing is
 * moved and no page is queried.
 *
 * <pre>{@code
 * NumaUsage usage = NumaUsage.of(Numa.open());
 * ProcessNumaUsage p = usage.process(pid);    // p.bytesByNode(), p.misplacedBytes()
 * }</pre>
 */
public final class NumaUsage {
    private final ProcFs proc;
    private final NodeStatsReader nodes;
    private final int[] nodeOfCpu;
    private final long basePageSize;

    /**
     * @param topology     gives the node of each CPU, for where threads ran
     * @param basePageSize the unit of numa_maps counts on lines without kernelpagesize_kB
     */
    NumaUsage(ProcFs proc, NodeStatsReader nodes, Topology topology, long basePageSize) {
        this.proc = Objects.requireNonNull(proc);
        this.nodes = Objects.requireNonNull(nodes);
        this.nodeOfCpu = nodeOfCpu(topology);
        this.basePageSize = basePageSize;
    }

    /** This host's processes and nodes, with the topology and page size {@code numa} sees. */
    public static NumaUsage of(Numa numa) {
        return new NumaUsage(ProcFs.system(), NodeStatsReader.system(), numa.topology(), numa.pageSize());
    }

    /**
     * One process's usage, read now.
     *
     * @throws org.panuma.spi.NoSuchProcessException when it has exited (also mid-read)
     */
    public ProcessNumaUsage process(int pid) {
        String comm = proc.comm(pid);
        String cgroup = proc.cgroups(pid).label();
        int[] cpus = proc.lastCpus(pid);
        List<NumaMapsEntry> maps = proc.numaMaps(pid);
        return usage(pid, comm, cgroup, maps, nodesOf(cpus), basePageSize);
    }

    /** Every online node's meminfo, numastat counters, memory tier and whether it has CPUs. */
    public List<NodeStats> nodes() {
        return nodes.read();
    }

    /** The default huge page size in bytes (Hugepagesize of /proc/meminfo), for sizes counted in huge pages. */
    public long hugePageBytes() {
        return org.panuma.os.HugePageSize.defaultBytes();
    }

    /** The nodes of these CPUs; a CPU the topology does not know (hot-added since) is left out. */
    NodeSet nodesOf(int[] cpus) {
        BitSet bits = new BitSet();
        for (int cpu : cpus) {
            if (cpu < nodeOfCpu.length && nodeOfCpu[cpu] >= 0) {
                bits.set(nodeOfCpu[cpu]);
            }
        }
        return NodeSet.fromBits(bits);
    }

    /** Pure: the usage these numa_maps lines and thread nodes give. */
    static ProcessNumaUsage usage(int pid, String comm, String cgroup, List<NumaMapsEntry> maps,
                                  NodeSet threadNodes, long basePageSize) {
        Map<Integer, Long> byNode = new HashMap<>();
        Map<String, Long> byPolicy = new HashMap<>();
        long misplaced = 0;
        for (NumaMapsEntry e : maps) {
            long pageSize = e.kernelPageSize() > 0 ? e.kernelPageSize() : basePageSize;
            long entryBytes = 0;
            for (Map.Entry<Integer, Long> n : e.pagesByNode().entrySet()) {
                long bytes = n.getValue() * pageSize;
                entryBytes += bytes;
                byNode.merge(n.getKey(), bytes, Long::sum);
                if (!threadNodes.isEmpty() && !threadNodes.contains(n.getKey())) {
                    misplaced += bytes;
                }
            }
            if (entryBytes > 0) {
                byPolicy.merge(e.mode(), entryBytes, Long::sum);
            }
        }
        return new ProcessNumaUsage(pid, comm, cgroup, byNode, threadNodes, misplaced, byPolicy);
    }

    private static int[] nodeOfCpu(Topology topology) {
        int max = -1;
        for (Topology.Node n : topology.nodes()) {
            for (int cpu : n.cpus().toArray()) {
                max = Math.max(max, cpu);
            }
        }
        int[] map = new int[max + 1];
        Arrays.fill(map, -1);
        for (Topology.Node n : topology.nodes()) {
            for (int cpu : n.cpus().toArray()) {
                map[cpu] = n.id();
            }
        }
        return map;
    }
}
