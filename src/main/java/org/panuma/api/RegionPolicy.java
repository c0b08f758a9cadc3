package org.panuma.api;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.panuma.os.NumaMapsEntry;
import org.panuma.os.ProcFs;

/**
 * The memory policy of one mapping of a process, as the kernel prints it in
 * {@code /proc/PID/numa_maps}, with the pages the mapping has on each node.
 *
 * <pre>{@code
 * for (RegionPolicy r : RegionPolicy.ofProcess(pid)) {
 *     System.out.println(Long.toHexString(r.start()) + " " + r.policy() + " " + r.pages());
 * }
 * }</pre>
 *
 * @param start       the mapping's first byte
 * @param policy      the policy as the kernel prints it: "default", "bind:0-1", "interleave:0",
 *                    "prefer:1", "bind=static:0", "local", "prefer (many):0-1", "weighted interleave:0-1"
 * @param mode        the mode without nodes or flags: "default", "bind", "interleave", "prefer", ...
 * @param policyNodes the node list after the colon ("0-1"), "" when none
 * @param pagesByNode pages (of {@code pageSize}) per node id, in ascending node order
 * @param pageSize    the kernel page size in bytes, 0 when the kernel printed none (no pages)
 * @param huge        a hugetlb mapping
 * @param path        the mapped file ("" when none)
 */
public record RegionPolicy(long start, String policy, String mode, String policyNodes, Map<Integer, Long> pagesByNode,
                           long pageSize, boolean huge, String path) {
    public RegionPolicy {
        Objects.requireNonNull(policy);
        Objects.requireNonNull(mode);
        Objects.requireNonNull(policyNodes);
        Objects.requireNonNull(path);
        pagesByNode = Collections.unmodifiableMap(new TreeMap<>(pagesByNode));
    }

    /**
     * Every mapping's policy, read now from the process's numa_maps, in address order.
     *
     * @throws org.panuma.spi.NoSuchProcessException when the process does not exist (or exits mid-read)
     */
    public static List<RegionPolicy> ofProcess(int pid) {
        return ProcFs.system().numaMaps(pid).stream().map(RegionPolicy::of).toList();
    }

    static RegionPolicy of(NumaMapsEntry e) {
        return new RegionPolicy(e.start(), e.policy(), e.mode(), e.policyNodes(), e.pagesByNode(), e.kernelPageSize(),
                e.huge(), e.path());
    }

    /** The mapping's pages on all nodes together. */
    public long pages() {
        return pagesByNode.values().stream().mapToLong(Long::longValue).sum();
    }
}
