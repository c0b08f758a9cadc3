package org.panuma.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The NUMA topology a backend sees: from sysfs and the kernel for the real backends, from the
 * simulated machine for the sim backend ({@link #simulated()}).
 *
 * @param kernelRelease what {@code uname -r} prints (the simulated profile's name on sim)
 * @param possible      nodes possible ({@code /sys/devices/system/node/possible})
 * @param online        nodes online
 * @param withMemory    nodes with memory ({@code has_memory})
 * @param withCpus      nodes with CPUs ({@code has_cpu})
 * @param memsAllowed   the caller's allowed nodes, its cpuset's mems (what get_mempolicy with MPOL_F_MEMS_ALLOWED returns)
 * @param nodes         one entry per online node, by ascending id
 * @param simulated     true when no real kernel stands behind these numbers
 */
public record Topology(String kernelRelease, NodeSet possible, NodeSet online, NodeSet withMemory,
                       NodeSet withCpus, NodeSet memsAllowed, List<Node> nodes, boolean simulated) {

    public Topology {
        Objects.requireNonNull(kernelRelease);
        nodes = List.copyOf(nodes);
    }

    /**
     * One node.
     *
     * @param id        node id
     * @param cpus      its CPUs ({@code cpulist})
     * @param memTotal  bytes of memory (MemTotal of the node's meminfo)
     * @param memFree   bytes free (MemFree)
     * @param distances distance to each node, indexed like {@code distanceTo}; see {@link #distanceTo(int)}
     * @param distanceIds the node id of each entry of {@code distances}
     */
    public record Node(int id, CpuSet cpus, long memTotal, long memFree, int[] distances, int[] distanceIds) {
        public Node {
            distances = distances.clone();
            distanceIds = distanceIds.clone();
            if (distances.length != distanceIds.length) {
                throw new IllegalArgumentException("node " + id + ": " + distances.length
                        + " distances for " + distanceIds.length + " nodes");
            }
        }

        /** The distance from this node to {@code other}, or -1 when unknown. */
        public int distanceTo(int other) {
            for (int i = 0; i < distanceIds.length; i++) {
                if (distanceIds[i] == other) {
                    return distances[i];
                }
            }
            return -1;
        }

        @Override
        public int[] distances() {
            return distances.clone();
        }

        @Override
        public int[] distanceIds() {
            return distanceIds.clone();
        }
    }

    public Optional<Node> node(int id) {
        return nodes.stream().filter(n -> n.id() == id).findFirst();
    }

    /** The distance between two nodes, or -1 when unknown. */
    public int distance(int from, int to) {
        return node(from).map(n -> n.distanceTo(to)).orElse(-1);
    }
}
