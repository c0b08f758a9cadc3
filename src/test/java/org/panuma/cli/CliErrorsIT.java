package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets the right named exit code and a message naming the bad value, never a stack trace. */
class CliErrorsIT {
    @TempDir
    static Path dir;
    static LiveTarget target;
    static String pid;

    @BeforeAll
    static void start() throws Exception {
        target = LiveTarget.start(dir, 8, 16);
        pid = Integer.toString(target.pid());
    }

    @AfterAll
    static void stop() throws Exception {
        if (target != null) {
            assertEquals(0, target.stop());
        }
    }

    @org.junit.jupiter.api.Test
    void simBackend_onALiveProcess_saysItHoldsOnlyItsOwnProcess_notThatThePidIsGone() {
        fails(ExitCodes.USAGE, "is a live process of this host", "where", pid, "--backend", "sim");
        fails(ExitCodes.USAGE, "is a live process of this host", "move", pid, "--to", "0", "--backend", "sim");
        fails(ExitCodes.USAGE, "is a live process of this host", "migrate", pid, "0", "0", "--backend", "sim");
        Run run = Run.of("where", pid, "--backend", "sim");
        assertFalse(run.err.contains("No process has that pid"), run.toString());
    }

    @org.junit.jupiter.api.Test
    void underJson_errorsAreOneJsonObjectOnStderr_parseAndExecutionAlike() throws Exception {
        for (String[] args : new String[][] {
                {"where", "2147483646", "--json"},                  // no such process: execution
                {"move", pid, "--to", "99", "--json"},              // a node that does not exist: usage
                {"move", pid, "--json", "--bogus"},                 // unknown option: found while parsing
                {"migrate", pid, "0", "--json"}}) {                 // a missing parameter: parsing
            Run run = Run.of(args);
            assertTrue(run.exitCode != 0, run.toString());
            assertEquals("", run.out, run.toString());
            com.fasterxml.jackson.databind.JsonNode e = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(run.err).get("error");
            assertEquals(run.exitCode, e.get("exitCode").asInt(), run.toString());
            assertFalse(e.get("message").asText().isBlank(), run.toString());
        }
        Run plain = Run.of("where", "2147483646");
        assertTrue(plain.err.startsWith("panuma: "), "text without --json: " + plain);
    }

    private static void fails(int code, String named, String... args) {
        Run run = Run.of(args);
        assertEquals(code, run.exitCode, run.toString());
        assertTrue(run.err.contains(named), "the message names " + named + ": " + run.err);
        assertFalse(run.err.contains("\tat "), "no stack trace without --debug: " + run.err);
        assertEquals("", run.out, "nothing on stdout");
    }

    @Test
    void pidWithNoProcess_isNoSuchProcess() {
        fails(ExitCodes.NO_SUCH_PROCESS, "2147483646", "where", "2147483646");
        fails(ExitCodes.NO_SUCH_PROCESS, "2147483646", "move", "2147483646", "--to", "0");
        fails(ExitCodes.NO_SUCH_PROCESS, "2147483646", "migrate", "2147483646", "0", "0");
        fails(ExitCodes.NO_SUCH_PROCESS, "2147483646", "policy", "2147483646");
    }

    @Test
    void patternMatchingNothing_isNoSuchProcess() {
        fails(ExitCodes.NO_SUCH_PROCESS, "no-such-program-4c1e", "where", "no-such-program-4c1e");
    }

    @Test
    void pidOutOfRange_isAUsageError() {
        fails(ExitCodes.USAGE, "99999999999", "where", "99999999999");
    }

    @Test
    void badNodes_areUsageErrors_namingThem() {
        fails(ExitCodes.USAGE, "node 7", "move", pid, "--to", "7");
        fails(ExitCodes.USAGE, "'x'", "move", pid, "--to", "x");
        fails(ExitCodes.USAGE, "'0-'", "move", pid, "--to", "0", "--from", "0-");
        fails(ExitCodes.USAGE, "node 3", "migrate", pid, "3", "0");
    }

    @Test
    void badRangesRegionsAndAddresses_areUsageErrors_namingThem() {
        fails(ExitCodes.USAGE, "0x10-0x5", "where", pid, "--range", "0x10-0x5");
        fails(ExitCodes.USAGE, "'zz'", "where", pid, "--range", "zz");
        fails(ExitCodes.USAGE, "'heep'", "where", pid, "--region", "heep");
        fails(ExitCodes.USAGE, "'0xnope'", "move", pid, "--to", "0", "--addresses", "0x1000,0xnope");
        fails(ExitCodes.USAGE, "--threads", "move", pid, "--to", "0", "--threads", "0");
        fails(ExitCodes.USAGE, "--rate", "move", pid, "--to", "0", "--rate", "-5");
    }

    @Test
    void missingTarget_orUnknownOption_isAUsageError() {
        assertEquals(ExitCodes.USAGE, Run.of("move", pid).exitCode);
        assertEquals(ExitCodes.USAGE, Run.of("where").exitCode);
        assertEquals(ExitCodes.USAGE, Run.of("where", pid, "--bogus").exitCode);
    }

    @Test
    void debug_showsTheStackTrace() {
        Run run = Run.of("where", "2147483646", "--debug");
        assertEquals(ExitCodes.NO_SUCH_PROCESS, run.exitCode);
        assertTrue(run.err.contains("\tat "), run.err);
    }

    @Test
    void everyCommandsHelp_showsExamplesAndExitCodes() {
        for (String cmd : new String[] {"nodes", "where", "move", "migrate", "policy"}) {
            Run run = Run.of(cmd, "--help");
            assertEquals(0, run.exitCode, cmd);
            assertTrue(run.out.contains("Examples:"), cmd + ": " + run.out);
            assertTrue(run.out.contains("no such process"), cmd + ": " + run.out);
            assertTrue(run.out.contains("panuma " + cmd), cmd + ": " + run.out);
        }
    }
}
