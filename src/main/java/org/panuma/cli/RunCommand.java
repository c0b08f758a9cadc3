package org.panuma.cli;

import static org.panuma.cli.CommandSpecs.flag;
import static org.panuma.cli.CommandSpecs.option;
import static org.panuma.cli.CommandSpecs.positionals;

import org.panuma.spi.Printable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.panuma.api.MemoryPolicy;
import org.panuma.api.Numa;
import org.panuma.api.PolicyLauncher;
import org.panuma.spi.CpuSet;
import org.panuma.spi.IdListParser;
import org.panuma.spi.NodeSet;
import org.panuma.spi.SyscallException;
import org.panuma.spi.Topology;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `panuma run [POLICY] [CPUS] -- CMD ARGS...`: numactl's main job. Sets the memory policy and CPU
 * affinity, then execs the command in place: it keeps panuma's pid, standard streams and gives
 * its own exit code. Option names and node lists are numactl's.
 */
public final class RunCommand implements Callable<Integer> {
    String membind;
    String interleave;
    String preferred;
    String preferredMany;
    String weightedInterleave;
    boolean localalloc;
    String cpunodebind;
    String physcpubind;
    List<String> command;
    final CommonOptions common = new CommonOptions();

    /** The command's model, bound to a new RunCommand. */
    static CommandSpec spec() {
        RunCommand c = new RunCommand();
        CommandSpec spec = CommandSpecs.command(c, "run", new String[] {"Run a command under a memory policy and CPU"
                        + " affinity, as numactl does: the policy (set_mempolicy) and affinity (sched_setaffinity) are"
                        + " set on this process, then the command replaces it (execve): same pid, same standard"
                        + " streams, the command's exit code. Anything the kernel refuses (a node outside the cpuset, a"
                        + " policy this kernel lacks) fails before the command starts, with the reason. Give at most"
                        + " one memory policy."},
                "%nExamples:",
                "  panuma run --membind=1 --cpunodebind=1 -- ./server    memory and CPUs of node 1",
                "  panuma run --interleave=all -- java -jar app.jar      pages spread over every allowed node",
                "  panuma run --preferred=1 -- make -j8                  node 1 first, others when it is full",
                "  panuma run --physcpubind=0-3 --localalloc -- ./bench",
                "  panuma run --preferred-many=0,1 -- ./app               (Linux 5.15+)",
                "  panuma run --weighted-interleave=0,1 -- ./app          (Linux 6.9+, weights in sysfs)",
                "", ExitCodes.HELP);
        spec.addOption(option("--membind", String.class, v -> c.membind = v).names("-m", "--membind")
                .paramLabel("NODES").description("MPOL_BIND: allocate only on these nodes (numactl syntax: 1, 0-3,"
                        + " 0,2, all, !1, +0).").build());
        spec.addOption(option("--interleave", String.class, v -> c.interleave = v).names("-i", "--interleave")
                .paramLabel("NODES").description("MPOL_INTERLEAVE: spread pages round-robin over these nodes.")
                .build());
        spec.addOption(option("--preferred", String.class, v -> c.preferred = v).names("-p", "--preferred")
                .paramLabel("NODE").description("MPOL_PREFERRED: this node first, others when it is full.").build());
        spec.addOption(option("--preferred-many", String.class, v -> c.preferredMany = v)
                .names("-P", "--preferred-many").paramLabel("NODES")
                .description("MPOL_PREFERRED_MANY: these nodes first (Linux 5.15+).").build());
        spec.addOption(option("--weighted-interleave", String.class, v -> c.weightedInterleave = v)
                .names("-w", "--weighted-interleave").paramLabel("NODES")
                .description("MPOL_WEIGHTED_INTERLEAVE: interleave by the weights of"
                        + " /sys/kernel/mm/mempolicy/weighted_interleave (Linux 6.9+).").build());
        spec.addOption(flag("--localalloc", v -> c.localalloc = v).names("-l", "--localalloc")
                .description("MPOL_LOCAL: allocate on the node of the CPU that faults the page.").build());
        spec.addOption(option("--cpunodebind", String.class, v -> c.cpunodebind = v).names("-N", "--cpunodebind")
                .paramLabel("NODES").description("Run only on the CPUs of these nodes.").build());
        spec.addOption(option("--physcpubind", String.class, v -> c.physcpubind = v).names("-C", "--physcpubind")
                .paramLabel("CPUS").description("Run only on these CPUs (0-3, 0,2, all).").build());
        spec.addPositional(positionals("CMD ARGS", String.class, v -> c.command = v).arity("1..*")
                .description("The command and its arguments (after --, or after the last option).").build());
        spec.addMixin("common", CommonOptions.spec(c.common));
        return CommandSpecs.withHelpOptions(spec);
    }

    @Override
    public Integer call() {
        Numa numa = Targets.open(common);
        Topology t = numa.topology();
        MemoryPolicy policy = policy(t);
        CpuSet cpus = cpus(t);
        String name = command.get(0);
        Path program = PolicyLauncher.resolve(name, System.getenv("PATH"));
        if (program == null || !Files.exists(program)) {
            throw new CommandFailedException("run: " + Printable.escape(name) + ": command not found"
                    + (name.contains("/") ? "" : " in PATH (" + Printable.escape(System.getenv("PATH")) + ")"),
                    ExitCodes.COMMAND_NOT_FOUND, null);
        }
        try {
            new PolicyLauncher(numa).exec(policy, cpus, program, command, System.getenv());
        } catch (SyscallException e) {
            throw refused(e, policy, program, t);
        } catch (UnsupportedOperationException e) {
            throw new CommandFailedException("run: " + e.getMessage(), ExitCodes.BACKEND_UNAVAILABLE, e);
        }
        throw new AssertionError("execve returned without an error");
    }

