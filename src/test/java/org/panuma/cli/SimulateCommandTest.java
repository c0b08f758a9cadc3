package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class SimulateCommandTest {

    record Run(int exit, String out, String err) { }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PanumaCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Stream<String> scenarios() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("examples/scenarios"))) {
            return s.map(Path::toString).filter(n -> n.endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyExampleScenario_runsOnAllFourProfilesWithExplanations(String file) throws IOException {
        Run r = run("simulate", file, "--all-profiles");
        assertEquals(0, r.exit(), r.err());
        List<String> named = org.panuma.cli.scenario.ScenarioFile.profiles(new java.io.StringReader(Files.readString(Path.of(file))));
        for (String profile : new String[] {"v2.6.19", "v2.6.27", "v6.1", "v6.12"}) {
            boolean modelled = named.isEmpty() || named.contains(profile);
            assertEquals(modelled, r.out().contains("on simulated kernel " + profile + " ("), profile + " in\n" + r.out());
        }
        assertTrue(r.out().contains("vmstat:"), r.out());
    }

    @Test
    void allProfilesAndSeveralFiles_underJson_areOneDocument() throws Exception {
        List<String> files = scenarios().limit(2).toList();
        Run r = run("simulate", files.get(0), files.get(1), "--all-profiles", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(8, root.get("results").size(), "two files on four profiles");
        assertEquals("v2.6.19", root.get("results").get(0).get("profile").asText());
        assertEquals("v6.12", root.get("results").get(7).get("profile").asText());
        Run text = run("simulate", files.get(0), files.get(1));
        assertEquals(0, text.exit(), text.err());
        assertEquals(2, text.out().split("on simulated kernel", -1).length - 1, text.out());
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void jsonOutput_parsesAndNamesTheProfile(String file) throws Exception {
        Run r = run("simulate", file, "--profile", "v6.12", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals("v6.12", root.path("profile").asText());
        assertTrue(root.path("calls").isArray() && root.path("calls").size() > 0, r.out());
    }

    @Test
    void unknownProfile_isAUsageErrorNamingIt() {
        Run r = run("simulate", "examples/scenarios/busy-page.json", "--profile", "v5.99");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("'v5.99'"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void missingFile_isAUsageErrorNamingIt() {
        Run r = run("simulate", "no/such/scenario.json");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("no/such/scenario.json"), r.err());
    }

    @Test
    void malformedScenario_isAUsageErrorNamingTheFile(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"topology\": 3}");
        Run r = run("simulate", bad.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("bad.json"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }
}
