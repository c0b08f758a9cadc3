package org.panuma.cli;

import static org.panuma.cli.CommandSpecs.option;

import org.panuma.spi.Printable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.panuma.api.MemoryPolicy;
import org.panuma.api.MoveReport;
import org.panuma.api.NodeMemory;
import org.panuma.api.Numa;
import org.panuma.cli.demo.TargetChild;
import org.panuma.cli.demo.TargetReport;
import org.panuma.spi.Topology;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `panuma demo`: start a live target, show where its memory is, move it to another node, show it
 * again. On this host's NUMA hardware when it has two nodes with memory; else in a NUMA VM
 * (integration-tests/numa-vm) when QEMU is usable; else on the simulated backend. It says which.
 */
public final class DemoCommand implements Callable<Integer> {
    enum Mode { AUTO, REAL, VM, SIM }

    Mode mode;
    int mib;
    /** --backend: ffm or jna for real and vm mode, sim for the simulated demo; --json is refused (text only). */
    final CommonOptions common = new CommonOptions();

    /** The native backend asked for, or null for auto. */
    private String backend;

    CommandSpec spec;

    /** The command's model, bound to a new DemoCommand. */
    static CommandSpec spec() {
        DemoCommand c = new DemoCommand();
        CommandSpec spec = CommandSpecs.command(c, "demo", new String[] {"Show panuma at work: start a target process"
                        + " that keeps writing and checking a pattern, show where its memory is, move it to another"
                        + " node while it runs, show it again, and report the target's corrupted bytes (0). Runs on"
                        + " real NUMA when this host has two nodes with memory, else inside a 2-node NUMA VM (QEMU)"
                        + " when possible, else on the simulated backend."},
                "%nExamples:", "  panuma demo", "  panuma demo --mode sim", "  panuma demo --mode vm --mib 128",
                "", ExitCodes.HELP);
        spec.addOption(option("--mode", Mode.class, v -> c.mode = v).paramLabel("auto|real|vm|sim")
                .defaultValue("auto").description("Where to run (default: ${DEFAULT-VALUE}: real, else vm, else sim).")
                .build());
        spec.addOption(option("--mib", int.class, v -> c.mib = v).paramLabel("MiB").defaultValue("64")
                .description("Size of the target's memory (default: ${DEFAULT-VALUE}).").build());
        spec.addMixin("common", CommonOptions.spec(c.common));
        c.spec = CommandSpecs.withHelpOptions(spec);
        return spec;
    }

