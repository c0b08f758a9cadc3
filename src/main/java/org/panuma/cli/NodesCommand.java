package org.panuma.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.panuma.api.Numa;
import org.panuma.engine.KernelProfile;
import org.panuma.spi.Availability;
import org.panuma.spi.MemoryTiering;
import org.panuma.spi.NodeSet;
import org.panuma.spi.NumaBalancing;
import org.panuma.spi.Topology;
import picocli.CommandLine.Model.CommandSpec;

/** `panuma nodes`: the topology, the backend and the kernel profile. */
public final class NodesCommand implements Callable<Integer> {
    final CommonOptions common = new CommonOptions();

    CommandSpec spec;

    /** The command's model, bound to a new NodesCommand. */
    static CommandSpec spec() {
        NodesCommand c = new NodesCommand();
        CommandSpec spec = CommandSpecs.command(c, "nodes", new String[] {"Show the NUMA nodes: CPUs, memory, free"
                        + " memory, distances, allowed nodes, memory-only nodes, memory tiers, demotion and"
                        + " weighted-interleave weights; the backend and kernel profile."},
                "%nExamples:", "  panuma nodes", "  panuma nodes --json", "  panuma nodes --backend sim", "", ExitCodes.HELP);
        spec.addMixin("common", CommonOptions.spec(c.common));
        c.spec = CommandSpecs.withHelpOptions(spec);
        return spec;
    }

    @Override
    public Integer call() throws Exception {
        // Every backend's availability is part of the JSON only: probing JNA loads its classes and
        // native library, which text output (the backend in use, already opened) does not need.
        BackendReport backends = common.json ? BackendReport.start() : null;
        Numa numa = Numa.open(common.backend);
        Topology t = numa.topology();
        String profile = t.simulated() ? t.kernelRelease() : profileOf(t.kernelRelease());
        NumaBalancing balancing = numa.numaBalancing();
        MemoryTiering tiering = numa.memoryTiering();
        PrintWriter out = spec.commandLine().getOut();
        if (common.json) {
            out.println(JsonOutput.json(numa, t, profile, balancing, tiering, backends.get()));
        } else {
            printText(out, numa, t, profile, balancing, tiering);
        }
        out.flush();
        return ExitCodes.SUCCESS;
    }

    /** The engine profile that models this kernel, marked when it is only the nearest one. */
    static String profileOf(String release) {
        try {
            String id = KernelProfile.fromUname(release).id();
            return KernelProfile.isApproximation(release) ? id + ", nearest model" : id;
        } catch (IllegalArgumentException e) {
            return "none (" + e.getMessage() + ")";
        }
    }

    private static void printText(PrintWriter out, Numa numa, Topology t, String profile, NumaBalancing balancing,
                                  MemoryTiering tiering) {
        out.println("backend " + numa.backend() + (t.simulated() ? " (SIMULATED machine, no real kernel)" : "")
                + ", kernel " + t.kernelRelease() + " (profile " + profile + ")");
        out.println(Columns.left("node", 6) + " " + Columns.left("cpus", 16) + " " + Columns.right("memory", 12) + " "
                + Columns.right("free", 12));
        for (Topology.Node n : t.nodes()) {
            String mem = t.withMemory().contains(n.id()) ? Bytes.human(n.memTotal()) : "(none)";
            out.println(Columns.left(Integer.toString(n.id()), 6) + " "
                    + Columns.left(n.cpus().isEmpty() ? "(none)" : n.cpus().toString(), 16) + " " + Columns.right(mem, 12)
                    + " " + Columns.right(Bytes.human(n.memFree()), 12));
        }
        out.println("distances:");
        StringBuilder header = new StringBuilder("      ");
        for (Topology.Node n : t.nodes()) {
            header.append(Columns.right(n.id(), 5));
        }
        out.println(header);
        for (Topology.Node from : t.nodes()) {
            StringBuilder row = new StringBuilder(Columns.right(from.id(), 5)).append(' ');
            for (Topology.Node to : t.nodes()) {
                row.append(Columns.right(from.distanceTo(to.id()), 5));
            }
            out.println(row);
        }
        out.println("allowed nodes (this process): " + t.memsAllowed());
        printModernNuma(out, t, tiering);
        if (balancing == NumaBalancing.ON) {
            out.println("warning: automatic NUMA balancing is on (/proc/sys/kernel/numa_balancing): the kernel may move"
                    + " pages back after panuma moves them; `echo 0 > /proc/sys/kernel/numa_balancing` turns it off.");
        }
    }

