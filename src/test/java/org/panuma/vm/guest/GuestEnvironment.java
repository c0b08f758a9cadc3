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

    public static int nodes() {
        return Integer.parseInt(property("nodes"));
    }

    public static int memPerNodeMiB() {
        return Integer.parseInt(property("memPerNodeMiB"));
    }

    public static int cpusPerNode() {
        return Integer.parseInt(property("cpusPerNode"));
    }

    /** The booted distance matrix; property format "10,20;20,10". */
    public static int[][] distances() {
        return Arrays.stream(property("distances").split(";"))
                .map(row -> Arrays.stream(row.split(",")).mapToInt(Integer::parseInt).toArray())
                .toArray(int[][]::new);
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