    @Override
    public Integer call() throws Exception {
        if (mib < 1 || mib > 65536) {
            throw new UsageException("--mib: " + Printable.quote(mib) + " is out of range (1 to 65536)");
        }
        if (common.json) {
            throw new UsageException("--json: the demo narrates its run in text; `panuma where --json` and"
                    + " `panuma move --json` give JSON");
        }
        boolean simulated = "sim".equals(common.backend);
        if (simulated && mode != Mode.AUTO && mode != Mode.SIM) {
            throw new UsageException("--backend sim: the simulated backend runs --mode sim only, not --mode "
                    + mode.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (mode == Mode.SIM && common.backend != null && !simulated && !Numa.AUTO.equals(common.backend)) {
            throw new UsageException("--backend " + common.backend + ": --mode sim runs on the simulated backend");
        }
        backend = simulated || Numa.AUTO.equals(common.backend) ? null : common.backend;
        PrintWriter out = spec.commandLine().getOut();
        Mode chosen = simulated ? Mode.SIM : mode == Mode.AUTO ? choose(out) : mode;
        switch (chosen) {
            case REAL:
                return real(out);
            case VM:
                return vm(out);
            default:
                return sim(out);
        }
    }

    private Mode choose(PrintWriter out) {
        try {
            Topology t = Numa.open(backend).topology();
            if (t.withMemory().size() >= 2) {
                return Mode.REAL;
            }
            out.printf("demo: this host has %d NUMA node(s) with memory (%s); a move needs two.%n",
                    t.withMemory().size(), t.withMemory());
        } catch (RuntimeException e) {
            out.println("demo: no native backend here (" + e.getMessage() + ").");
        }
        String why = NumaVmLauncher.unusableReason(jar());
        if (why == null) {
            return Mode.VM;
        }
        out.println("demo: no NUMA VM either (" + why + ").");
        return Mode.SIM;
    }

    /** Real NUMA: a child target bound to the first node, moved to the second by the real commands. */
    private int real(PrintWriter out) throws IOException {
        Topology t = Numa.open(backend).topology();
        if (t.withMemory().size() < 2) {
            throw new UsageException("--mode real needs two NUMA nodes with memory; this host has " + t.withMemory());
        }
        int[] nodes = t.withMemory().toArray();
        int from = nodes[0];
        int to = nodes[1];
        out.printf("demo: REAL NUMA, kernel %s, nodes %s: a %d MiB target on node %d moves to node %d%n",
                t.kernelRelease(), t.withMemory(), mib, from, to);
        out.flush();
        try (TargetChild target = TargetChild.start(jar(), mib, from, backend)) {
            String pid = Long.toString(target.pid());
            List<String> backendArg = backend == null ? List.of() : List.of("--backend", backend);
            run(out, concat(List.of("where", pid, "--range", target.range()), backendArg));
            int moved = run(out, concat(List.of("move", pid, "--to", Integer.toString(to), "--range", target.range()),
                    backendArg));
            run(out, concat(List.of("where", pid, "--range", target.range()), backendArg));
            String report = target.stop();
            out.println("target: " + report + " " + TargetReport.explain(report, mib));
            out.flush();
            return report.endsWith("corrupted=0") && moved == ExitCodes.SUCCESS ? ExitCodes.SUCCESS
                    : ExitCodes.PAGES_NOT_MOVED;
        }
    }

    /** Runs one panuma command with this command's writers, printing it first like a shell would. */
    private int run(PrintWriter out, List<String> args) {
        out.println();
        out.println("$ panuma " + String.join(" ", args));
        out.flush();
        String[] argv = args.toArray(new String[0]);
        CommandLine cli = PanumaCli.commandLine(argv);
        cli.setOut(out);
        cli.setErr(spec.commandLine().getErr());
        return cli.execute(argv);
    }

    /** A 2-node QEMU guest runs `panuma demo --mode real` with this JVM and jar. */
    private int vm(PrintWriter out) throws IOException, InterruptedException {
        Path jar = jar();
        String why = NumaVmLauncher.unusableReason(jar);
        if (why != null) {
            throw new UsageException("--mode vm: " + why);
        }
        out.println("demo: this host has no two NUMA nodes; booting a 2-node NUMA VM (QEMU, software emulation,"
                + " Debian's 6.1 kernel) to run the demo for real. This takes a minute.");
        out.flush();
        // --stream: the guest's lines appear as the guest prints them, not after it powers off.
        List<String> cmd = new ArrayList<>(List.of(NumaVmLauncher.script(jar).toString(), "run", "--stream",
                "--nodes", "2", "--mem-per-node", Integer.toString(Math.max(512, mib * 2 + 320)), "--timeout", "600", "--"));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 23) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "demo", "--mode",
                "real", "--mib", Integer.toString(mib)));
        if (backend != null) {
            cmd.addAll(List.of("--backend", backend));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.println(line);
                out.flush();
            }
        }
        p.waitFor(10, TimeUnit.MINUTES);
        return p.exitValue();
    }

    /** No NUMA anywhere: the engine stands in for the kernel; everything printed says so. */
    private int sim(PrintWriter out) {
        Numa numa = Numa.open("sim");
        Topology t = numa.topology();
        int[] nodes = t.withMemory().toArray();
        int from = nodes[0];
        int to = nodes[1];
        out.printf("demo: SIMULATED (%s, nodes %s): nothing real moves; panuma's engine answers the system calls.%n",
                t.kernelRelease(), t.withMemory());
        try (NodeMemory memory = numa.memory(MemoryPolicy.bind(from))) {
            int pageSize = memory.pageSize();
            int pages = (int) ((long) mib * 1024 * 1024 / pageSize);
            ByteBuffer buffer = memory.allocateBuffer(pages * pageSize);
            for (int i = 0; i < pages; i++) {
                buffer.put(i * pageSize, (byte) i);
            }
            out.println("before: " + describe(memory.where(buffer).pagesByNode()));
            MoveReport r = memory.move(buffer, to);
            out.printf("moved %d of %d pages to node %d (%s)%n", r.moved(), r.requestedPages(), to, r.outcomeMap());
            out.println("after:  " + describe(memory.where(buffer).pagesByNode()));
            int bad = 0;
            for (int i = 0; i < pages; i++) {
                if (buffer.get(i * pageSize) != (byte) i) {
                    bad++;
                }
            }
            out.println("pages whose data changed: " + bad + " (SIMULATED)");
            out.flush();
            return r.failed() == 0 && bad == 0 ? ExitCodes.SUCCESS : ExitCodes.PAGES_NOT_MOVED;
        }
    }

    private static String describe(java.util.Map<Integer, Long> byNode) {
        StringBuilder sb = new StringBuilder();
        byNode.forEach((node, n) -> sb.append(String.format(Locale.ROOT, "node %d: %d pages  ", node, n)));
        return sb.toString().strip();
    }

    /** The jar this command runs from (target/panuma.jar). */
    static Path jar() {
        try {
            return Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate panuma's jar", e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Finds integration-tests/numa-vm next to the jar's project and asks it whether a guest can start. */
    static final class NumaVmLauncher {
        private NumaVmLauncher() {
        }

        static Path script(Path jar) {
            Path project = jar.toAbsolutePath().getParent() == null ? null : jar.toAbsolutePath().getParent().getParent();
            return project == null ? Path.of("integration-tests", "numa-vm") : project.resolve("integration-tests/numa-vm");
        }

        /** Null when a guest can start here, else why not. */
        static String unusableReason(Path jar) {
            Path script = script(jar);
            if (!Files.isExecutable(script) || !Files.isRegularFile(jar)) {
                return "integration-tests/numa-vm is not beside this jar (run ./panuma from the source tree)";
            }
            try {
                Process p = new ProcessBuilder(script.toString(), "check").redirectErrorStream(true).start();
                String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return "numa-vm check did not answer";
                }
                return p.exitValue() == 0 ? null : said.isEmpty() ? "numa-vm check failed" : said;
            } catch (IOException e) {
                return e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
    }
}
