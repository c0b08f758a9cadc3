package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.panuma.api.JvmRegions;
import org.panuma.spi.JvmRegion;

/**
 * `--region java-heap` on a live JVM: the regions jcmd names, not the C heap. The target fills a
 * 32 MiB array, so the Java heap holds at least that much on a node.
 */
class JvmRegionsIT {
    static Process jvm;

    @BeforeAll
    static void start() throws Exception {
        jvm = heapToucher();
    }

    static Process heapToucher(String... flags) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-XX:+UseG1GC"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), HeapToucher.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", r.readLine());
        return p;
    }

    @Test
    void aJvmThatRefusesAttach_isSaidSo() throws Exception {
        Process closed = heapToucher("-XX:+DisableAttachMechanism");
        try {
            String pid = Long.toString(closed.pid());
            Run select = Run.of("where", pid, "--region", "java-heap");
            assertEquals(ExitCodes.PERMISSION_DENIED, select.exitCode, select.toString());
            assertTrue(select.err.contains("cannot attach to JVM " + pid), select.toString());
            Run named = Run.of("where", pid, "--jvm");
            assertEquals(0, named.exitCode, named.toString());
            assertTrue(named.out.contains("(JVM regions unknown: cannot attach to JVM " + pid), named.toString());
        } finally {
            closed.getOutputStream().close();
            closed.waitFor();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (jvm != null) {
            jvm.getOutputStream().close();
            assertEquals(0, jvm.waitFor());
        }
    }

    @Test
    void javaHeap_selectsTheRegionsInsideTheHeapJcmdNames_holdingTheArray() throws Exception {
        String pid = Long.toString(jvm.pid());
        List<JvmRegion> named = JvmRegions.of((int) jvm.pid());
        JvmRegion heap = named.stream().filter(j -> j.name().equals("java-heap")).findFirst().orElseThrow();
        assertEquals(128L << 20, heap.end() - heap.start(), "-Xmx128m");
        Run run = Run.of("where", pid, "--region", "java-heap", "--json");
        assertEquals(0, run.exitCode, run.toString());
        JsonNode root = run.json();
        assertTrue(root.get("regions").size() >= 1, root.toString());
        for (JsonNode r : root.get("regions")) {
            long s = Long.parseUnsignedLong(r.get("start").asText().substring(2), 16);
            assertTrue(heap.overlaps(s, s + 1), "inside the heap: " + r);
        }
        assertTrue(root.get("totals").get("bytesByNode").get("0").asLong() >= 32L << 20, root.toString());
        Run cHeap = Run.of("where", pid, "--region", "heap", "--json");
        assertTrue(cHeap.json().get("totals").get("bytesByNode").path("0").asLong() < 32L << 20,
                "[heap] is the C heap: " + cHeap.out);
        Run code = Run.of("where", pid, "--region", "code-cache,metaspace", "--regions");
        assertEquals(0, code.exitCode, code.toString());
    }

    @Test
    void jvm_namesTheRegions_inTheSummaryTheTableAndJson() throws Exception {
        String pid = Long.toString(jvm.pid());
        Run summary = Run.of("where", pid, "--jvm");
        assertEquals(0, summary.exitCode, summary.toString());
        java.util.Map<String, Double> rows = NumastatComparisonIT.numastatRows(summary.out);
        assertTrue(rows.get("java-heap") >= 32, "the 32 MiB array, in MB: " + summary.out);
        assertTrue(rows.get("code-cache") > 0, summary.out);
        Run table = Run.of("where", pid, "--jvm", "--regions");
        assertTrue(table.out.contains("[java-heap]"), table.out);
        assertTrue(table.out.contains("[code-cache]"), table.out);
        JsonNode j = Run.of("where", pid, "--jvm", "--json").json().get("jvm");
        assertEquals("java-heap", j.get("regions").get(0).get("name").asText(), j.toString());
        assertTrue(j.get("regions").get(0).get("bytesByNode").get("0").asLong() >= 32L << 20, j.toString());
        Run plain = Run.of("where", pid);
        assertTrue(plain.out.contains("(a JVM: --jvm names its Java heap"), plain.out);
    }
}
