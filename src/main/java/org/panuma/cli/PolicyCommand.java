package org.panuma.cli;

import static org.panuma.cli.CommandSpecs.positional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.panuma.api.Numa;
import org.panuma.api.Processes;
import org.panuma.api.RegionPolicy;
import org.panuma.spi.Mempolicy;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;
import org.panuma.spi.Printable;
import org.panuma.spi.ProcessInfo;
import picocli.CommandLine.Model.CommandSpec;

/** `panuma policy [PID]`: memory policies per region (numa_maps), and panuma's own get_mempolicy. */
public final class PolicyCommand implements Callable<Integer> {
    String target;
    final CommonOptions common = new CommonOptions();

    CommandSpec spec;

    /** The command's model, bound to a new PolicyCommand. */
    static CommandSpec spec() {
        PolicyCommand c = new PolicyCommand();
        CommandSpec spec = CommandSpecs.command(c, "policy", new String[] {"Show the memory policy of every region of a"
                        + " process (from /proc/PID/numa_maps: default, bind:NODES, interleave:NODES, prefer:NODE,"
                        + " local, ...). Without PID: panuma's own process, with its thread policy from"
                        + " get_mempolicy(2) and the nodes it may use."},
                "%nExamples:", "  panuma policy 4242", "  panuma policy redis-server --json",
                "  panuma policy                    this process (get_mempolicy)", "", ExitCodes.HELP);
        spec.addPositional(positional("PID|PATTERN", String.class, v -> c.target = v).index("0").arity("0..1").required(false)
                .description("A pid, or a pattern found in exactly one process's command line; none for panuma"
                        + " itself.").build());
        spec.addMixin("common", CommonOptions.spec(c.common));
        c.spec = CommandSpecs.withHelpOptions(spec);
        return spec;
    }

    @Override
    public Integer call() {
        Numa numa = Targets.open(common);
        ProcessInfo p;
        Mempolicy own = null;
        NodeSet allowed = null;
        if (target == null) {
            int self = (int) ProcessHandle.current().pid();
            p = Processes.info(self);
            own = numa.thread().kernelPolicy();
            allowed = numa.thread().allowedNodes();
        } else {
            p = Args.process(target);
        }
        List<RegionPolicy> maps = RegionPolicy.ofProcess(p.pid());
        PrintWriter out = spec.commandLine().getOut();
        if (common.json) {
            out.println(Json.write(JsonOutput.json(p, maps, own, allowed)));
        } else {
            out.println(Targets.heading(p));
            if (own != null) {
                out.printf("thread policy (get_mempolicy): %s%n", own);
                out.printf("allowed nodes (MPOL_F_MEMS_ALLOWED): %s%n", allowed);
            }
            out.printf("%-14s %-24s %-8s %s%n", "start", "policy", "pages", "path");
            for (RegionPolicy e : maps) {
                out.printf("%-14s %-24s %-8d %s%n", Long.toHexString(e.start()), e.policy(), e.pages(),
                        Printable.escape(e.path()));
            }
        }
        out.flush();
        return ExitCodes.SUCCESS;
    }

    /**
     * The `--json` output, in a class of its own: picocli reflects on the command's methods, and
     * reflection loads every type their signatures name, so Jackson types there loaded Jackson's
     * tree classes for text output too (BENCHMARKS.md, item 5).
     */
    static final class JsonOutput {
        private JsonOutput() {
        }

        static ObjectNode json(ProcessInfo p, List<RegionPolicy> maps, Mempolicy own, NodeSet allowed) {
            ObjectNode root = Json.object();
            root.put("pid", p.pid());
            root.put("command", p.commandLine());
            if (own != null) {
                ObjectNode t = root.putObject("threadPolicy");
                t.put("mode", Mpol.modeName(own.mode()));
                Json.ids(t, "nodes", own.nodes());
                t.put("modeFlags", own.modeFlags());
                Json.ids(root, "allowedNodes", allowed);
            }
            ArrayNode regions = root.putArray("regions");
            for (RegionPolicy e : maps) {
                ObjectNode o = regions.addObject();
                o.put("start", Json.hex(e.start()));
                o.put("policy", e.policy());
                o.put("mode", e.mode());
                Json.ids(o, "policyNodes", e.policyNodes());
                o.put("path", e.path());
                o.put("huge", e.huge());
                o.put("pageSize", e.pageSize());
                Json.byNode(o, "pagesByNode", e.pagesByNode());
            }
            return root;
        }
    }
}
