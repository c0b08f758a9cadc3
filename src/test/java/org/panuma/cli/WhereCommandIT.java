package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panuma.spi.KernelRelease;

/** `panuma where` against a live C target on this host (its memory is on node 0). */
class WhereCommandIT {
    @TempDir
    static Path dir;
    static LiveTarget target;

    @BeforeAll
    static void start() throws Exception {
        target = LiveTarget.start(dir, 64, 256);
    }

    @AfterAll
    static void stop() throws Exception {
        if (target != null) {
            assertEquals(0, target.stop(), "the target must survive being looked at");
        }
    }

    static JsonNode regionContaining(JsonNode root, long address) {
        for (JsonNode r : root.get("regions")) {
            long s = Long.parseUnsignedLong(r.get("start").asText().substring(2), 16);
            long e = Long.parseUnsignedLong(r.get("end").asText().substring(2), 16);
            if (Long.compareUnsigned(address, s) >= 0 && Long.compareUnsigned(address, e) < 0) {
                return r;
            }
        }
        throw new AssertionError("no region holds 0x" + Long.toHexString(address) + " in " + root);
    }

    @Test
    void json_hasOneEntryPerRegion_withKindsPathsAndPagesOnNode0() {
        Run run = Run.of("where", Integer.toString(target.pid()), "--json");
        assertEquals(0, run.exitCode, run.toString());
        JsonNode root = run.json();
        assertEquals(target.pid(), root.get("pid").asInt());
        assertEquals(4096, root.get("basePageSize").asLong());

        JsonNode heap = regionContaining(root, target.address("heap"));
        assertEquals("heap", heap.get("kind").asText());
        assertEquals("[heap]", heap.get("path").asText());
        assertEquals(4096, heap.get("pageSize").asLong());
        assertTrue(heap.get("pagesByNode").get("0").asLong() >= 64, heap.toString());

        JsonNode anon = regionContaining(root, target.address("anon"));
        assertEquals("anon", anon.get("kind").asText());
        assertTrue(anon.get("pagesByNode").get("0").asLong() >= 256, anon.toString());
        assertTrue(anon.get("absentPages").asLong() >= 16, "the 16 untouched pages are on no node: " + anon);
        assertEquals(anon.get("pagesSelected").asLong(),
                anon.get("pagesByNode").get("0").asLong() + anon.get("absentPages").asLong());

        JsonNode file = regionContaining(root, target.address("file"));
        assertEquals("file", file.get("kind").asText());
        assertEquals(target.file.toString(), file.get("path").asText());
        assertEquals(16, file.get("pagesByNode").get("0").asLong());

        JsonNode shm = regionContaining(root, target.address("shm"));
        assertEquals("shm", shm.get("kind").asText());
        assertEquals(8, shm.get("pagesByNode").get("0").asLong());
        assertTrue(shm.get("path").asText().startsWith("/memfd:panuma-target-shm"));

        JsonNode stack = regionContaining(root, target.address("stack"));
        assertEquals("stack", stack.get("kind").asText());

        long sum = 0;
        for (JsonNode r : root.get("regions")) {
            sum += r.get("pagesByNode").path("0").asLong() * (r.get("pageSize").asLong() / 4096);
        }
        assertEquals(sum, root.get("totals").get("pagesByNode").get("0").asLong());
        assertEquals(sum * 4096, root.get("totals").get("bytesByNode").get("0").asLong());
        long elapsed = root.get("elapsedNanos").asLong();
        assertTrue(elapsed > 0 && elapsed < 60_000_000_000L, "the scan's own wall time: " + elapsed);
    }

    @Test
    void whollyResidentRegions_countedFromNumaMaps_matchThePageByPageQueries() {
        String pid = Integer.toString(target.pid());
        JsonNode whole = Run.of("where", pid, "--json").json();
        for (String kind : new String[] {"file", "shm"}) {
            JsonNode counted = regionContaining(whole, target.address(kind));
            // A --range selection is always queried page by page.
            String range = counted.get("start").asText() + "-" + counted.get("end").asText();
            Run run = Run.of("where", pid, "--range", range, "--json");
            assertEquals(0, run.exitCode, run.toString());
            JsonNode queried = regionContaining(run.json(), target.address(kind));
            assertEquals(queried.get("pagesSelected"), counted.get("pagesSelected"), kind);
            assertEquals(queried.get("pagesByNode"), counted.get("pagesByNode"), kind);
            assertEquals(queried.get("absentPages"), counted.get("absentPages"), kind);
            assertEquals(0, counted.get("absentPages").asLong(), kind + " is wholly in memory: " + counted);
        }
    }

