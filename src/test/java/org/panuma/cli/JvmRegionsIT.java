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
import org.panuma.os.JvmRegion;

/**
 * `--region java-heap` on a live JVM: the regions jcmd names, not the C heap. The target fills a
 * 32 MiB array, so the Java heap holds at least that much on a node.
 */
class JvmRegionsIT {
    static Process jvm;

    @BeforeAll
    static void start() throws Exception {
        jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"), HeapToucher.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", r.readLine());
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
}
