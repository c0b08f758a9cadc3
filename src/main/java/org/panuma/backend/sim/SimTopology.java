package org.panuma.backend.sim;

import org.panuma.spi.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.panuma.engine.model.Nodes;
import org.panuma.spi.IdListParser;
import org.panuma.spi.NodeSet;

/**
 * The simulated machine's shape: {@code nodes=N,mem=SIZE[,cpus=C][,memonly=LIST]} (e.g.
 * "nodes=4,mem=1G", or "nodes=3,memonly=2" for a third node with memory and no CPUs, like a CXL
 * expander), given directly or as the path of a file holding the same keys, one {@code key=value} a
 * line (# comments). Default: 2 nodes of 1 GiB, one CPU each. CPUs are numbered from 0 across the
 * nodes that have them, in node order.
 */
public record SimTopology(int nodes, long bytesPerNode, int cpusPerNode, NodeSet memoryOnly) {

    public SimTopology(int nodes, long bytesPerNode, int cpusPerNode) {
        this(nodes, bytesPerNode, cpusPerNode, NodeSet.of());
    }
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
                throw new IllegalArgumentException("cannot read sim topology file " + Printable.quote(v) + ": "
                        + Printable.escape(e.getMessage()), e);
            }
        }
        return parse(v);
    }

    public static SimTopology parse(String spec) {
        SimTopology t = defaults();
        int nodes = t.nodes;
        long mem = t.bytesPerNode;
        int cpus = t.cpusPerNode;
        NodeSet memoryOnly = NodeSet.of();
        for (String part : spec.split("[,\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("sim topology: " + Printable.quote(part) + " is not key=value");
            }
            switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                case "nodes": nodes = Integer.parseInt(kv[1].trim()); break;
                case "mem": mem = parseSize(kv[1].trim()); break;
                case "cpus": cpus = Integer.parseInt(kv[1].trim()); break;
                case "memonly": memoryOnly = NodeSet.fromBits(IdListParser.parse(kv[1].trim().replace(';', ','))); break;
                default: throw new IllegalArgumentException("sim topology: unknown key " + Printable.quote(kv[0])
                        + " (nodes, mem, cpus, memonly)");
            }
        }
        if (nodes < 1 || nodes > Nodes.MAX_MODELLED || mem < PAGE || cpus < 1) {
            throw new IllegalArgumentException("sim topology: nodes 1.." + Nodes.MAX_MODELLED + ", mem >= 4K, cpus >= 1");
        }
        if (memoryOnly.span() > nodes || memoryOnly.size() == nodes) {
            throw new IllegalArgumentException("sim topology: memonly=" + memoryOnly + " must name some, not all, of nodes 0-"
                    + (nodes - 1));
        }
        return new SimTopology(nodes, mem, cpus, memoryOnly);
    }

    /** How many CPUs the machine has (those of the nodes with CPUs). */
    public int cpuCount() {
        return (nodes - memoryOnly.size()) * cpusPerNode;
    }

    /** The CPU ids of a node: none for a memory-only node. */
    public int[] cpusOf(int node) {
        if (memoryOnly.contains(node)) {
            return new int[0];
        }
        int before = 0;
        for (int n = 0; n < node; n++) {
            before += memoryOnly.contains(n) ? 0 : 1;
        }
        int[] cpus = new int[cpusPerNode];
        for (int c = 0; c < cpus.length; c++) {
            cpus[c] = before * cpusPerNode + c;
        }
        return cpus;
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
        int[] cpuNode = new int[cpuCount()];
        for (int n = 0; n < nodes; n++) {
            pages[n] = bytesPerNode / PAGE;
            online[n] = true;
            for (int cpu : cpusOf(n)) {
                cpuNode[cpu] = n;
            }
        }
        return new Nodes(pages, online, cpuNode);
    }
}
