package org.panuma.cli;

import static org.panuma.cli.CommandSpecs.flag;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.panuma.api.NumaUsage;
import org.panuma.spi.NodeStats;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `panuma stat`: numastat's system view. Per node, the allocation counters (numa_hit, numa_miss,
 * numa_foreign, interleave_hit, local_node, other_node), or with -m the node's meminfo in MB
 * with a total, laid out as numastat and numastat -m lay them out.
 */
public final class StatCommand implements Callable<Integer> {
    boolean meminfo;
    final CommonOptions common = new CommonOptions();

    CommandSpec spec;

    /** The command's model, bound to a new StatCommand. */
    static CommandSpec spec() {
        StatCommand c = new StatCommand();
        CommandSpec spec = CommandSpecs.command(c, "stat", new String[] {"The system's NUMA statistics, as numastat"
                        + " shows them: per node, pages allocated since boot where they were wanted (numa_hit),"
                        + " elsewhere because the node was full (numa_miss, and numa_foreign on the node that was"
                        + " wanted), by interleaving (interleave_hit), for a CPU of the node (local_node) or another"
                        + " (other_node). -m: each node's meminfo in MB, as numastat -m."},
                "%nExamples:",
                "  panuma stat                 the allocation counters per node",
                "  panuma stat -m              memory per node (MemTotal, MemFree, FilePages, AnonPages, ...)",
                "  panuma stat --json", "", ExitCodes.HELP);
        spec.addOption(flag("--meminfo", v -> c.meminfo = v).names("-m", "--meminfo")
                .description("Each node's meminfo in MB with a total (numastat -m).").build());
        spec.addMixin("common", CommonOptions.spec(c.common));
        c.spec = CommandSpecs.withHelpOptions(spec);
        return spec;
    }

    @Override
    public Integer call() {
        NumaUsage usage = NumaUsage.of(Targets.open(common));
        List<NodeStats> nodes = usage.nodes();
        PrintWriter out = spec.commandLine().getOut();
        if (common.json) {
            out.println(Json.write(json(nodes)));
        } else if (meminfo) {
            printMeminfo(out, nodes, usage.hugePageBytes());
        } else {
            printCounters(out, nodes);
        }
        out.flush();
        return ExitCodes.SUCCESS;
    }

    private static void printCounters(PrintWriter out, List<NodeStats> nodes) {
        StringBuilder h = new StringBuilder(String.format("%-16s", ""));
        nodes.forEach(n -> h.append(String.format("%16s", "node" + n.node())));
        out.println(h);
        for (String counter : names(nodes, false)) {
            StringBuilder row = new StringBuilder(String.format("%-16s", counter));
            nodes.forEach(n -> row.append(String.format("%16d", n.numastat().getOrDefault(counter, 0L))));
            out.println(row);
        }
    }

    private static void printMeminfo(PrintWriter out, List<NodeStats> nodes, long hugePage) {
        out.println("Per-node system memory usage (in MBs):");
        StringBuilder h = new StringBuilder(String.format("%-17s", ""));
        StringBuilder dashes = new StringBuilder(String.format("%-17s", ""));
        nodes.forEach(n -> {
            h.append(String.format("%15s ", "Node " + n.node()));
            dashes.append("-".repeat(15)).append(' ');
        });
        out.println(h.append(String.format("%15s", "Total")));
        out.println(dashes.append("-".repeat(15)));
        for (String field : names(nodes, true)) {
            StringBuilder row = new StringBuilder(String.format("%-17s", field));
            long total = 0;
            for (NodeStats n : nodes) {
                long v = n.meminfo().getOrDefault(field, 0L);
                if (field.startsWith("HugePages_")) {
                    v *= hugePage; // a count of huge pages: in MB as numastat -m shows it
                }
                total += v;
                row.append(String.format("%15s ", mb(v)));
            }
            out.println(row.append(String.format("%15s", mb(total))));
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / (double) (1 << 20));
    }

    /** numastat's counters, in the kernel's order. */
    static final List<String> COUNTERS = List.of("numa_hit", "numa_miss", "numa_foreign", "interleave_hit",
            "local_node", "other_node");

    /** The fields of a node's meminfo, in the kernel's order (6.x), which numastat -m keeps. */
    static final List<String> MEMINFO = List.of("MemTotal", "MemFree", "MemUsed", "SwapCached", "Active", "Inactive",
            "Active(anon)", "Inactive(anon)", "Active(file)", "Inactive(file)", "Unevictable", "Mlocked", "Dirty",
            "Writeback", "FilePages", "Mapped", "AnonPages", "Shmem", "KernelStack", "PageTables", "SecPageTables",
            "NFS_Unstable", "Bounce", "WritebackTmp", "KReclaimable", "Slab", "SReclaimable", "SUnreclaim",
            "AnonHugePages", "ShmemHugePages", "ShmemPmdMapped", "FileHugePages", "FilePmdMapped", "HugePages_Total",
            "HugePages_Free", "HugePages_Surp");

    /** The names every node has, known ones in the kernel's order, then any newer ones by name. */
    private static Set<String> names(List<NodeStats> nodes, boolean meminfo) {
        Set<String> present = new java.util.TreeSet<>();
        nodes.forEach(n -> present.addAll(meminfo ? n.meminfo().keySet() : n.numastat().keySet()));
        Set<String> names = new LinkedHashSet<>();
        for (String known : meminfo ? MEMINFO : COUNTERS) {
            if (present.contains(known)) {
                names.add(known);
            }
        }
        names.addAll(present);
        return names;
    }

    static ObjectNode json(List<NodeStats> nodes) {
        ObjectNode root = Json.object();
        var list = root.putArray("nodes");
        for (NodeStats n : nodes) {
            ObjectNode o = list.addObject();
            o.put("id", n.node());
            ObjectNode c = o.putObject("counters");
            names(List.of(n), false).forEach(k -> c.put(k, n.numastat().get(k)));
            ObjectNode m = o.putObject("meminfo");
            names(List.of(n), true).forEach(k -> m.put(k, n.meminfo().get(k)));
        }
        return root;
    }
}
