package org.panuma.backend.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.panuma.engine.model.Nodes;

/**
 * The simulated machine's shape: {@code nodes=N,mem=SIZE[,cpus=C]} (e.g. "nodes=4,mem=1G"), given
 * directly or as the path of a file holding the same keys, one {@code key=value} a line (# comments).
 * Default: 2 nodes of 1 GiB, one CPU each.
 */
public record SimTopology(int nodes, long bytesPerNode, int cpusPerNode) {
    public static final String PROPERTY = "panuma.sim.topology";
    public static final long PAGE = 4096;

    public static SimTopology defaults() {
        return new SimTopology(2, 1L << 30, 1);
    }

    /** From the system property {@value #PROPERTY}, else the defaults. */
    public static SimTopology fromSystemProperty() {
        String v = System.getProperty(PROPERTY);
        return v == null || v.isBlank() ? defaults() : parseOrFile(v.trim());
    }

    static SimTopology parseOrFile(String v) {
        if (!v.contains("=")) {
            try {
                return parse(String.join(",", Files.readAllLines(Path.of(v)).stream()
                        .map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty()).toList()));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read sim topology file " + v + ": " + e.getMessage(), e);
            }
        }
        return parse(v);
    }

    public static SimTopology parse(String spec) {
        SimTopology t = defaults();
        int nodes = t.nodes;
        long mem = t.bytesPerNode;
        int cpus = t.cpusPerNode;
        for (String part : spec.split("[,\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("sim topology: '" + part + "' is not key=value");
            }
            switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                case "nodes": nodes = Integer.parseInt(kv[1].trim()); break;
                case "mem": mem = parseSize(kv[1].trim()); break;
                case "cpus": cpus = Integer.parseInt(kv[1].trim()); break;
                default: throw new IllegalArgumentException("sim topology: unknown key '" + kv[0] + "' (nodes, mem, cpus)");
            }
        }
        if (nodes < 1 || nodes > Nodes.MAX_MODELLED || mem < PAGE || cpus < 1) {
            throw new IllegalArgumentException("sim topology: nodes 1.." + Nodes.MAX_MODELLED + ", mem >= 4K, cpus >= 1");
        }
        return new SimTopology(nodes, mem, cpus);
    }

    static long parseSize(String s) {
        String u = s.toUpperCase(Locale.ROOT);
        long mul = 1;
        if (u.endsWith("K")) {
            mul = 1L << 10;
        } else if (u.endsWith("M")) {
            mul = 1L << 20;
        } else if (u.endsWith("G")) {
            mul = 1L << 30;
        } else if (u.endsWith("T")) {
            mul = 1L << 40;
        }
        String digits = mul == 1 ? u : u.substring(0, u.length() - 1);
        return Long.parseLong(digits) * mul;
    }

    public Nodes toNodes() {
        long[] pages = new long[nodes];
        boolean[] online = new boolean[nodes];
        int[] cpuNode = new int[nodes * cpusPerNode];
        for (int n = 0; n < nodes; n++) {
            pages[n] = bytesPerNode / PAGE;
            online[n] = true;
            for (int c = 0; c < cpusPerNode; c++) {
                cpuNode[n * cpusPerNode + c] = n;
            }
        }
        return new Nodes(pages, online, cpuNode);
    }
}
