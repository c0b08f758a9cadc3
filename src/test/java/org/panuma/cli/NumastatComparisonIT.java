package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * panuma's numastat views against numastat itself (Debian's numactl package, installed by
 * ./run-tests): `where` against numastat -p on a live target, `stat` against numastat and
 * numastat -m. Skipped where numastat is not installed.
 */
class NumastatComparisonIT {
    /** A row may differ by the target's own churn between the two reads: well under a MB here. */
    static final double CHURN_MB = 0.25;

    @TempDir
    static Path dir;
    static LiveTarget target;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/numastat")), "numastat (Debian package numactl) is needed");
        target = LiveTarget.start(dir, 64, 256);
    }

    @AfterAll
    static void stop() throws Exception {
        if (target != null) {
            assertEquals(0, target.stop());
        }
    }

    @Test
    void whereSummary_matchesNumastatP_rowByRow() throws Exception {
        Map<String, Double> numastat = numastatRows(numastat("-p", Integer.toString(target.pid())));
        Run run = Run.of("where", Integer.toString(target.pid()));
        assertEquals(0, run.exitCode, run.toString());
        Map<String, Double> panuma = numastatRows(run.out);
        assertTrue(run.out.startsWith("Per-node process memory usage (in MBs) for PID " + target.pid()), run.out);
        for (String row : List.of("Huge", "Heap", "Stack", "Total")) {
            assertEquals(numastat.get(row), panuma.get(row), CHURN_MB, row + "\nnumastat:\n" + numastat + "\npanuma:\n"
                    + run.out);
        }
        // numastat's Private is everything else: panuma splits it into Private, File and Shm.
        assertEquals(numastat.get("Private"), panuma.get("Private") + panuma.get("File") + panuma.get("Shm"), CHURN_MB,
                run.out);
        assertTrue(panuma.get("Heap") >= 64 * 4096 / (double) (1 << 20) - 0.01, "the target's 64 heap pages: " + run.out);
        assertTrue(panuma.get("Shm") >= 8 * 4096 / (double) (1 << 20) - 0.01, "the target's 8 shm pages: " + run.out);
    }

    /**
     * The summary counts numa_maps as numastat does, with no system call; `--json` queries every
     * page. Both give the same bytes of every kind, except that the query also places the
     * kernel's own pages of [vdso] on a node, which numa_maps leaves out.
     */
    @Test
    void whereSummary_isThePageByPageCount_withoutTheVdso() throws Exception {
        String pid = Integer.toString(target.pid());
        Map<String, Double> text = numastatRows(Run.of("where", pid, "--bytes").out);
        JsonNode json = Run.of("where", pid, "--json").json();
        JsonNode usage = json.get("usage");
        long vdso = 0;
        for (JsonNode region : json.get("regions")) {
            if (region.get("kind").asText().equals("vdso")) {
                for (JsonNode pages : region.get("pagesByNode")) {
                    vdso += pages.asLong() * region.get("pageSize").asLong();
                }
            }
        }
        for (String row : List.of("Huge", "Heap", "Stack", "Private", "File", "Shm")) {
            long queried = 0;
            if (usage.has(row)) {
                for (JsonNode bytes : usage.get(row)) {
                    queried += bytes.asLong();
                }
            }
            long expected = row.equals("Private") ? queried - vdso : queried;
            assertEquals((double) expected, text.get(row), 0.0, row + ": text " + text + ", queried " + usage);
        }
    }

    @Test
    void whereSummary_inPagesAndBytes_areTheSameMemory() {
        String pid = Integer.toString(target.pid());
        JsonNode json = Run.of("where", pid, "--json").json();
        long heapBytes = json.get("usage").get("Heap").get("0").asLong();
        Run pages = Run.of("where", pid, "--pages");
        Run bytes = Run.of("where", pid, "--bytes");
        assertTrue(pages.out.contains("(in pages)"), pages.out);
        assertTrue(bytes.out.contains("(in bytes)"), bytes.out);
        assertEquals(heapBytes / 4096.0, numastatRows(pages.out).get("Heap"), 16, pages.out);
        assertEquals(heapBytes, numastatRows(bytes.out).get("Heap"), 16 * 4096, bytes.out);
    }

    @Test
    void stat_countersLieBetweenTwoReadsOfNumastat() throws Exception {
        Map<String, Double> before = numastatRows(numastat());
        JsonNode stat = Run.of("stat", "--json").json();
        Map<String, Double> after = numastatRows(numastat());
        JsonNode node0 = stat.get("nodes").get(0).get("counters");
        for (String c : List.of("numa_hit", "numa_miss", "numa_foreign", "interleave_hit", "local_node", "other_node")) {
            long v = node0.get(c).asLong();
            assertTrue(before.get(c) <= v && v <= after.get(c), c + ": numastat " + before.get(c) + " then "
                    + after.get(c) + ", panuma " + v);
        }
        Run text = Run.of("stat");
        assertTrue(text.out.lines().anyMatch(l -> l.startsWith("numa_hit ")), text.out);
    }

    @Test
    void statMeminfo_matchesNumastatM() throws Exception {
        Map<String, Double> numastat = numastatRows(numastat("-m"));
        Run run = Run.of("stat", "-m");
        assertEquals(0, run.exitCode, run.toString());
        Map<String, Double> panuma = numastatRows(run.out);
        assertEquals(numastat.get("MemTotal"), panuma.get("MemTotal"), 0.005, run.out);
        assertEquals(numastat.get("HugePages_Total"), panuma.get("HugePages_Total"), 0.005, run.out);
        assertEquals(numastat.get("MemFree"), panuma.get("MemFree"), 256, "free memory moves with the host's load");
    }

    /** Rows of a numastat-shaped table: label, then numbers; the last number (Total) is kept. */
    static Map<String, Double> numastatRows(String text) {
        Map<String, Double> rows = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w.length >= 2) {
                try {
                    rows.put(w[0], Double.parseDouble(w[w.length - 1]));
                } catch (NumberFormatException header) {
                    // a heading or a rule
                }
            }
        }
        return rows;
    }

    private static String numastat(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/numastat"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }
}