    private MemoryPolicy policy(Topology t) {
        List<MemoryPolicy> given = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (membind != null) {
            given.add(new MemoryPolicy(MemoryPolicy.Mode.BIND, Args.nodes("--membind", membind, t), 0));
            names.add("--membind");
        }
        if (interleave != null) {
            given.add(new MemoryPolicy(MemoryPolicy.Mode.INTERLEAVE, Args.nodes("--interleave", interleave, t), 0));
            names.add("--interleave");
        }
        if (preferred != null) {
            given.add(MemoryPolicy.preferred(Args.node("--preferred", preferred, t)));
            names.add("--preferred");
        }
        if (preferredMany != null) {
            given.add(new MemoryPolicy(MemoryPolicy.Mode.PREFERRED_MANY,
                    Args.nodes("--preferred-many", preferredMany, t), 0));
            names.add("--preferred-many");
        }
        if (weightedInterleave != null) {
            given.add(new MemoryPolicy(MemoryPolicy.Mode.WEIGHTED_INTERLEAVE,
                    Args.nodes("--weighted-interleave", weightedInterleave, t), 0));
            names.add("--weighted-interleave");
        }
        if (localalloc) {
            given.add(MemoryPolicy.local());
            names.add("--localalloc");
        }
        if (given.size() > 1) {
            throw new UsageException(String.join(" and ", names) + ": give at most one memory policy");
        }
        return given.isEmpty() ? null : given.get(0);
    }

    private CpuSet cpus(Topology t) {
        if (cpunodebind != null && physcpubind != null) {
            throw new UsageException("--cpunodebind and --physcpubind: give one of them");
        }
        if (cpunodebind != null) {
            NodeSet nodes = Args.nodes("--cpunodebind", cpunodebind, t);
            BitSet cpus = new BitSet();
            nodes.stream().forEach(n -> t.node(n).ifPresent(node -> node.cpus().stream().forEach(cpus::set)));
            if (cpus.isEmpty()) {
                throw new UsageException("--cpunodebind: node" + (nodes.size() == 1 ? " " : "s ") + nodes
                        + " ha" + (nodes.size() == 1 ? "s" : "ve") + " no CPUs");
            }
            return CpuSet.fromBits(cpus);
        }
        if (physcpubind != null) {
            BitSet present = new BitSet();
            t.nodes().forEach(node -> node.cpus().stream().forEach(present::set));
            if (physcpubind.strip().equals("all")) {
                return CpuSet.fromBits(present);
            }
            BitSet asked = Args.usage("--physcpubind", () -> IdListParser.parse(physcpubind));
            if (asked.isEmpty()) {
                throw new UsageException("--physcpubind: " + Printable.quote(physcpubind) + " names no CPU: give CPUs like 0-3, 0,2"
                        + " or all");
            }
            BitSet missing = (BitSet) asked.clone();
            missing.andNot(present);
            if (!missing.isEmpty()) {
                throw new UsageException("--physcpubind: CPU " + CpuSet.fromBits(missing) + " in " + Printable.quote(physcpubind)
                        + " does not exist: this machine has CPUs " + CpuSet.fromBits(present));
            }
            return CpuSet.fromBits(asked);
        }
        return null;
    }

    /** What the kernel refused, in words: which setting, why, and what would allow it. */
    private CommandFailedException refused(SyscallException e, MemoryPolicy policy, Path program, Topology t) {
        String call = e.syscall();
        String why;
        int code = ErrorHandler.exitCode(e);
        switch (call) {
            case "set_mempolicy" -> why = "the kernel refused the memory policy " + policy + ": " + e.errno().describe()
                    + policyHint(e, policy, t);
            case "sched_setaffinity" -> why = "the kernel refused the CPUs: " + e.errno().describe()
                    + " (they may be outside this process's cpuset: see Cpus_allowed_list in /proc/self/status)";
            case "execve" -> {
                why = "cannot execute " + Printable.escape(program.toString()) + ": " + e.errno().describe();
                code = e.errno() == org.panuma.spi.Errno.ENOENT ? ExitCodes.COMMAND_NOT_FOUND
                        : ExitCodes.COMMAND_NOT_EXECUTABLE;
            }
            default -> why = e.getMessage();
        }
        return new CommandFailedException("run: " + why + "; the command was not started", code, e);
    }

    /**
     * Why the kernel may have refused a policy: the kernel release its mode needs (the api's hint),
     * else, for EINVAL, nodes without memory this process may use.
     */
    private static String policyHint(SyscallException e, MemoryPolicy policy, Topology t) {
        if (e.hint() != null) {
            return ". " + e.hint();
        }
        if (e.errno() != org.panuma.spi.Errno.EINVAL) {
            return "";
        }
        return ". None of the nodes " + policy.nodes() + " has memory this process may use (allowed: "
                + t.memsAllowed() + ")";
    }
}
