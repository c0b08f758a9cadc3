package org.panuma.os;

import org.panuma.spi.Printable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.panuma.spi.CpuSet;
import org.panuma.spi.IdListParser;
import org.panuma.spi.NodeSet;
import org.panuma.spi.Topology;

/**
 * Builds a {@link Topology} from the text of {@code /sys/devices/system/node}: a map from the path
 * below that directory ("online", "node1/cpulist", "node1/meminfo", "node1/distance") to the
 * file's content. Pure function: {@link SysfsTopologyReader} does the reading.
 *
 * <p>Node ids need not be contiguous (0,1,16,17); a memoryless node has MemTotal 0 (or no
 * meminfo) and is absent from has_memory; {@code distance} lists one value per online node in
 * ascending id order.
 */
public final class SysfsTopologyParser {
    private SysfsTopologyParser() {
    }

    public static Topology parse(Map<String, String> files, String kernelRelease, NodeSet memsAllowed) {
        NodeSet online = nodes(files, "online", null);
        NodeSet possible = nodes(files, "possible", online);
        NodeSet withMemory = nodes(files, "has_memory", online);
        NodeSet withCpus = nodes(files, "has_cpu", online);
        int[] onlineIds = online.toArray();
        List<Topology.Node> nodes = new ArrayList<>();
        for (int id : onlineIds) {
            String dir = "node" + id + "/";
            CpuSet cpus = CpuSet.fromBits(IdListParser.parse(files.getOrDefault(dir + "cpulist", "")));
            String meminfo = files.getOrDefault(dir + "meminfo", "");
            long total = NodeMeminfoParser.bytes(meminfo, "MemTotal").orElse(0);
            long free = NodeMeminfoParser.bytes(meminfo, "MemFree").orElse(0);
            int[] distances = distances(files.get(dir + "distance"), id, onlineIds);
            nodes.add(new Topology.Node(id, cpus, total, free, distances, onlineIds));
        }
        return new Topology(kernelRelease, possible, online, withMemory, withCpus, memsAllowed, nodes, false);
    }

    private static NodeSet nodes(Map<String, String> files, String name, NodeSet fallback) {
        String text = files.get(name);
        if (text == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("no " + Printable.quote(name) + " in the node directory");
            }
            return fallback;
        }
        BitSet bits = IdListParser.parse(text);
        return NodeSet.fromBits(bits);
    }

    private static int[] distances(String text, int id, int[] onlineIds) {
        if (text == null) {
            // No distance file (very old kernels): local 10, remote unknown (-1).
            int[] d = new int[onlineIds.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = onlineIds[i] == id ? 10 : -1;
            }
            return d;
        }
        String[] words = text.strip().split("\\s+");
        if (words.length != onlineIds.length) {
            throw new IllegalArgumentException("node" + id + "/distance has " + words.length
                    + " values for " + onlineIds.length + " online nodes: " + Printable.quote(text.strip()));
        }
        int[] d = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            try {
                d[i] = Integer.parseInt(words[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("node" + id + "/distance: " + Printable.quote(words[i])
                        + " is not a distance");
            }
        }
        return d;
    }
}