    @Test
    void text_listsRegionsAndTotals() {
        Run run = Run.of("where", Integer.toString(target.pid()), "--regions");
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("[heap]"), run.out);
        assertTrue(run.out.contains(target.file.toString()), run.out);
        assertTrue(run.out.contains("node 0"), run.out);
        assertTrue(run.out.contains("total (4K pages)"), run.out);
    }

    @Test
    void pattern_findsTheTargetByItsCommandLine() {
        // The mapped file's name is unique to this run and is one of the target's arguments.
        Run run = Run.of("where", target.file.getFileName().toString(), "--region", "heap", "--json");
        assertEquals(0, run.exitCode, run.toString());
        assertEquals(target.pid(), run.json().get("pid").asInt());
        assertEquals(1, run.json().get("regions").size());
        assertEquals("heap", run.json().get("regions").get(0).get("kind").asText());
    }

    @Test
    void patternOfSeveralProcesses_listsEachWithAGrandTotal_asNumastat_whileMoveRefuses() throws Exception {
        try (LiveTarget second = LiveTarget.start(Files.createDirectories(dir.resolve("second")), 16, 16)) {
            String pattern = dir.toString();
            Run run = Run.of("where", pattern);
            assertEquals(0, run.exitCode, run.toString());
            assertTrue(run.out.startsWith("Per-node process memory usage (in MBs)\nPID "), run.out);
            assertTrue(run.out.contains("\n" + target.pid() + " ("), run.out);
            assertTrue(run.out.contains("\n" + second.pid() + " ("), run.out);
            java.util.Map<String, Double> rows = NumastatComparisonIT.numastatRows(run.out);
            assertEquals(rows.get(Integer.toString(target.pid())) + rows.get(Integer.toString(second.pid())),
                    rows.get("Total"), 0.011, run.out);

            JsonNode json = Run.of("where", pattern, "--json").json();
            assertEquals(2, json.get("processes").size(), json.toString());
            long sum = 0;
            for (JsonNode p : json.get("processes")) {
                sum += p.get("totals").get("bytesByNode").get("0").asLong();
            }
            assertEquals(sum, json.get("totals").get("bytesByNode").get("0").asLong());

            Run move = Run.of("move", pattern, "--to", "0");
            assertEquals(ExitCodes.USAGE, move.exitCode, move.toString());
            assertTrue(move.err.contains("matches 2 processes"), move.toString());
            assertEquals(0, second.stop());
        }
    }

    @Test
    void regionGlob_selectsByPath() {
        Run run = Run.of("where", Integer.toString(target.pid()), "--region", "*" + target.file.getFileName(), "--json");
        assertEquals(0, run.exitCode, run.toString());
        JsonNode regions = run.json().get("regions");
        assertEquals(1, regions.size(), regions.toString());
        assertEquals(16, regions.get(0).get("pagesByNode").get("0").asLong());
    }

    @Test
    void range_clipsToThePagesInside() {
        long anon = target.address("anon");
        String range = "0x" + Long.toHexString(anon) + "-0x" + Long.toHexString(anon + 10 * 4096);
        Run run = Run.of("where", Integer.toString(target.pid()), "--range", range, "--json");
        assertEquals(0, run.exitCode, run.toString());
        JsonNode regions = run.json().get("regions");
        assertEquals(1, regions.size(), regions.toString());
        assertEquals(10, regions.get(0).get("pagesSelected").asLong());
        assertEquals(10, regions.get(0).get("pagesByNode").get("0").asLong());
    }

    @Test
    void addresses_givePerPageStatus_touchedOnNode0_untouchedByKernelVersion() {
        long anon = target.address("anon");
        long untouched = target.address("untouched");
        String expected = KernelRelease.parse(System.getProperty("os.version")).neverTouchedAnonymousPage().name();
        Run run = Run.of("where", Integer.toString(target.pid()), "--addresses",
                "0x" + Long.toHexString(anon + 5) + ",0x" + Long.toHexString(untouched), "--json");
        assertEquals(0, run.exitCode, run.toString());
        JsonNode pages = run.json().get("pages");
        assertEquals(2, pages.size(), pages.toString());
        JsonNode first = pages.get(0).get("address").asText().equals("0x" + Long.toHexString(anon)) ? pages.get(0)
                : pages.get(1);
        JsonNode second = first == pages.get(0) ? pages.get(1) : pages.get(0);
        assertEquals("0x" + Long.toHexString(anon), first.get("address").asText(), "aligned down to the page");
        assertEquals(0, first.get("status").asInt());
        assertTrue(first.get("status").isInt());
        assertEquals(expected, second.get("status").asText());
    }

    @Test
    void svgAndHtml_drawTheRegionsInNodeColours_andTheTableListsEveryRegion() throws Exception {
        Path svg = dir.resolve("map.svg");
        Path html = dir.resolve("map.html");
        Run run = Run.of("where", Integer.toString(target.pid()), "--svg", svg.toString(), "--html", html.toString());
        assertEquals(0, run.exitCode, run.toString());
        String s = Files.readString(svg);
        assertTrue(s.startsWith("<svg"), s);
        assertTrue(s.contains("fill=\"" + ResidencyMap.colour(0) + "\""), "node 0's colour is drawn");
        assertTrue(s.contains("class=\"node-total\" data-node=\"0\""), "node 0's total is drawn");
        String h = Files.readString(html);
        assertTrue(h.contains("<svg") && h.contains("</html>"));
        assertTrue(h.contains(">[heap]</td>"), "the table lists the heap");
        assertTrue(h.contains(">" + target.file + "</td>"), "the table lists the mapped file");
        assertFalse(s.contains("NaN"));
    }

    /**
     * --folios counts the anon region's folios by size; they hold exactly the pages `where` found
     * on a node. Without root the PFNs are hidden and the region says so instead.
     */
    @Test
    void folios_holdThePresentPages_orSayWhyNot() {
        Run run = Run.of("where", Integer.toString(target.pid()), "--region", "anon", "--folios", "--json");
        assertEquals(0, run.exitCode, run.toString());
        JsonNode anon = regionContaining(run.json(), target.address("anon"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            assertTrue(anon.get("foliosUnavailable").asText().contains("pfn"), anon.toString());
            return;
        }
        long basePages = 0;
        for (var e : (Iterable<java.util.Map.Entry<String, JsonNode>>) anon.get("folios")::fields) {
            basePages += Long.parseLong(e.getKey()) / 4096 * e.getValue().asLong();
        }
        assertEquals(anon.get("pagesByNode").get("0").asLong(), basePages, anon.toString());
        Run text = Run.of("where", Integer.toString(target.pid()), "--region", "anon", "--folios");
        assertTrue(text.out.contains("folios by size (pagemap and /proc/kpageflags):"), text.toString());
    }
}
