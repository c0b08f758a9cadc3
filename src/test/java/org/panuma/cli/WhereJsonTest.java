package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.panuma.cli.ResidencyMapTest.KIB;
import static org.panuma.cli.ResidencyMapTest.MIB;
import static org.panuma.cli.ResidencyMapTest.region;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.panuma.api.FolioCensus;
import org.panuma.api.MemoryRegion;
import org.panuma.api.Outcome;
import org.panuma.api.PageCounts;
import org.panuma.api.ProcessPlacement;
import org.panuma.api.RegionPlacement;
import org.panuma.spi.Errno;
import org.panuma.spi.ProcessInfo;
import org.panuma.spi.RegionKind;

/**
 * `where --json` is written as it goes, with no document in memory: its text must still be
 * exactly what Jackson renders for the same document (indentation, spacing, key order), and its
 * keys those scripts read.
 */
class WhereJsonTest {
    private static final ProcessInfo PROCESS = new ProcessInfo(42, List.of("target", "--with \"quotes\"\n"), 0,
            "root");

    private static String one(ProcessPlacement p, Map<Long, FolioCensus> census) throws Exception {
        StringWriter w = new StringWriter();
        WhereJson.one(w, PROCESS, p, null, census);
        return w.toString();
    }

    private static List<String> keys(JsonNode o) {
        List<String> k = new ArrayList<>();
        o.fieldNames().forEachRemaining(k::add);
        return k;
    }

    /** A region asked for by address: two pages, one on node 1, one never touched. */
    private static RegionPlacement exact() {
        MemoryRegion m = new MemoryRegion(0x7000000L, 0x7002000L, "rw-p", RegionKind.ANON, "", 4096, 0, true, true);
        PageCounts c = new PageCounts();
        c.add(Outcome.node(1), 1);
        c.add(Outcome.errno(Errno.ENOENT), 1);
        return new RegionPlacement(m, 2, c, new long[] {0x7000000L, 0x7001000L}, new int[] {1, -Errno.ENOENT.number()});
    }

    @Test
    void oneProcess_isByteForByteJacksonsRenderingOfTheSameDocument() throws Exception {
        RegionPlacement heap = region(0x2000000L, 8 * MIB, "[heap]", 4 * MIB, 2 * MIB);
        RegionPlacement lib = region(0x3000000L, 8 * KIB, "/lib/\u001b]0;x\u0007.so", 4 * KIB);
        ProcessPlacement p = new ProcessPlacement(42, 4096, List.of(heap, lib, exact()), 1234);
        Map<Long, FolioCensus> census = new TreeMap<>();
        census.put(heap.region().start(), new FolioCensus(heap.region(), new TreeMap<>(Map.of(4096L, 512L,
                2L * MIB, 1L)), null));
        census.put(lib.region().start(), new FolioCensus(lib.region(), new TreeMap<>(), "needs root"));
        for (Map<Long, FolioCensus> c : java.util.Arrays.asList(null, census)) {
            String text = one(p, c);
            JsonNode tree = Json.mapper().readTree(text);
            assertEquals(Json.mapper().writeValueAsString(tree), text);
        }
        JsonNode root = Json.mapper().readTree(one(p, census));
        assertEquals(List.of("pid", "command", "user", "basePageSize", "regions", "totals", "usage", "elapsedNanos",
                "pages"), keys(root));
        assertEquals(List.of("start", "end", "perms", "kind", "path", "pageSize", "thpBytes", "migratable",
                "pagesSelected", "pagesByNode", "absentPages", "absentByReason", "folios"),
                keys(root.get("regions").get(0)));
        assertEquals("{\"4096\":512,\"2097152\":1}", root.get("regions").get(0).get("folios").toString());
        assertEquals("needs root", root.get("regions").get(1).get("foliosUnavailable").asText());
        assertEquals("/lib/\u001b]0;x\u0007.so", root.get("regions").get(1).get("path").asText(),
                "JSON keeps the path as it is (escaped by the JSON rules)");
        assertEquals(1024L, root.get("regions").get(0).get("pagesByNode").get("0").asLong());
        assertEquals("[{\"address\":\"0x7000000\",\"status\":1},{\"address\":\"0x7001000\",\"status\":\"ENOENT\"}]",
                root.get("pages").toString().replaceAll("\"status\":\"ENOENT[^\"]*\"", "\"status\":\"ENOENT\""));
        assertEquals(1234, root.get("elapsedNanos").asLong());
        assertEquals(List.of("pagesByNode", "bytesByNode", "absentPages"), keys(root.get("totals")));
    }

    @Test
    void aPattern_isByteForByteJacksonsRenderingOfTheSameDocument() throws Exception {
        ProcessPlacement a = new ProcessPlacement(42, 4096, List.of(region(0x2000000L, 8 * MIB, "", 8 * MIB)));
        ProcessPlacement b = new ProcessPlacement(43, 4096, List.of(region(0x2000000L, 4 * MIB, "", 0, 4 * MIB)));
        StringWriter w = new StringWriter();
        WhereJson.many(w, "target", List.of(PROCESS, new ProcessInfo(43, List.of("other"), 0, "root")), List.of(a, b),
                List.of("44: exited while it was read"));
        JsonNode root = Json.mapper().readTree(w.toString());
        assertEquals(Json.mapper().writeValueAsString(root), w.toString());
        assertEquals(List.of("pattern", "processes", "totals", "skipped"), keys(root));
        assertEquals("{\"bytesByNode\":{\"0\":8388608,\"1\":4194304}}", root.get("totals").toString());
        assertEquals(43, root.get("processes").get(1).get("pid").asInt());
    }
}
