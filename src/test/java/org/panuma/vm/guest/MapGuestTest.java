package org.panuma.vm.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 4: the residency map of a process whose memory is on two nodes. A C target puts
 * 8 MiB on the last node (the rest of it, its code and stack, lands on the node it runs on); the
 * real CLI draws `where --html` and prints `--json` from the same look. Both nodes appear in the
 * map's totals with the JSON's bytes, the last node's total holds the 8 MiB, and the 8 MiB region
 * is the map's largest cell, drawn in the last node's colour.
 */
class MapGuestTest {
    static final int MIB = 8;
    static final Duration START = Duration.ofMinutes(4);

    @TempDir
    Path dir;

    @Test
    void twoNodeProcess_mapShowsBothNodes_withTheJsonTotals() throws Exception {
        assumeTrue(GuestEnvironment.nodes() >= 2, "needs two nodes");
        int last = GuestEnvironment.nodes() - 1;
        try (TargetProcess t = TargetProcess.faultTarget(MIB, last)) {
            String[] range = t.awaitLine("range ", START).substring("range ".length()).trim().split(" ");
            t.awaitLine("ready", START);
            Path html = dir.resolve("map.html");
            GuestCli.Result r = GuestCli.run(List.of(), "where", Long.toString(t.pid()), "--html", html.toString(),
                    "--json");
            assertEquals(0, r.exit(), r.toString());
            JsonNode json = new ObjectMapper().readTree(r.out());
            String page = Files.readString(html);

            Map<String, Long> drawn = new HashMap<>();
            Matcher m = Pattern.compile("class=\"node-total\" data-node=\"(\\d+)\" data-bytes=\"(\\d+)\"").matcher(page);
            while (m.find()) {
                drawn.put(m.group(1), Long.parseLong(m.group(2)));
            }
            JsonNode bytesByNode = json.get("totals").get("bytesByNode");
            assertTrue(bytesByNode.has("0") && bytesByNode.has(Integer.toString(last)), "both nodes hold memory: " + json);
            bytesByNode.fields().forEachRemaining(e -> assertEquals(e.getValue().asLong(), drawn.get(e.getKey()),
                    "node " + e.getKey() + "'s total on the map"));
            assertTrue(drawn.get(Integer.toString(last)) >= MIB << 20, "the last node holds the buffer: " + drawn);
            assertTrue(drawn.get("0") > 0, "node 0 holds the rest: " + drawn);

            int region = regionAt(json, Long.parseUnsignedLong(strip(range[0]), 16));
            Matcher cells = Pattern.compile("<g class=\"cell\" data-cell=\"(\\w+)\" data-bytes=\"(\\d+)\"").matcher(page);
            assertTrue(cells.find(), "a cell is drawn");
            assertEquals("r" + region, cells.group(1), "the buffer is the first (largest) cell");
            // The kernel may merge the buffer with a neighbouring anonymous mapping: at least 8 MiB.
            assertTrue(Long.parseLong(cells.group(2)) >= (long) MIB << 20, cells.group(0));
            String cell = page.substring(cells.end(), page.indexOf("</g>", cells.end()));
            assertTrue(cell.contains("fill=\"" + colour(page, last) + "\""), "drawn in the last node's colour: " + cell);
        }
    }

    private static String strip(String hex) {
        return hex.startsWith("0x") ? hex.substring(2) : hex;
    }

    /** The colour the map's legend gives {@code node}. */
    private static String colour(String page, int node) {
        Matcher m = Pattern.compile("data-node=\"" + node + "\" data-bytes=\"\\d+\"><rect [^>]*fill=\"(#[0-9a-f]{6})\"")
                .matcher(page);
        assertTrue(m.find(), "the legend has node " + node);
        return m.group(1);
    }

    private static int regionAt(JsonNode json, long address) {
        JsonNode regions = json.get("regions");
        for (int i = 0; i < regions.size(); i++) {
            long s = Long.parseUnsignedLong(strip(regions.get(i).get("start").asText()), 16);
            long e = Long.parseUnsignedLong(strip(regions.get(i).get("end").asText()), 16);
            if (Long.compareUnsigned(address, s) >= 0 && Long.compareUnsigned(address, e) < 0) {
                return i;
            }
        }
        throw new AssertionError("no region holds 0x" + Long.toHexString(address));
    }
}
