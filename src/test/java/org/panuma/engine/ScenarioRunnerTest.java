package org.panuma.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.panuma.cli.scenario.ScenarioException;
import org.panuma.cli.scenario.ScenarioFile;
import org.panuma.cli.scenario.ScenarioJson;
import org.panuma.engine.explain.Explanation;
import org.panuma.engine.scenario.ScenarioResult;

class ScenarioRunnerTest {
    static Stream<Arguments> examplesOnAllProfiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("examples/scenarios"))) {
            return files.sorted().toList().stream()
                    .flatMap(f -> Stream.of(KernelProfile.values()).map(p -> Arguments.of(f, p)));
        }
    }

    @ParameterizedTest
    @MethodSource("examplesOnAllProfiles")
    void everyExampleRunsOnEveryProfileWithAReasonPerEntry(Path file, KernelProfile p) throws IOException {
        ScenarioResult r = ScenarioFile.run(new StringReader(Files.readString(file)), p.id());
        assertEquals(p.id(), r.profile());
        assertTrue(r.calls().size() >= 2);
        r.calls().forEach(c -> c.entries().forEach(e -> assertTrue(!e.reason().isBlank() && !e.reason().equals("no decision recorded"),
                file + " " + p + " entry " + e)));
        assertTrue(r.toText().contains("simulated kernel " + p.id()));
        assertEquals(r.calls().size(), ScenarioJson.toJson(r).get("calls").size());
        // nr_isolated_* are gauges: whatever a call isolated it has put back or freed when it returns.
        r.calls().forEach(c -> {
            assertEquals(0L, c.vmstat().getOrDefault("nr_isolated_anon", 0L), file + " " + p + " " + c.call());
            assertEquals(0L, c.vmstat().getOrDefault("nr_isolated_file", 0L), file + " " + p + " " + c.call());
        });
    }

    @Test
    void busyPage_onV61_explainsTheRefcountAndTheUnwrittenRun() throws IOException {
        ScenarioResult r = ScenarioFile.run(new StringReader(Files.readString(Path.of("examples/scenarios/busy-page.json"))), null);
        ScenarioResult.CallOutcome first = r.calls().get(1);
        assertEquals(1, first.returnValue());
        ScenarioResult.Entry pinned = first.entries().get(2);
        assertNull(pinned.status());
        assertEquals(Explanation.Outcome.NOT_WRITTEN, pinned.outcome());
        assertEquals(10, pinned.pass());
        assertTrue(pinned.reason().contains("refcount 2, expected 1: someone else holds the page"), pinned.reason());
        assertTrue(pinned.reason().contains("gave up after 10 passes"), pinned.reason());
        assertEquals(java.util.List.of("entries 0..7: 1 page(s) not migrated; the call stops, their status and that of "
                + "every later entry stay as they were"), first.notes());
        assertEquals(7L, first.vmstat().get("pgmigrate_success"));
        assertEquals(1L, first.vmstat().get("pgmigrate_fail"));
        ScenarioResult.CallOutcome second = r.calls().get(0);
        assertEquals(0, second.returnValue());
        assertEquals(4, second.entries().get(0).pass(), "the locked page moves once pass 4 waits for the lock");
    }

    @Test
    void busyPage_onTheSeed_writesEagainForThePinnedPage() throws IOException {
        ScenarioResult r = ScenarioFile.run(new StringReader(Files.readString(Path.of("examples/scenarios/busy-page.json"))), "v2.6.27");
        ScenarioResult.Entry pinned = r.calls().get(1).entries().get(2);
        assertEquals(-11, pinned.status());
        assertEquals(Explanation.Outcome.FAILED, pinned.outcome());
    }

    @Test
    void badScenario_namesTheField() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioFile.run(new StringReader(
                "{\"tasks\":[{\"pid\":1,\"vmas\":[{\"name\":\"h\",\"start\":\"0x1000\",\"pages\":1,\"populate\":[{\"state\":\"bogus\"}]}]}],\"calls\":[]}"), null));
        assertTrue(e.getMessage().contains("tasks[0].vmas[0].populate[0].state"), e.getMessage());
    }
}
