package org.panuma.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * The NUMA VM tests, as seen from the host: boots each guest (a kernel of the matrix and a
 * topology, see {@link #guests()}) once, runs every in-guest test class
 * ({@code org.panuma.vm.guest.*GuestTest}) there, and mirrors each guest test case here by name
 * ({@code [6.12/2-nodes] DifferentialGuestTest...}) with its real outcome: pass as pass, failure as
 * failure with the guest's message and stack, skip as skip.
 *
 * <p>Without QEMU the whole factory is skipped (an assumption), never passed. With QEMU, a guest
 * that does not boot, runs out of time or reports nothing is a failure carrying its console.
 */
class NumaVmIT {

    /** One guest: a kernel of {@link NumaVm#KERNELS}, a topology, how to boot it. */
    record Guest(String kernel, String topology, NumaVm.Builder vm) {
        /** "6.12/2-nodes": what -Dpanuma.vm.guests selects by. */
        String key() {
            return kernel + "/" + topology;
        }

        /** A file-name-safe name: the reports of this guest go to target/vm-reports/NAME. */
        String dirName() {
            return kernel + "-" + topology;
        }
    }

    /**
     * The kernel matrix: the 2-node guest suite on every kernel numa-vm boots (6.1, 6.12, latest);
     * the 4-node and reliability guests on 6.1 only, where their topology and soak are what they
     * test, not the kernel. On the Java 17 leg (JNA only) the 6.1 2-node guest alone: the other
     * kernels and the 4-node run add no JNA-on-17 coverage worth their minutes.
     */
    static List<Guest> guests() {
        List<Guest> g = new ArrayList<>();
        boolean java17Leg = "java17".equals(System.getProperty("panuma.testLeg"));
        for (String kernel : java17Leg ? List.of(NumaVm.DEFAULT_KERNEL) : NumaVm.KERNELS) {
            NumaVm.Builder vm = twoNodes().kernel(kernel).timeout(GUEST_TIMEOUT);
            if (java17Leg) {
                vm.env(GUEST_EXCLUDE, DIFFERENTIAL);
            }
            g.add(new Guest(kernel, "2-nodes", vm));
        }
        if (java17Leg) {
            return g;
        }
        // Two pairs of close nodes, far from each other: distances no default would produce.
        g.add(new Guest(NumaVm.DEFAULT_KERNEL, "4-nodes", NumaVm.builder().nodes(4).memPerNodeMiB(384).cpusPerNode(1)
                .distances(new int[][] {{10, 16, 32, 32}, {16, 10, 32, 32}, {32, 32, 10, 16}, {32, 32, 16, 10}})
                .env(GUEST_EXCLUDE, DIFFERENTIAL).timeout(GUEST_TIMEOUT)));
        g.add(new Guest(NumaVm.DEFAULT_KERNEL, RELIABILITY_GUEST, reliability()));
        // The memory-only node on 6.1; the modern policies themselves (weighted interleave from
        // 6.9) run in every kernel's 2-node guest, so a second memory-only guest on the latest
        // kernel would add minutes and no case.
        g.add(new Guest(NumaVm.DEFAULT_KERNEL, MEMORY_ONLY_GUEST, memoryOnlyNode()));
        return g;
    }

    /**
     * The engine-against-kernel comparison (about 7 of a 2-node guest's 11 minutes) runs in the
     * matrix's 2-node guests, one per kernel, on the Java 25 leg. The 4-node topology and JNA on
     * Java 17 change nothing in what it compares, so those guests leave it out to keep CI in time.
     */
    static final String GUEST_EXCLUDE = "PANUMA_GUEST_EXCLUDE";
    static final String DIFFERENTIAL = ".*\\.DifferentialGuestTest";

    /** The guest with a node that has memory and no CPUs; its name is what the skip messages elsewhere point to. */
    static final String MEMORY_ONLY_GUEST = "2-nodes+memory-only";

    /**
     * Two CPU nodes and node 2 with memory only (a CXL expander's shape), farther from both:
     * the memory-only-node and modern-policy tests (issue 12). The other guest tests count every
     * node as a CPU node, so only these run here.
     */
    static NumaVm.Builder memoryOnlyNode() {
        return NumaVm.builder().nodes(2).memoryOnlyNodes(1).memPerNodeMiB(512).cpusPerNode(1)
                .distances(new int[][] {{10, 21, 30}, {21, 10, 30}, {30, 30, 10}})
                .env("PANUMA_GUEST_TESTS", ".*\\.(MemoryOnlyNode|ModernPolicies)GuestTest")
                .timeout(GUEST_TIMEOUT);
    }

    static NumaVm.Builder twoNodes() {
        return NumaVm.builder().nodes(2).memPerNodeMiB(512).cpusPerNode(1).distances(new int[][] {{10, 21}, {21, 10}});
    }

    /** The guest that runs the reliability tests (issue 8); its name is what their skip messages elsewhere point to. */
    static final String RELIABILITY_GUEST = "2-nodes-reliability";

    /**
     * Issue 8 in a guest of its own: the integrity soak, and the fault and permission cases that
     * start CLI JVMs or fill a node. In the shared 2-node guest their minutes would crowd out
     * everything else; here they have their own time limit. The Java 25 leg only: they test
     * panuma's behaviour, which the Java 17 leg's 2-node guest adds nothing to.
     */
    static NumaVm.Builder reliability() {
        return twoNodes()
                .env(RELIABILITY_ENV, "1")
                .env("PANUMA_GUEST_TESTS", ".*\\.(IntegritySoak|Faults|Permissions)GuestTest")
                // The test JVM drives 100 soak moves itself: C1 pays back there (run-guest-tests has
                // the figures); the short JVMs it starts (CLI, targets) stay interpreted.
                .env("PANUMA_GUEST_TEST_JVM_FLAGS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData")
                .timeout(RELIABILITY_TIMEOUT);
    }

    /** Set in the reliability guest's environment; the tests that need it skip elsewhere and say where they run. */
    static final String RELIABILITY_ENV = "PANUMA_GUEST_SLOW";

    /**
     * The reliability guest's limit, boot included, times the host's measured slowdown
     * ({@link HostSlowdown}: 25 min idle, up to 100 min on a machine four times oversubscribed);
     * -Dpanuma.vm.reliabilityTimeoutMinutes overrides the base.
     */
    static final Duration RELIABILITY_TIMEOUT = HostSlowdown.scale(
            Duration.ofMinutes(Long.getLong("panuma.vm.reliabilityTimeoutMinutes", 25)));

    /**
     * Per guest, boot included; -Dpanuma.vm.timeoutMinutes overrides. A guest run takes 2-5 min
     * on an idle 2-core machine; the margin is for a machine shared with other TCG guests.
     */
    static final Duration GUEST_TIMEOUT = HostSlowdown.scale(
            Duration.ofMinutes(Long.getLong("panuma.vm.timeoutMinutes", 20)));

    @TestFactory
    Stream<DynamicNode> guestTests() throws IOException {
        Optional<String> unusable = NumaVm.unusableBecause();
        assumeTrue(unusable.isEmpty(), () -> "no NUMA VM on this machine: " + unusable.orElse(""));

        Path target = Paths.get("target").toAbsolutePath();
        GuestJUnit junit = new GuestJUnit(target);
        List<String> missing = junit.missingInputs();
        if (!missing.isEmpty()) {
            fail("QEMU is usable but the guest tests cannot run; missing: " + missing);
        }
        GuestClasspath.prepare(target);
        Path targets = TargetPrograms.build(Paths.get("integration-tests", "targets").toAbsolutePath(),
                target.resolve("vm-targets"));

        // -Dpanuma.vm.guests=REGEX boots only the guests it names, by kernel/topology or by topology
        // alone (e.g. 6.12/2-nodes, latest/.*, 2-nodes-reliability), for a targeted run; CI boots them all.
        String only = System.getProperty("panuma.vm.guests", ".*");
        List<Guest> selected = guests().stream()
                .filter(g -> g.key().matches(only) || g.topology().matches(only)).toList();
        // -Dpanuma.vm.guestTests=REGEX runs only the guest test classes it names (PANUMA_GUEST_TESTS of
        // run-guest-tests), for a targeted run of the general guests; the reliability guest keeps its own.
        String tests = System.getProperty("panuma.vm.guestTests");
        if (tests != null) {
            selected.stream().filter(g -> !g.topology().equals(RELIABILITY_GUEST))
                    .forEach(g -> g.vm().env("PANUMA_GUEST_TESTS", tests));
        }
        // Each kernel is fetched (once, cached) and named before any guest boots: every report
        // then says which release it ran on, "latest" included.
        Map<String, PreparedKernel> kernels = new LinkedHashMap<>();
        for (Guest g : selected) {
            kernels.computeIfAbsent(g.kernel(), PreparedKernel::of);
        }
        return selected.stream().map(g -> {
            PreparedKernel prepared = kernels.get(g.kernel());
            if (prepared.failure() != null) {
                return dynamicContainer("[" + g.key() + "]", Stream.of(dynamicTest("[" + g.key() + "] kernel "
                        + g.kernel() + " is fetched and prepared", () -> {
                            throw prepared.failure();
                        })));
            }
            NumaVm.Kernel kernel = prepared.kernel();
            String name = kernel.shortName() + "/" + g.topology();
            // Lazy: JUnit pulls this stream when it runs the container, so each guest boots in
            // turn, inside its own container's time and report.
            return dynamicContainer("[" + name + "] kernel " + kernel.release()
                            + (kernel.label().equals(kernel.shortName()) ? "" : " (" + kernel.label() + ")"),
                    Stream.of(g).flatMap(x -> guestNodes(junit, name, x, targets)));
        });
    }

    /** A prepared kernel, or why it could not be: then a failure of that kernel's guests alone. */
    record PreparedKernel(NumaVm.Kernel kernel, NumaVmException failure) {
        static PreparedKernel of(String label) {
            try {
                return new PreparedKernel(NumaVm.prepare(label), null);
            } catch (NumaVmException e) {
                return new PreparedKernel(null, e);
            }
        }
    }

    private static Stream<DynamicNode> guestNodes(GuestJUnit junit, String name, Guest guest, Path targets) {
        GuestJUnit.Run run;
        try {
            run = junit.run(guest.vm(), guest.dirName(), targets);
        } catch (NumaVmException e) {
            return Stream.of(dynamicTest("[" + name + "] guest boots and runs the tests", () -> {
                throw e;
            }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("[%s] kernel %s, guest boot %.2f s%s, whole run %.1f s, %d guest tests, JUnit exit %d%n", name,
                run.result().kernelRelease(), run.result().bootSeconds().orElse(Double.NaN),
                run.result().boots() > 1 ? " (second boot: the first failed, its console is in "
                        + run.reportsDir().resolveSibling("console-failed-boot.log") + ")" : "",
                run.result().wall().toMillis() / 1000.0, run.cases().size(), run.result().exitCode());

        List<DynamicNode> nodes = new ArrayList<>();
        if (run.cases().isEmpty()) {
            nodes.add(dynamicTest("[" + name + "] guest JUnit reported test cases", () ->
                    fail("the guest's JUnit run left no test cases in " + run.reportsDir() + "\n" + run.result())));
            return nodes.stream();
        }
        Map<String, List<DynamicNode>> byClass = new LinkedHashMap<>();
        for (GuestReport.TestCase c : run.cases()) {
            // The whole path in the name: reports that flatten dynamic tests still say which is which.
            String display = "[" + name + "] " + c.simpleClassName() + "." + c.name();
            byClass.computeIfAbsent(c.simpleClassName(), k -> new ArrayList<>()).add(dynamicTest(display, mirror(c)));
        }
        byClass.forEach((cls, tests) -> nodes.add(dynamicContainer(cls, tests.stream())));
        // A failure the report does not show (e.g. a crash of the launcher after the report)
        // must still fail the run.
        boolean reportedFailure = run.cases().stream().anyMatch(c -> c.outcome() == GuestReport.Outcome.FAILED);
        if (!reportedFailure) {
            nodes.add(dynamicTest("[" + name + "] guest JUnit exited 0", () ->
                    assertEquals(0, run.result().exitCode(), () -> "guest JUnit run:\n" + run.result())));
        }
        return nodes.stream();
    }

    /** Replays one guest outcome as this dynamic test's outcome. */
    private static org.junit.jupiter.api.function.Executable mirror(GuestReport.TestCase c) {
        return () -> {
            switch (c.outcome()) {
                case PASSED -> { }
                case SKIPPED -> Assumptions.abort(() -> "skipped in the guest: " + c.message());
                case FAILED -> throw new AssertionFailedError("in the guest: " + c.message() + "\n" + c.detail());
            }
        };
    }

}
