package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * {@code where} over a target of 60,000 mappings in a small heap. smaps (70 MB of text here) is
 * parsed as it is read, so what is held grows with the mappings' entries, not with the file (on
 * the code that read the file whole, the text table ended in an OutOfMemoryError in 96 MiB). The
 * outputs that grow with the mappings, {@code --json} (19 MB here) and the {@code --html} table
 * (21 MB), are written as they go: built whole, the JSON ran out of 96 MiB and the page out of
 * 64 MiB.
 */
class ManyMappingsIT {
    static final int MAPPINGS = 60_000;

    @TempDir
    static Path dir;
    private static Process target;

    @BeforeAll
    static void startTarget() throws Exception {
        // One read with a big buffer: a sysctl file answers a read that starts past 0 with EOF, so
        // Files.readString (which reads a "0-byte" /proc file a byte at a time first) sees "6".
        long maxMapCount = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/vm/max_map_count")).get(0).strip());
        assumeTrue(maxMapCount > MAPPINGS + 1000, "vm.max_map_count is " + maxMapCount);
        Path exe = dir.resolve("many-mappings");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-O2", "-o", exe.toString(), "integration-tests/targets/many-mappings.c")
                    .inheritIO().start();
        } catch (IOException e) {
            assumeTrue(false, "gcc is not installed: " + e.getMessage());
            return;
        }
        assertEquals(0, gcc.waitFor());
        target = new ProcessBuilder(exe.toString(), Integer.toString(MAPPINGS)).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine(), "the target mapped its memory");
    }

    @AfterAll
    static void stopTarget() {
        if (target != null) {
            target.destroy();
        }
    }

    /** Runs panuma in its own JVM with the heap given, standard output into {@code stdout}; returns stderr. */
    private static String where(String heap, Path stdout, String... more) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "--enable-native-access=ALL-UNNAMED", "-jar",
                Path.of("target/panuma.jar").toAbsolutePath().toString(), "where", Long.toString(target.pid())));
        cmd.addAll(List.of(more));
        Process where = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).start();
        String err = new String(where.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(where.waitFor(10, TimeUnit.MINUTES), "where finished");
        String shown = err.substring(0, Math.min(2000, err.length()));
        assertFalse(err.contains("OutOfMemoryError"), shown);
        assertEquals(0, where.exitValue(), shown);
        return err;
    }

    @Test
    void where_over60000Mappings_runsInA96MiBHeap() throws Exception {
        Path out = dir.resolve("table.txt");
        where("-Xmx96m", out);
        assertTrue(Files.readAllLines(out).stream().anyMatch(l -> l.startsWith("Total")), "the summary's total row");
    }

    @Test
    void jsonSvgAndHtml_over60000Mappings_areWrittenWhole_inA64MiBHeap() throws Exception {
        Path json = dir.resolve("where.json");
        Path svg = dir.resolve("map.svg");
        Path html = dir.resolve("map.html");
        where("-Xmx64m", json, "--json", "--svg", svg.toString(), "--html", html.toString());

        int regions = jsonRegions(json);
        assertTrue(regions >= MAPPINGS, regions + " regions in the JSON");

        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", d.getDocumentElement().getTagName());
        assertTrue(d.getElementsByTagName("g").getLength() > 0, "cells drawn");

        String page = Files.readString(html);
        assertTrue(page.endsWith("</body></html>\n"), "the page is complete");
        Matcher rows = Pattern.compile("<tr data-region=\"").matcher(page);
        int n = 0;
        while (rows.find()) {
            n++;
        }
        assertEquals(regions, n, "a table row per region of the JSON");
        int from = page.indexOf("<svg ");
        int to = page.indexOf("</svg>\n") + "</svg>".length();
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(
                page.substring(from, to).getBytes(StandardCharsets.UTF_8)));
    }

    /** The JSON read to its end as a stream (a tree of it would be large): its regions, after checking the whole shape. */
    private static int jsonRegions(Path json) throws IOException {
        List<String> fields = new ArrayList<>();
        int regions = 0;
        try (JsonParser p = new ObjectMapper().getFactory().createParser(json.toFile())) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                fields.add(name);
                JsonToken value = p.nextToken();
                if (name.equals("regions")) {
                    assertEquals(JsonToken.START_ARRAY, value);
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        p.skipChildren();
                        regions++;
                    }
                } else {
                    p.skipChildren();
                }
            }
            assertEquals(null, p.nextToken(), "nothing after the document");
        }
        assertEquals(List.of("pid", "command", "user", "basePageSize", "regions", "totals", "usage", "elapsedNanos"),
                fields);
        return regions;
    }
}
