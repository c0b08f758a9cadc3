package org.panuma.os;

import org.panuma.spi.IdListParser;
import org.panuma.spi.NodeStats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Reads every online node's meminfo, numastat, memory tier and has_cpu from sysfs. Each call
 * reads the files anew: a handful of small reads per node.
 */
public final class NodeStatsReader {
    /** Memory tiers (6.1 and later): {@code memory_tierN/nodelist}. */
    public static final Path TIER_DIR = Path.of("/sys/devices/virtual/memory_tiering");

    private final Path nodeDir;
    private final Path tierDir;

    public NodeStatsReader(Path nodeDir, Path tierDir) {
        this.nodeDir = nodeDir;
        this.tierDir = tierDir;
    }

    public static NodeStatsReader system() {
        return new NodeStatsReader(SysfsTopologyReader.NODE_DIR, TIER_DIR);
    }

    public List<NodeStats> read() {
        BitSet online = IdListParser.parse(readOr(nodeDir.resolve("online"), "0"));
        String hasCpuText = readOr(nodeDir.resolve("has_cpu"), null);
        BitSet hasCpu = hasCpuText == null ? online : IdListParser.parse(hasCpuText);
        Map<Integer, Integer> tiers = tiers();
        List<NodeStats> out = new ArrayList<>();
        for (int node = online.nextSetBit(0); node >= 0; node = online.nextSetBit(node + 1)) {
            Path dir = nodeDir.resolve("node" + node);
            Map<String, Long> meminfo = NodeMeminfoParser.all(readOr(dir.resolve("meminfo"), ""));
            Map<String, Long> numastat = KeyValueLines.parse(readOr(dir.resolve("numastat"), ""));
            Integer tier = tiers.get(node);
            out.add(new NodeStats(node, meminfo, numastat, tier == null ? OptionalInt.empty() : OptionalInt.of(tier),
                    hasCpu.get(node)));
        }
        return out;
    }

    /** Node → tier id, from the directories memory_tierN and their nodelist. */
    private Map<Integer, Integer> tiers() {
        Map<Integer, Integer> out = new HashMap<>();
        if (!Files.isDirectory(tierDir)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(tierDir)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String name = d.getFileName().toString();
                if (!name.matches("memory_tier\\d{1,9}")) {
                    continue;
                }
                int tier = Integer.parseInt(name.substring("memory_tier".length()));
                BitSet nodes = IdListParser.parse(readOr(d.resolve("nodelist"), ""));
                nodes.stream().forEach(n -> out.put(n, tier));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tierDir, e);
        }
        return out;
    }

    /** The file's text, or {@code absent} when it does not exist (older kernels lack some). */
    private static String readOr(Path p, String absent) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return absent;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