    /** Memory-only nodes, tiers, demotion and weights: each line only when the kernel has the feature. */
    private static void printModernNuma(PrintWriter out, Topology t, MemoryTiering tiering) {
        NodeSet memoryOnly = memoryOnly(t);
        if (!memoryOnly.isEmpty()) {
            out.println("memory-only nodes (memory, no CPUs): " + memoryOnly
                    + " (tasks cannot run there; memory can be bound or moved there)");
        }
        for (MemoryTiering.Tier tier : tiering.tiers()) {
            out.println("memory tier " + tier.id() + " (abstract distance " + tier.abstractDistanceStart() + "-"
                    + tier.abstractDistanceEnd() + "): nodes " + tier.nodes());
        }
        if (tiering.demotion() != MemoryTiering.Demotion.UNKNOWN) {
            out.println("demotion to lower tiers: " + (tiering.demotion() == MemoryTiering.Demotion.ENABLED
                    ? "enabled" : "disabled") + " (/sys/kernel/mm/numa/demotion_enabled)");
        }
        if (!tiering.interleaveWeights().isEmpty()) {
            StringBuilder w = new StringBuilder("weighted interleave weights:");
            tiering.interleaveWeights().forEach((node, weight) -> w.append(" node ").append(node).append('=').append(weight));
            out.println(w);
        }
    }

    /** Nodes with memory and no CPUs (CXL expanders, some accelerators). */
    private static NodeSet memoryOnly(Topology t) {
        return NodeSet.of(t.withMemory().stream().filter(id -> !t.withCpus().contains(id)).toArray());
    }

    /**
     * The `--json` output, in a class of its own: reflection over the command's methods (picocli's,
     * when it read annotations) loads every type their signatures name, so Jackson types there
     * loaded Jackson's tree classes for text output too (BENCHMARKS.md, item 5).
     */
    static final class JsonOutput {
        private JsonOutput() {
        }

        private static String json(Numa numa, Topology t, String profile, NumaBalancing balancing,
                                   MemoryTiering tiering, Map<String, Availability> report) throws Exception {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = mapper.createObjectNode();
            ArrayNode nodes = root.putArray("nodes");
            List<Topology.Node> list = t.nodes();
            for (Topology.Node n : list) {
                ObjectNode o = nodes.addObject();
                o.put("id", n.id());
                ArrayNode cpus = o.putArray("cpus");
                n.cpus().stream().forEach(cpus::add);
                o.put("memTotal", n.memTotal());
                o.put("memFree", n.memFree());
                o.put("hasMemory", t.withMemory().contains(n.id()));
                o.put("hasCpus", t.withCpus().contains(n.id()));
                putOrNull(o, "tier", tiering.tierOf(n.id()).map(MemoryTiering.Tier::id).orElse(null));
                putOrNull(o, "interleaveWeight", tiering.interleaveWeight(n.id()).orElse(null));
            }
            ArrayNode distances = root.putArray("distances");
            for (Topology.Node from : list) {
                ArrayNode row = distances.addArray();
                for (Topology.Node to : list) {
                    row.add(from.distanceTo(to.id()));
                }
            }
            ArrayNode allowed = root.putArray("allowedNodes");
            t.memsAllowed().stream().forEach(allowed::add);
            root.put("backend", numa.backend());
            ObjectNode backends = root.putObject("backends");
            report.forEach((name, a) -> {
                ObjectNode b = backends.putObject(name);
                b.put("available", a.available());
                if (!a.available()) {
                    b.put("cause", a.cause());
                }
            });
            root.put("simulated", t.simulated());
            ObjectNode kernel = root.putObject("kernel");
            kernel.put("release", t.kernelRelease());
            kernel.put("profile", profile);
            root.put("numaBalancing", balancing.name().toLowerCase(java.util.Locale.ROOT));
            ArrayNode tiers = root.putArray("memoryTiers");
            for (MemoryTiering.Tier tier : tiering.tiers()) {
                ObjectNode o = tiers.addObject();
                o.put("id", tier.id());
                o.put("abstractDistanceStart", tier.abstractDistanceStart());
                o.put("abstractDistanceEnd", tier.abstractDistanceEnd());
                ArrayNode members = o.putArray("nodes");
                tier.nodes().stream().forEach(members::add);
            }
            root.put("demotion", tiering.demotion().name().toLowerCase(java.util.Locale.ROOT));
            return mapper.writeValueAsString(root);
        }

        private static void putOrNull(ObjectNode o, String field, Integer value) {
            if (value == null) {
                o.putNull(field);
            } else {
                o.put(field, value);
            }
        }
    }
}
