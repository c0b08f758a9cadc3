package org.panuma.vm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link NumaVm} asks integration-tests/numa-vm for (the boots themselves are NumaVmIT's). */
class NumaVmTest {

    @Test
    void memoryOnlyNodes_arePassedToTheLauncherAndCoveredByTheDefaultDistances() {
        NumaVm vm = NumaVm.builder().nodes(2).memoryOnlyNodes(1).build();
        List<String> argv = vm.commandLine(Path.of("/r"), List.of("true"));
        int i = argv.indexOf("--memory-only-nodes");
        assertTrue(i > 0, () -> argv.toString());
        assertEquals("1", argv.get(i + 1));
        assertEquals(3, vm.allNodes());
        assertArrayEquals(new int[][] {{10, 20, 20}, {20, 10, 20}, {20, 20, 10}}, vm.distances());
        assertEquals("kernel 6.1, 2 nodes x 512 MiB, 1 cpu/node, +1 memory-only node", vm.describe());
    }

    @Test
    void aDistanceMatrixMustCoverTheMemoryOnlyNodes() {
        NumaVm.Builder b = NumaVm.builder().nodes(2).memoryOnlyNodes(1).distances(new int[][] {{10, 20}, {20, 10}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertEquals("distances has 2 rows for 3 nodes", e.getMessage());
    }

    @Test
    void negativeMemoryOnlyNodeCount_isRejectedByValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NumaVm.builder().memoryOnlyNodes(-1));
        assertEquals("memoryOnlyNodes must be >= 0: -1", e.getMessage());
    }

    @Test
    void theKernelIsPassedToTheLauncher_6_1ByDefault() {
        assertEquals("6.1", flag(NumaVm.builder().build(), "--kernel"));
        assertEquals("latest", flag(NumaVm.builder().kernel("latest").build(), "--kernel"));
        assertEquals("45", flag(NumaVm.builder().bootTimeout(java.time.Duration.ofSeconds(45)).build(), "--boot-timeout"));
    }

    @Test
    void anUnknownKernel_isRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NumaVm.builder().kernel("5.10"));
        assertEquals("unknown guest kernel '5.10': one of [6.1, 6.12, latest]", e.getMessage());
    }

    @Test
    void kernelShortName_isTheReleasesMajorAndMinor() {
        assertEquals("7.2", new NumaVm.Kernel("latest", "7.2.13+deb14-amd64").shortName());
        assertEquals("6.12", new NumaVm.Kernel("6.12", "6.12.117+deb13-amd64").shortName());
        assertEquals("6.1", new NumaVm.Kernel("6.1", "6.1.0-57-amd64").shortName());
    }

    private static String flag(NumaVm vm, String name) {
        List<String> argv = vm.commandLine(Path.of("/r"), List.of("true"));
        return argv.get(argv.indexOf(name) + 1);
    }
}
