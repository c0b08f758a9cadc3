package org.panuma.api;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.panuma.spi.RegionKind;

/**
 * A process's memory by kind and node, in bytes: numastat -p's view of it. numastat has the rows
 * Huge, Heap, Stack and Private; here Private is split into private memory, mapped files and
 * shared memory, so numastat's Private is {@code PRIVATE + FILE + SHM}.
 *
 * @param bytes bytes per node, for each kind that has any
 */
public record MemoryUsage(Map<Kind, Map<Integer, Long>> bytes) {

    /** The rows, in numastat's order. */
    public enum Kind {
        /** hugetlbfs and MAP_HUGETLB memory. */
        HUGE("Huge"),
        /** The brk heap ([heap]). */
        HEAP("Heap"),
        /** The main thread's stack ([stack]). */
        STACK("Stack"),
        /** Private anonymous memory (malloc'ed mmaps, thread stacks, the JVM's heap) and the kernel's mappings. */
        PRIVATE("Private"),
        /** Mapped files. */
        FILE("File"),
        /** Shared memory: memfd, /dev/shm, SysV, shared anonymous. */
        SHM("Shm");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** numastat's row name ("Huge", "Heap", ...). */
        public String label() {
            return label;
        }

        static Kind of(RegionKind k) {
            return switch (k) {
                case HUGETLB -> HUGE;
                case HEAP -> HEAP;
                case STACK -> STACK;
                case FILE -> FILE;
                case SHM -> SHM;
                default -> PRIVATE;
            };
        }
    }

    public MemoryUsage {
        Map<Kind, Map<Integer, Long>> copy = new EnumMap<>(Kind.class);
        bytes.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        bytes = java.util.Collections.unmodifiableMap(copy);
    }

    /** The usage of the pages a placement found on nodes (pages on no node use no memory). */
    public static MemoryUsage of(ProcessPlacement placement) {
        Map<Kind, Map<Integer, Long>> m = new EnumMap<>(Kind.class);
        for (RegionPlacement r : placement.regions()) {
            long pageSize = r.region().pageSize();
            Map<Integer, Long> row = m.computeIfAbsent(Kind.of(r.region().kind()), k -> new TreeMap<>());
            r.placement().byNode().forEach((node, pages) -> row.merge(node, pages * pageSize, Long::sum));
        }
        return new MemoryUsage(m);
    }

    /** Bytes of a kind on a node. */
    public long bytes(Kind kind, int node) {
        return bytes.getOrDefault(kind, Map.of()).getOrDefault(node, 0L);
    }

    /** Bytes of a kind on every node. */
    public long total(Kind kind) {
        return bytes.getOrDefault(kind, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Bytes per node over every kind. */
    public Map<Integer, Long> totalByNode() {
        Map<Integer, Long> t = new TreeMap<>();
        bytes.values().forEach(row -> row.forEach((node, b) -> t.merge(node, b, Long::sum)));
        return t;
    }

    /** Bytes over every kind and node. */
    public long total() {
        return totalByNode().values().stream().mapToLong(Long::longValue).sum();
    }
}
