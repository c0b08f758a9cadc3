package org.panuma.api;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.panuma.spi.NodeSet;

/**
 * A process's resident memory per node, from the kernel's own count in /proc/PID/numa_maps (no
 * page queries), with where its threads ran and how its memory is placed by policy.
 *
 * @param pid            the process
 * @param comm           its command name
 * @param cgroup         the cgroup that names its container or service ("" when none was found)
 * @param bytesByNode    resident bytes per node (a huge page counts whole)
 * @param threadNodes    the nodes of the CPUs its threads last ran on
 * @param misplacedBytes resident bytes on nodes outside {@code threadNodes} (0 when no thread's
 *                       CPU was known)
 * @param bytesByPolicy  resident bytes per memory-policy mode of their mapping ("default",
 *                       "bind", "interleave", "prefer", "local", "preferred-many", "weighted
 *                       interleave")
 */
public record ProcessNumaUsage(int pid, String comm, String cgroup, Map<Integer, Long> bytesByNode,
                               NodeSet threadNodes, long misplacedBytes, Map<String, Long> bytesByPolicy) {
    public ProcessNumaUsage {
        Objects.requireNonNull(comm);
        Objects.requireNonNull(cgroup);
        Objects.requireNonNull(threadNodes);
        bytesByNode = Map.copyOf(new TreeMap<>(bytesByNode));
        bytesByPolicy = Map.copyOf(new TreeMap<>(bytesByPolicy));
    }

    public long residentBytes() {
        return bytesByNode.values().stream().mapToLong(Long::longValue).sum();
    }
}
