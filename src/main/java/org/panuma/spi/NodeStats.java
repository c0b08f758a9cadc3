package org.panuma.spi;

import java.util.Map;
import java.util.OptionalInt;

/**
 * One node's memory and allocation statistics, as sysfs gives them.
 *
 * @param node     the node id
 * @param meminfo  {@code nodeN/meminfo}: fields in bytes (kB values converted), HugePages_* as counts
 * @param numastat {@code nodeN/numastat}: numa_hit, numa_miss, ... (pages, counted since boot)
 * @param tier     the memory tier holding the node ({@code memory_tierN/nodelist}); empty before 6.1
 * @param hasCpus  whether the node is in {@code has_cpu}
 */
public record NodeStats(int node, Map<String, Long> meminfo, Map<String, Long> numastat, OptionalInt tier,
                        boolean hasCpus) {
    public NodeStats {
        meminfo = Map.copyOf(meminfo);
        numastat = Map.copyOf(numastat);
    }
}
