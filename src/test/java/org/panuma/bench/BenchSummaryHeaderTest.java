package org.panuma.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated header of BENCHMARKS.md's tables (integration-tests/bench/summarize) names the
 * guest kernel of the run, and says when a run booted no guest (the host-only suites merged into
 * an earlier run's tables) instead of printing an empty name.
 */
class BenchSummaryHeaderTest {
    private static final String ROW = "suite,case,contender,rep,metric,value\n"
            + "startup-host,nodes,panuma,1,seconds,0.07\n";

    @TempDir
    Path dir;

    @Test
    void aHostOnlyRun_saysItBootedNoGuest_andNamesTheMergedRunsKernel() throws Exception {
        String header = header("""
                {"date": "2026-12-01T00:00:00Z", "commit": "abc1234", "guestKernel": "", "repeats": 15,
                 "merged": 1, "suites": "startup-host",
                 "previous": {"date": "2026-11-30T23:33:14Z", "commit": "df1501e", "guestKernel": "6.1.0-57-amd64",
                              "repeats": 5, "hostLoad": "4.57 3.77 3.50"}}
                """);

        assertTrue(header.contains("; no guest booted in this run;"), header);
        assertTrue(header.contains("guest kernel 6.1.0-57-amd64 under QEMU/TCG, 5 repetitions"), header);
        assertFalse(header.contains("guest kernel  "), header);
    }

    @Test
    void aGuestRun_namesItsKernel() throws Exception {
        String header = header("""
                {"date": "2026-12-01T00:00:00Z", "commit": "abc1234", "guestKernel": "6.12.117+deb13-amd64",
                 "repeats": 24}
                """);

        assertTrue(header.contains("; guest kernel 6.12.117+deb13-amd64 under QEMU/TCG;"), header);
    }

    @Test
    void aKernelsOnlyRun_pointsToItsTable() throws Exception {
        String header = header("""
                {"date": "2026-12-01T00:00:00Z", "commit": "abc1234", "guestKernel": "", "repeats": 5,
                 "suites": "kernels", "kernels": "6.12", "kernelRepeats": 24}
                """);

        assertTrue(header.contains("; no guest for items 1-5; the kernels suite's guests (6.12, 24 repetitions) are"
                + " named in its table;"), header);
    }

    /** The first line of tables.md that summarize writes for these results. */
    private String header(String meta) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs python3");
        Files.writeString(dir.resolve("meta.json"), meta);
        Files.writeString(dir.resolve("results.csv"), ROW);
        Process p = new ProcessBuilder("python3", "integration-tests/bench/summarize", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "summarize did not finish");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("out.txt")));
        return Files.readAllLines(dir.resolve("tables.md"), StandardCharsets.UTF_8).get(0);
    }
}
