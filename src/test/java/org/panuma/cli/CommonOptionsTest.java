package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command takes the shared options, and one that does not apply says so, naming the value. */
class CommonOptionsTest {
    @Test
    void everyCommandOfPanumaTakesTheCommonOptions() {
        Set<String> without = new TreeSet<>();
        CommandLine root = PanumaCli.commandLine();
        root.getSubcommands().forEach((name, sub) -> {
            boolean has = sub.getCommandSpec().mixins().values().stream()
                    .anyMatch(m -> m.userObject() instanceof CommonOptions);
            // picocli's own `help` prints usage and takes no options.
            if (!has && !(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                without.add(name);
            }
        });
        assertEquals(Set.of(), without, "commands without the CommonOptions mixin");
    }

    @Test
    void simulateRefusesANativeBackend() {
        SimulateCommandTest.Run r = SimulateCommandTest.run("simulate", "examples/scenarios/busy-page.json",
                "--backend", "ffm");
        assertEquals(ExitCodes.USAGE, r.exit(), r.out());
        assertTrue(r.err().contains("--backend ffm"), r.err());
    }

    @Test
    void simulateTakesTheSimulatedBackendAndDebug() {
        SimulateCommandTest.Run r = SimulateCommandTest.run("simulate", "examples/scenarios/busy-page.json",
                "--backend", "sim", "--debug");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("on simulated kernel"), r.out());
    }

    @Test
    void demoRefusesJsonAndASimulatedBackendForRealMode() {
        SimulateCommandTest.Run json = SimulateCommandTest.run("demo", "--mode", "sim", "--mib", "1", "--json");
        assertEquals(ExitCodes.USAGE, json.exit(), json.out());
        assertTrue(json.err().contains("--json"), json.err());
        SimulateCommandTest.Run real = SimulateCommandTest.run("demo", "--mode", "real", "--backend", "sim");
        assertEquals(ExitCodes.USAGE, real.exit(), real.out());
        assertTrue(real.err().contains("--backend sim") && real.err().contains("--mode real"), real.err());
    }

    @Test
    void demoWithTheSimulatedBackendRunsTheSimulatedDemo() {
        SimulateCommandTest.Run r = SimulateCommandTest.run("demo", "--backend", "sim", "--mib", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("demo: SIMULATED"), r.out());
        assertTrue(r.out().contains("moved 256 of 256 pages"), r.out());
        assertTrue(r.out().contains("pages whose data changed: 0"), r.out());
    }
}
