package org.panuma.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A throw-away multi-node NUMA guest, for tests: a thin Java face on {@code integration-tests/numa-vm}
 * (which holds the QEMU recipe; see its header and DESIGN.md, "The NUMA virtual machine").
 *
 * <pre>{@code
 * NumaVm.Result r = NumaVm.builder().nodes(4).memPerNodeMiB(256).build()
 *         .run("cat", "/sys/devices/system/node/online");
 * }</pre>
 *
 * <p>The guest sees the host's whole file system read-only at the same paths, and runs the
 * command in the host's current directory, so class paths and jars built on the host work
 * unchanged. Directories passed to {@link Builder#share} are writable at the same path.
 *
 * <p>{@link #run} returns whenever the command ran to its end, whatever its exit code. A guest
 * that fails to boot, or a run over the time limit, throws {@link NumaVmException} carrying
 * the guest console: an infrastructure failure is never mistaken for a command's result.
 */
public final class NumaVm {

    /** System property that points at the numa-vm script (else found from the working directory). */
    public static final String SCRIPT_PROPERTY = "panuma.vm.script";

    /**
     * The guest kernels numa-vm boots, by label: Debian bookworm's 6.1 (the default), trixie's 6.12
     * and sid's latest (resolved when prepared; {@link #prepare} says which release it is).
     */
    public static final List<String> KERNELS = List.of("6.1", "6.12", "latest");
    public static final String DEFAULT_KERNEL = "6.1";

    private final String kernel;
    private final Duration bootTimeout;
    private final int nodes;
    private final int memoryOnlyNodes;
    private final int memPerNodeMiB;
    private final int cpusPerNode;
    private final int[][] distances;
    private final Duration timeout;
    private final String user;
    private final List<Path> shares;
    private final Map<String, String> env;

    private NumaVm(Builder b) {
        this.kernel = b.kernel;
        this.bootTimeout = b.bootTimeout;
        this.nodes = b.nodes;
        this.memoryOnlyNodes = b.memoryOnlyNodes;
        this.memPerNodeMiB = b.memPerNodeMiB;
        this.cpusPerNode = b.cpusPerNode;
        this.distances = b.distances;
        this.timeout = b.timeout;
        this.user = b.user;
        this.shares = List.copyOf(b.shares);
        this.env = Map.copyOf(b.env);
    }

    /**
     * A guest; its tests get the host's measured slowdown ({@link HostSlowdown}) as
     * {@code PANUMA_SLOWDOWN}, and scale their own waits by it ({@code GuestEnvironment.scaled}).
     */
    public static Builder builder() {
        return new Builder().env(GuestSlowdown.ENV, Double.toString(HostSlowdown.factor()));
    }

    /** The kernel label this guest boots (one of {@link #KERNELS}). */
    public String kernel() {
        return kernel;
    }

    /** Nodes with CPUs (numbered first). */
    public int nodes() {
        return nodes;
    }

    /** Nodes with memory and no CPUs, numbered after the {@link #nodes()} ones. */
    public int memoryOnlyNodes() {
        return memoryOnlyNodes;
    }

    /** Every node the guest has: {@link #nodes()} + {@link #memoryOnlyNodes()}. */
    public int allNodes() {
        return nodes + memoryOnlyNodes;
    }

    public int memPerNodeMiB() {
        return memPerNodeMiB;
    }

    public int cpusPerNode() {
        return cpusPerNode;
    }

    /**
     * The distance matrix the guest is booted with, over {@link #allNodes()}: the given one, or
     * QEMU's default 10/20.
     */
    public int[][] distances() {
        if (distances != null) {
            return Arrays.stream(distances).map(int[]::clone).toArray(int[][]::new);
        }
        int all = allNodes();
        int[][] d = new int[all][all];
        for (int i = 0; i < all; i++) {
            for (int j = 0; j < all; j++) {
                d[i][j] = i == j ? 10 : 20;
            }
        }
        return d;
    }

    /** A short description such as "kernel 6.12, 2 nodes x 512 MiB, 1 cpu/node" (", +1 memory-only node" when there are). */
    public String describe() {
        return "kernel " + kernel + ", " + nodes + " nodes x " + memPerNodeMiB + " MiB, " + cpusPerNode + " cpu/node"
                + (memoryOnlyNodes == 0 ? "" : ", +" + memoryOnlyNodes + " memory-only node" + (memoryOnlyNodes == 1 ? "" : "s"));
    }

    /**
     * Why no guest can be started here, or empty when one can. Absent QEMU (or busybox, or a
     * way to fetch the kernel) is the only reason tests may skip rather than fail.
     */
    public static Optional<String> unusableBecause() {
        Path script;
        try {
            script = script();
        } catch (IllegalStateException e) {
            return Optional.of(e.getMessage());
        }
        try {
            Process p = new ProcessBuilder(script.toString(), "check").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of("numa-vm check did not finish");
            }
            return p.exitValue() == 0 ? Optional.empty() : Optional.of(out);
        } catch (IOException e) {
            return Optional.of("cannot run " + script + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** A kernel numa-vm has fetched and cached: its label and its release as {@code uname -r} prints it. */
    public record Kernel(String label, String release) {
        /** "6.1", "6.12", "7.2": the release's major.minor, how reports name the kernel. */
        public String shortName() {
            Matcher m = Pattern.compile("^(\\d+\\.\\d+)").matcher(release);
            return m.find() ? m.group(1) : release;
        }
    }

    /**
     * Fetches (once; cached) and prepares kernel {@code label}, and says which release it is: for
     * "latest", what Debian unstable ships now (resolved at most a day ago).
     *
     * @throws NumaVmException when it cannot be fetched, with numa-vm's reason
     */
    public static Kernel prepare(String label) {
        requireKnownKernel(label);
        Path script = script();
        try {
            Process p = new ProcessBuilder(script.toString(), "prepare", "--kernel", label).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new NumaVmException("numa-vm prepare --kernel " + label + " did not finish\n" + out, "");
            }
            Matcher m = Pattern.compile("(?m)^release: (\\S+)$").matcher(out);
            if (p.exitValue() != 0 || !m.find()) {
                throw new NumaVmException("numa-vm prepare --kernel " + label + " failed (exit " + p.exitValue() + "):\n"
                        + out, "");
            }
            return new Kernel(label, m.group(1));
        } catch (IOException e) {
            throw new NumaVmException("cannot run " + script + ": " + e.getMessage(), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NumaVmException("numa-vm prepare --kernel " + label + ": interrupted", "");
        }
    }

    static String requireKnownKernel(String label) {
        if (!KERNELS.contains(label)) {
            throw new IllegalArgumentException("unknown guest kernel '" + label + "': one of " + KERNELS);
        }
        return label;
    }

    /** Boots a guest, runs {@code command} in it, powers it off. */
    public Result run(String... command) {
        return run(List.of(command));
    }

    /** Boots a guest, runs {@code command} in it, powers it off. */
    public Result run(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        Path resultDir = null;
        try {
            resultDir = Files.createTempDirectory("numa-vm-result");
            List<String> argv = commandLine(resultDir, command);
            long start = System.nanoTime();
            Path launcherLog = resultDir.resolve("launcher.log");
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(launcherLog.toFile()).start();
            // The script enforces the limit itself; this is the backstop should it hang.
            boolean done = p.waitFor(timeout.toSeconds() + 60, TimeUnit.SECONDS);
            if (!done) {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            String launcher = read(launcherLog);
            String console = read(resultDir.resolve("console.log"));
            Path exitFile = resultDir.resolve("exit-code");
            if (!done || !Files.exists(exitFile)) {
                throw new NumaVmException(describe() + ": "
                        + (done && p.exitValue() == 124 ? "timed out after " + timeout.toSeconds() + " s"
                                : "the guest did not run the command (launcher exit "
                                        + (done ? p.exitValue() : "none: killed") + ")")
                        + "\n--- launcher ---\n" + launcher
                        + "\n--- command stdout ---\n" + read(resultDir.resolve("stdout"))
                        + "\n--- command stderr ---\n" + read(resultDir.resolve("stderr"))
                        + failedBoot(read(resultDir.resolve("console-failed-boot.log"))), console);
            }
            return new Result(Integer.parseInt(read(exitFile).trim()), read(resultDir.resolve("stdout")),
                    read(resultDir.resolve("stderr")), console, timing(resultDir), wall,
                    read(resultDir.resolve("console-failed-boot.log")));
        } catch (IOException e) {
            throw new NumaVmException(describe() + ": " + e.getMessage(), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NumaVmException(describe() + ": interrupted", "");
        } finally {
            deleteQuietly(resultDir);
        }
    }

    private static String failedBoot(String console) {
        return console.isEmpty() ? "" : "\n--- console of the first boot, which failed and was retried ---\n" + console;
    }

    List<String> commandLine(Path resultDir, List<String> command) {
        List<String> argv = new ArrayList<>(List.of(script().toString(), "run",
                "--kernel", kernel,
                "--boot-timeout", String.valueOf(bootTimeout.toSeconds()),
                "--nodes", String.valueOf(nodes),
                "--memory-only-nodes", String.valueOf(memoryOnlyNodes),
                "--mem-per-node", String.valueOf(memPerNodeMiB),
                "--cpus-per-node", String.valueOf(cpusPerNode),
                "--timeout", String.valueOf(timeout.toSeconds()),
                "--result-dir", resultDir.toString()));
        if (distances != null) {
            argv.add("--distances");
            argv.add(Arrays.stream(distances)
                    .map(row -> Arrays.stream(row).mapToObj(String::valueOf).collect(Collectors.joining(",")))
                    .collect(Collectors.joining(";")));
        }
        if (user != null) {
            argv.add("--user");
            argv.add(user);
        }
        for (Path share : shares) {
            argv.add("--share");
            argv.add(share.toString());
        }
        env.forEach((k, v) -> {
            argv.add("--env");
            argv.add(k + "=" + v);
        });
        argv.add("--");
        argv.addAll(command);
        return argv;
    }

    /** integration-tests/numa-vm: from {@value #SCRIPT_PROPERTY}, else up from the working directory. */
    static Path script() {
        String configured = System.getProperty(SCRIPT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured).toAbsolutePath();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("integration-tests").resolve("numa-vm");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("integration-tests/numa-vm not found from " + Paths.get("").toAbsolutePath()
                + "; set -D" + SCRIPT_PROPERTY);
    }

    private static Map<String, String> timing(Path resultDir) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : read(resultDir.resolve("timing")).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is not worth failing a test over
        }
    }

    /** What a command did in the guest. */
    public record Result(int exitCode, String stdout, String stderr, String console,
                         Map<String, String> timing, Duration wall, String failedBootConsole) {

        /** The guest kernel's release (uname -r), as numa-vm booted it. */
        public String kernelRelease() {
            return timing.getOrDefault("kernel_release", "");
        }

        /** 1, or 2 when the first boot failed and was retried ({@link #failedBootConsole} has its console). */
        public int boots() {
            return Integer.parseInt(timing.getOrDefault("boots", "1"));
        }

        /** Seconds from power-on to the command's start, as the guest kernel counted them. */
        public Optional<Double> bootSeconds() {
            String s = timing.get("boot_uptime_seconds");
            return s == null || s.isBlank() ? Optional.empty() : Optional.of(Double.parseDouble(s));
        }

        @Override
        public String toString() {
            StringJoiner j = new StringJoiner("\n");
            j.add("exit code " + exitCode + ", wall " + wall.toMillis() + " ms, boot " + bootSeconds().orElse(null) + " s");
            j.add("--- stdout ---").add(stdout).add("--- stderr ---").add(stderr).add("--- console ---").add(console);
            return j.toString();
        }
    }

    /** Configures a guest. Defaults: kernel 6.1, 2 nodes x 512 MiB, 1 vCPU per node, QEMU's distances, 300 s, root. */
    public static final class Builder {
        private String kernel = DEFAULT_KERNEL;
        private Duration bootTimeout = Duration.ofSeconds(180);
        private int nodes = 2;
        private int memoryOnlyNodes;
        private int memPerNodeMiB = 512;
        private int cpusPerNode = 1;
        private int[][] distances;
        private Duration timeout = Duration.ofSeconds(300);
        private String user;
        private final List<Path> shares = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();

        private Builder() {
        }

        /** The guest kernel: "6.1" (default), "6.12" or "latest" ({@link #KERNELS}). */
        public Builder kernel(String label) {
            this.kernel = requireKnownKernel(label);
            return this;
        }

        /** A boot that has not started the command after this long has hung (it is retried once). */
        public Builder bootTimeout(Duration t) {
            if (t.toSeconds() < 1) {
                throw new IllegalArgumentException("bootTimeout must be at least a second: " + t);
            }
            this.bootTimeout = t;
            return this;
        }

        public Builder nodes(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("nodes must be >= 1: " + n);
            }
            this.nodes = n;
            return this;
        }

        /**
         * Adds {@code k} nodes with memory ({@link #memPerNodeMiB} each) and no CPUs, numbered
         * after the CPU nodes: what a CXL memory expander looks like to the kernel. A
         * {@link #distances} matrix must then cover them too.
         */
        public Builder memoryOnlyNodes(int k) {
            if (k < 0) {
                throw new IllegalArgumentException("memoryOnlyNodes must be >= 0: " + k);
            }
            this.memoryOnlyNodes = k;
            return this;
        }

        public Builder memPerNodeMiB(int mib) {
            if (mib < 64) {
                throw new IllegalArgumentException("a node needs at least 64 MiB: " + mib);
            }
            this.memPerNodeMiB = mib;
            return this;
        }

        public Builder cpusPerNode(int cpus) {
            if (cpus < 1) {
                throw new IllegalArgumentException("cpusPerNode must be >= 1: " + cpus);
            }
            this.cpusPerNode = cpus;
            return this;
        }

        /** A full nodes x nodes matrix; the diagonal must be 10 (the kernel's LOCAL_DISTANCE). */
        public Builder distances(int[][] matrix) {
            this.distances = Arrays.stream(matrix).map(int[]::clone).toArray(int[][]::new);
            return this;
        }

        public Builder timeout(Duration t) {
            this.timeout = t;
            return this;
        }

        /** Runs the command as this uid (gid = uid), with no capabilities. */
        public Builder user(int uid) {
            this.user = String.valueOf(uid);
            return this;
        }

        /** Runs the command as root (the default). */
        public Builder root() {
            this.user = null;
            return this;
        }

        /** Makes a host directory writable in the guest, at the same path. */
        public Builder share(Path dir) {
            this.shares.add(dir.toAbsolutePath());
            return this;
        }

        public Builder env(String name, String value) {
            this.env.put(name, value);
            return this;
        }

        public NumaVm build() {
            if (distances != null) {
                int all = nodes + memoryOnlyNodes;
                if (distances.length != all) {
                    throw new IllegalArgumentException("distances has " + distances.length + " rows for " + all + " nodes");
                }
                for (int[] row : distances) {
                    if (row.length != all) {
                        throw new IllegalArgumentException("a distances row has " + row.length + " entries for " + all + " nodes");
                    }
                }
            }
            return new NumaVm(this);
        }
    }
}
