package org.panuma.cli;

import static org.panuma.cli.CommandSpecs.positional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.panuma.api.MigrateReport;
import org.panuma.api.Numa;
import org.panuma.api.ProcessMemory;
import org.panuma.spi.ProcessInfo;
import org.panuma.spi.NodeSet;
import org.panuma.spi.Topology;
import picocli.CommandLine.Model.CommandSpec;
import org.panuma.api.Outcome;

/** `panuma migrate PID|PATTERN FROM TO`: migrate_pages(2), like numactl's migratepages, but telling all. */
public final class MigrateCommand implements Callable<Integer> {
    String target;
    String from;
    String to;
    final CommonOptions common = new CommonOptions();

    CommandSpec spec;

    /** The command's model, bound to a new MigrateCommand. */
    static CommandSpec spec() {
        MigrateCommand c = new MigrateCommand();
        CommandSpec spec = CommandSpecs.command(c, "migrate", new String[] {"Move every page of a process on the FROM"
                        + " nodes to the TO nodes with one migrate_pages(2) call, like numactl's migratepages, but"
                        + " report the pages the kernel did not move (migratepages drops that count) and where the"
                        + " process's memory was before and is after. Without CAP_SYS_NICE the kernel skips pages"
                        + " shared with other processes."},
                "%nExamples:",
                "  panuma migrate 4242 0 1            pages on node 0 to node 1",
                "  panuma migrate java 0-1 2-3        node 0 to 2 and 1 to 3 (the kernel maps the sets in order)",
                "  panuma migrate 4242 all 1 --json", "", ExitCodes.HELP);
        spec.addPositional(positional("PID|PATTERN", String.class, v -> c.target = v).index("0")
                .description("A pid, or a pattern found in exactly one process's command line.").build());
        spec.addPositional(positional("FROM", String.class, v -> c.from = v).index("1")
                .description("Source nodes (numactl syntax: 0, 0-2, all, !1, +0).").build());
        spec.addPositional(positional("TO", String.class, v -> c.to = v).index("2")
                .description("Destination nodes (same syntax).").build());
        spec.addMixin("common", CommonOptions.spec(c.common));
        c.spec = CommandSpecs.withHelpOptions(spec);
        return spec;
    }

    @Override
    public Integer call() {
        Numa numa = Targets.open(common);
        Topology t = numa.topology();
        NodeSet fromNodes = Args.nodes("FROM", from, t);
        NodeSet toNodes = Args.nodes("TO", to, t);
        ProcessInfo p = Args.process(target);
        Targets.requireRealBackend(numa, p);
        MigrateReport r = ProcessMemory.of(numa, p.pid()).migrate(fromNodes, toNodes);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json) {
            out.println(Json.write(json(r)));
        } else {
            printText(out, p, r, t, numa.pageSize());
        }
        out.flush();
        return r.notMigrated() == 0 && r.stayedPages() == 0 ? ExitCodes.SUCCESS : ExitCodes.PAGES_NOT_MOVED;
    }

    static void printText(PrintWriter out, ProcessInfo p, MigrateReport r, Topology t, long pageSize) {
        out.println(Targets.heading(p));
        out.printf(java.util.Locale.ROOT, "migrate_pages from nodes %s to nodes %s in %.3f s: %s%n", r.from(), r.to(),
                r.elapsedNanos() / 1e9, r.requestedPages() == 0 && r.notMigrated() == 0
                        ? "no page was on a source node only: nothing to move"
                        : r.stayedPages() == 0 && r.notMigrated() == 0 ? "every page left the source nodes"
                        : r.stayedPages() + " page" + (r.stayedPages() == 1 ? "" : "s") + " stayed on them");
        out.printf("pages on the source nodes before: %d (%s); left them: %d; stayed: %d%n", r.requestedPages(),
                Bytes.human(r.requestedPages() * pageSize), r.movedPages(), r.stayedPages());
        if (r.notMigrated() > 0) {
            out.println("  the kernel reported " + r.notMigrated() + " not migrated: "
                    + OutcomeExplanations.explain(Outcome.NOT_MIGRATED));
        }
        if (r.stayedPages() > r.notMigrated()) {
            out.println("  " + (r.stayedPages() - r.notMigrated()) + " of those the kernel skipped without counting"
                    + " them: pages shared with other processes move only with CAP_SYS_NICE (run as root)");
        }
        Set<Integer> nodes = new TreeSet<>();
        t.withMemory().stream().forEach(nodes::add);
        nodes.addAll(r.before().keySet());
        nodes.addAll(r.after().keySet());
        StringBuilder h = new StringBuilder(String.format("%-10s", "residency"));
        for (int n : nodes) {
            h.append(String.format(" %10s", "node " + n));
        }
        out.println(h);
        for (String label : new String[] {"before", "after"}) {
            StringBuilder b = new StringBuilder(String.format("%-10s", label));
            for (int n : nodes) {
                b.append(String.format(" %10d", (label.equals("before") ? r.before() : r.after()).getOrDefault(n, 0L)));
            }
            out.println(b);
        }
        out.printf("(pages of %s; the process keeps running, so before/after also show its own allocations)%n",
                Targets.shortSize(pageSize));
    }

    static ObjectNode json(MigrateReport r) {
        ObjectNode root = Json.object();
        root.put("pid", r.pid());
        root.put("dryRun", false);
        Json.ids(root, "from", r.from());
        Json.ids(root, "to", r.to());
        root.put("requestedPages", r.requestedPages());
        ObjectNode outcomes = root.putObject("outcomes");
        outcomes.put(Outcome.MOVED.toString(), r.movedPages());
        outcomes.put(Outcome.NOT_MIGRATED.toString(), r.stayedPages());
        // outcomes add up to requestedPages; the kernel's own count (migrate_pages' return) is apart,
        // since without CAP_SYS_NICE it skips shared pages without counting them.
        root.put("notMigrated", r.stayedPages());
        root.put("kernelNotMigrated", r.notMigrated());
        root.put("elapsedNanos", r.elapsedNanos());
        Json.byNode(root.putObject("before"), "pagesByNode", new java.util.TreeMap<>(r.before()));
        Json.byNode(root.putObject("after"), "pagesByNode", new java.util.TreeMap<>(r.after()));
        return root;
    }
}
