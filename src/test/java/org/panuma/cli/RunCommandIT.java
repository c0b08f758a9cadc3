package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `panuma run` in a child JVM (the command replaces the process that runs it, so never in the
 * test's own): the command keeps the JVM's pid, stdin, stdout and exit code, and starts under the
 * policy and CPUs asked for, as /proc/self of the command shows. On this host's node 0; the
 * 2-node placement is checked in the NUMA guest (RunUnderPolicyGuestTest).
 */
class RunCommandIT {
    @org.junit.jupiter.api.io.TempDir
    static Path dir;

    /** The Java release from which the jar's FFM backend runs (JNA before it). */
    static final int FFM_FEATURE = 23;

    record Result(long pid, int exitCode, String out, String err) {
    }

    static Result run(String backend, String stdin, String... args) throws Exception {
        Path jar = Path.of("target/panuma.jar").toAbsolutePath();
        assumeTrue(Files.isReadable(jar), "the shaded jar " + jar + " is not built (run mvn package)");
        assumeTrue(!backend.equals("ffm") || Runtime.version().feature() >= FFM_FEATURE,
                "the FFM backend needs Java " + FFM_FEATURE + "+");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Runtime.version().feature() >= FFM_FEATURE) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-jar", jar.toString(), "run", "--backend", backend));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(new File("/")).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child did not end: " + cmd);
        }
        return new Result(p.pid(), p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ffm", "jna"})
    void command_replacesPanuma_keepingPidStdioAndExitCode(String backend) throws Exception {
        Result r = run(backend, "from stdin\n", "--membind=0", "--", "sh", "-c",
                "echo pid=$$; read line; echo got=$line; echo to-stderr >&2; exit 7");
        assertEquals(7, r.exitCode(), r.toString());
        assertTrue(r.out().contains("pid=" + r.pid() + "\n"), "the shell runs as the JVM's own pid " + r.pid()
                + ": " + r);
        assertTrue(r.out().contains("got=from stdin\n"), r.toString());
        assertEquals("to-stderr\n", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ffm", "jna"})
    void membind_andPhyscpubind_governTheCommandFromItsFirstPage(String backend) throws Exception {
        Result r = run(backend, "", "--membind=0", "--physcpubind=0", "sh", "-c",
                "grep -E '^(Cpus_allowed_list|SigBlk)' /proc/self/status; grep ' heap ' /proc/self/numa_maps");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("Cpus_allowed_list:\t0\n"), r.toString());
        assertTrue(r.out().contains("SigBlk:\t0000000000000000\n"), "no signal blocked by the JVM's thread: " + r);
        assertTrue(r.out().matches("(?s).* bind:0 heap .*N0=\\d+.*"), "the heap is under bind:0: " + r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--interleave=0:interleave:0", "--preferred=0:prefer:0", "--localalloc:local"})
    void eachPolicyOption_isWhatNumaMapsShows(String optionAndPolicy) throws Exception {
        String[] parts = optionAndPolicy.split(":", 2);
        Result r = run("auto", "", parts[0], "--", "grep", " heap ", "/proc/self/numa_maps");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains(" " + parts[1] + " heap "), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ffm", "jna"})
    void aNodeThatDoesNotExist_failsBeforeExec_naming(String backend) throws Exception {
        Result r = run(backend, "", "--membind=63", "--", "sh", "-c", "echo started");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        assertFalse(r.out().contains("started"), r.toString());
        assertTrue(r.err().contains("node 63 in '63' does not exist"), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ffm", "jna"})
    void missingAndNonExecutableCommands_areTheShellsExitCodes(String backend) throws Exception {
        Result missing = run(backend, "", "-l", "no-such-program-4c1e");
        assertEquals(ExitCodes.COMMAND_NOT_FOUND, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("no-such-program-4c1e: command not found"), missing.toString());
        Path text = Files.writeString(dir.resolve("not-a-program"), "just text\n");
        Files.setPosixFilePermissions(text, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Result notExecutable = run(backend, "", "-l", text.toString());
        assertEquals(ExitCodes.COMMAND_NOT_EXECUTABLE, notExecutable.exitCode(), notExecutable.toString());
        assertTrue(notExecutable.err().contains("cannot execute " + text + ": EACCES"), notExecutable.toString());
    }

    @org.junit.jupiter.api.Test
    void twoPolicies_areAUsageError() throws Exception {
        Result r = run("auto", "", "--membind=0", "--interleave=0", "true");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--membind and --interleave: give at most one memory policy"), r.toString());
    }

    @org.junit.jupiter.api.Test
    void theSimBackend_refusesToRunACommandUnplaced() throws Exception {
        Result r = run("sim", "", "--membind=0", "--", "sh", "-c", "echo started");
        assertEquals(ExitCodes.BACKEND_UNAVAILABLE, r.exitCode(), r.toString());
        assertFalse(r.out().contains("started"), r.toString());
        assertTrue(r.err().contains("use --backend ffm or jna"), r.toString());
    }
}
