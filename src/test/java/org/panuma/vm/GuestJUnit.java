package org.panuma.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the in-guest JUnit tests (package {@code org.panuma.vm.guest}, classes {@code *GuestTest})
 * in one booted guest through integration-tests/run-guest-tests, and reads back their XML report.
 *
 * <p>The guest runs the JDK this JVM runs on (the guest sees the host's file system), with
 * target/panuma.jar, the test classes (as target/vm-lib/guest-tests.jar, see
 * {@link GuestClasspath}) and the JUnit console launcher. The booted topology is passed on
 * so the guest tests can check the kernel against it (see {@code GuestEnvironment}).
 */
public final class GuestJUnit {
    public static final String GUEST_PACKAGE = "org.panuma.vm.guest";
    public static final String CONSOLE_LAUNCHER = "junit-platform-console-standalone.jar";

    private final Path target;

    /** @param target the Maven build directory (target/) */
    public GuestJUnit(Path target) {
        this.target = target.toAbsolutePath();
    }

    /** What a guest JUnit run produced. */
    public record Run(NumaVm.Result result, List<GuestReport.TestCase> cases, Path reportsDir) {
    }

    /** Files the guest run needs that are missing from target/ (empty when all are there). */
    public List<String> missingInputs() {
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(jar(), target.resolve("test-classes"), target.resolve("vm-lib").resolve(CONSOLE_LAUNCHER))) {
            if (!Files.exists(p)) {
                missing.add(p + (p.endsWith(CONSOLE_LAUNCHER) ? " (copied by maven-dependency-plugin at package)" : ""));
            }
        }
        return missing;
    }

    /**
     * Boots {@code vm}, runs every guest test class in it, returns the report.
     *
     * @param name       a file-name-safe name for this guest (reports go to target/vm-reports/NAME)
     * @param targetsDir the C target programs built for this run
     */
    public Run run(NumaVm.Builder vm, String name, Path targetsDir) throws IOException {
        Path out = target.resolve("vm-reports").resolve(name);
        deleteTree(out);
        Path reports = Files.createDirectories(out.resolve("junit"));
        NumaVm guest = vm.share(out).build();
        NumaVm.Result result = guest.run(command(guest, reports, targetsDir));
        Files.writeString(out.resolve("console.log"), result.console());
        if (!result.failedBootConsole().isEmpty()) {
            Files.writeString(out.resolve("console-failed-boot.log"), result.failedBootConsole());
        }
        Files.writeString(out.resolve("stdout.txt"), result.stdout() + "\n--- stderr ---\n" + result.stderr());
        return new Run(result, GuestReport.read(reports), reports);
    }

    /** integration-tests/run-guest-tests with this guest's topology: the same entry point as in Vagrant. */
    List<String> command(NumaVm guest, Path reports, Path targetsDir) {
        String distances = Arrays.stream(guest.distances())
                .map(r -> Arrays.stream(r).mapToObj(String::valueOf).collect(Collectors.joining(",")))
                .collect(Collectors.joining(";"));
        return List.of(NumaVm.script().resolveSibling("run-guest-tests").toString(),
                "--nodes", String.valueOf(guest.nodes()),
                "--memory-only-nodes", String.valueOf(guest.memoryOnlyNodes()),
                "--mem-per-node", String.valueOf(guest.memPerNodeMiB()),
                "--cpus-per-node", String.valueOf(guest.cpusPerNode()),
                "--distances", distances,
                "--reports-dir", reports.toString(),
                "--targets", targetsDir.toAbsolutePath().toString(),
                "--java", Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "--target-dir", target.toString());
    }

    Path jar() {
        return target.resolve("panuma.jar");
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
