package org.panuma.spi;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The kernel's view of memory beyond "which node": memory tiers (6.1,
 * {@code /sys/devices/virtual/memory_tiering/memory_tierN/nodelist}), whether reclaim demotes pages
 * to a slower tier instead of dropping them (5.15, {@code /sys/kernel/mm/numa/demotion_enabled}),
 * and the node weights of {@code MPOL_WEIGHTED_INTERLEAVE} (6.9,
 * {@code /sys/kernel/mm/mempolicy/weighted_interleave/nodeN}). Each part is empty or
 * {@link Demotion#UNKNOWN} on kernels without it.
 *
 * @param tiers             the memory tiers by ascending id (faster memory has lower ids)
 * @param demotion          whether demotion is enabled
 * @param interleaveWeights weight per node id (1-255) for weighted interleave
 */
public record MemoryTiering(List<Tier> tiers, Demotion demotion, SortedMap<Integer, Integer> interleaveWeights) {

    /** No tiers, no weights, demotion unknown: a kernel before 5.15, or a simulated machine. */
    public static final MemoryTiering NONE = new MemoryTiering(List.of(), Demotion.UNKNOWN, new TreeMap<>());

    public MemoryTiering {
        tiers = List.copyOf(tiers);
        interleaveWeights = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(interleaveWeights));
    }

    /** Whether reclaim demotes to a lower tier ({@code demotion_enabled}). */
    public enum Demotion { ENABLED, DISABLED, UNKNOWN }

    /**
     * One memory tier. The kernel names a tier by the start of the abstract-distance chunk it covers
     * shifted right by {@code MEMTIER_CHUNK_BITS} (7, include/linux/memory-tiers.h): tier N holds the
     * memory types with abstract distance N*128 to N*128+127. DRAM's default distance is 576
     * ({@code MEMTIER_ADISTANCE_DRAM}), hence tier 4.
     */
    public record Tier(int id, NodeSet nodes) {
        /** {@code MEMTIER_CHUNK_BITS} of include/linux/memory-tiers.h. */
        public static final int CHUNK_BITS = 7;

        /** The first abstract distance this tier covers. */
        public int abstractDistanceStart() {
            return id << CHUNK_BITS;
        }

        /** The last abstract distance this tier covers. */
        public int abstractDistanceEnd() {
            return ((id + 1) << CHUNK_BITS) - 1;
        }
    }

    /** The tier holding {@code node}, if the kernel placed it in one. */
    public Optional<Tier> tierOf(int node) {
        return tiers.stream().filter(t -> t.nodes().contains(node)).findFirst();
    }

    /** The weighted-interleave weight of {@code node}, if the kernel has one for it. */
    public Optional<Integer> interleaveWeight(int node) {
        return Optional.ofNullable(interleaveWeights.get(node));
    }
}
