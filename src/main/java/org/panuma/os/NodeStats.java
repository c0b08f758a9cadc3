package org.panuma.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One node's allocation counters and memory, as numastat and numastat -m show them: from
 * {@code /sys/devices/system/node/nodeN/numastat} and {@code .../nodeN/meminfo}.
 *
 * @param node     the node
 * @param counters numa_hit, numa_miss, numa_foreign, interleave_hit, local_node, other_node (pages
 *                 allocated since boot), in the kernel's order
 * @param meminfo  every meminfo field in bytes (huge-page counts times the huge page size)
 */
public record NodeStats(int node, Map<String, Long> counters, Map<String, Long> meminfo) {
    public NodeStats {
        counters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counters));
        meminfo = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(meminfo));
    }

    /** Every online node of this host, by id. A kernel without NUMA has no node directory: an empty list. */
    public static List<NodeStats> readHost() {
        return read(SysfsTopologyReader.NODE_DIR, Path.of("/proc/meminfo"));
    }

    public static List<NodeStats> read(Path nodeDir, Path procMeminfo) {
        long huge = NodeStatsParser.hugePageBytes(readOrEmpty(procMeminfo));
        List<NodeStats> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(nodeDir)) {
            entries.map(p -> p.getFileName().toString()).filter(n -> n.matches("node\\d+"))
                    .map(n -> Integer.parseInt(n.substring(4))).sorted()
                    .forEach(id -> out.add(new NodeStats(id,
                            NodeStatsParser.counters(readOrEmpty(nodeDir.resolve("node" + id + "/numastat"))),
                            NodeStatsParser.meminfoBytes(readOrEmpty(nodeDir.resolve("node" + id + "/meminfo")), huge))));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + nodeDir, e);
        }
        return out;
    }

    private static String readOrEmpty(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
