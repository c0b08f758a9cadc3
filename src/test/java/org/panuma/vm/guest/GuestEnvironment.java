package org.panuma.vm.guest;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * What the host booted this guest with, as passed by {@code NumaVmIT} in {@code panuma.vm.*}
 * system properties. Guest tests compare the kernel's view with these numbers.
 *
 * <p>Guest tests only mean something on the multi-node machine, started by
 * integration-tests/run-guest-tests (which sets these properties); anywhere else every
 * accessor throws, so a misplaced run fails loudly instead of testing a single-node host.
 */
public final class GuestEnvironment {
    public static final String PREFIX = "panuma.vm.";

    private GuestEnvironment() {
    }

    /** Nodes with CPUs, numbered 0 to nodes() - 1. */
    public static int nodes() {
        return Integer.parseInt(property("nodes"));
    }

    /** Nodes with memory and no CPUs, numbered after the {@link #nodes()} ones (0 when none were booted). */
    public static int memoryOnlyNodes() {
        return Integer.parseInt(System.getProperty(PREFIX + "memoryOnlyNodes", "0"));
    }

    public static int memPerNodeMiB() {
        return Integer.parseInt(property("memPerNodeMiB"));
    }

    public static int cpusPerNode() {
        return Integer.parseInt(property("cpusPerNode"));
    }

    /** The booted distance matrix over all nodes (memory-only ones included); property format "10,20;20,10". */
    public static int[][] distances() {
        return Arrays.stream(property("distances").split(";"))
                .map(row -> Arrays.stream(row.split(",")).mapToInt(Integer::parseInt).toArray())
                .toArray(int[][]::new);
    }

    /**
     * The running kernel's release as {@code uname -r} prints it, read from the kernel itself: a
     * guest test learns which kernel of the matrix it runs on from here, not from the host.
     */
    public static String kernelRelease() {
        try {
            return java.nio.file.Files.readString(Paths.get("/proc/sys/kernel/osrelease")).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The engine profile panuma picks for this kernel ({@code --dry-run} picks the same). */
    public static org.panuma.engine.KernelProfile profile() {
        return org.panuma.engine.KernelProfile.fromUname(kernelRelease());
    }

    /** Directory with the C target programs the host built from integration-tests/targets. */
    public static Path targets() {
        return Paths.get(property("targets"));
    }

    /** The packaged panuma jar (for running the CLI as a separate process). */
    public static Path jar() {
        return Paths.get(property("jar"));
    }

    /** The java launcher of the JDK the guest tests run on. */
    public static Path java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * Flags for JVMs the tests start (targets, the CLI): those this JVM was started with for the
     * emulated CPU (run-guest-tests passes them on), minus module options added separately.
     */
    public static java.util.List<String> childJvmFlags() {
        String flags = System.getProperty(PREFIX + "childJvmFlags", "").trim();
        return flags.isEmpty() ? new java.util.ArrayList<>() : new java.util.ArrayList<>(java.util.List.of(flags.split("\\s+")));
    }

    /**
     * JVM flags for running the CLI jar: {@link #childJvmFlags()}, plus the AOT cache that
     * {@code mvn package} trains next to the jar on JDK 25+ (as ./panuma uses it), else
     * -Xshare:auto. Under TCG a CLI JVM takes tens of seconds to start; every class it need not
     * load and link counts. The JVM refuses -XX:AOTCache together with an -Xshare option.
     */
    public static java.util.List<String> cliJvmFlags() {
        java.util.List<String> flags = childJvmFlags();
        // The cache trained with JSON (./panuma's for --json): the guest tests read the CLI's JSON.
        Path aot = jar().resolveSibling("panuma-json.aot");
        if (!java.nio.file.Files.isRegularFile(aot)) {
            aot = jar().resolveSibling("panuma.aot");
        }
        if (Runtime.version().feature() >= 25 && java.nio.file.Files.isRegularFile(aot)) {
            flags.addAll(java.util.List.of("-XX:AOTCache=" + aot, "-Xlog:aot=off", "-Xlog:cds=off"));
        } else {
            flags.add("-Xshare:auto");
        }
        return flags;
    }

    /**
     * Skips (never passes) a test that runs only in NumaVmIT's reliability guest, which sets
     * {@code PANUMA_GUEST_SLOW=1} and gives it its own time limit: the soak, and the cases that
     * start CLI JVMs or fill a node (about a minute each under TCG). Elsewhere the message says
     * where it does run.
     */
    public static void assumeReliabilityRun(String what) {
        org.junit.jupiter.api.Assumptions.assumeTrue("1".equals(System.getenv("PANUMA_GUEST_SLOW")), () -> what
                + ": runs in NumaVmIT's 2-nodes-reliability guest (PANUMA_GUEST_SLOW=1), not in this one");
    }

    static String property(String name) {
        String v = System.getProperty(PREFIX + name);
        if (v == null) {
            throw new IllegalStateException("system property " + PREFIX + name + " is not set: org.panuma.vm.guest "
                    + "tests run only on a multi-node machine, through integration-tests/run-guest-tests "
                    + "(NumaVmIT does that in QEMU guests)");
        }
        return v;
    }
}
