package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panuma.spi.KernelRelease;

/**
 * `panuma move` and `panuma migrate` against a live C target on this host: moving to node 0,
 * where the pages already are, must report them as "already" and leave the target unharmed.
 */
class MoveCommandIT {
    @TempDir
    Path dir;

    @Test
    void moveAnon_toNode0_reportsAlready_withBeforeAndAfter() throws Exception {
        try (LiveTarget t = LiveTarget.start(dir, 16, 256)) {
            Run run = Run.of("move", Integer.toString(t.pid()), "--to", "0", "--region", "anon", "--json");
            assertEquals(0, run.exitCode, run.toString());
            JsonNode r = run.json();
            assertEquals(t.pid(), r.get("pid").asInt());
            assertFalse(r.get("dryRun").asBoolean());
            long requested = r.get("requestedPages").asLong();
            assertTrue(requested >= 256, r.toString());
            assertEquals(requested, r.get("outcomes").get("already").asLong(), r.toString());
            assertEquals(0, r.get("outcomes").path("moved").asLong());
            assertEquals(0, r.get("notMigrated").asLong());
            assertTrue(r.get("absentPages").asLong() >= 16, "the untouched pages: " + r);
            assertEquals(requested, r.get("before").get("pagesByNode").get("0").asLong());
            assertEquals(requested, r.get("after").get("pagesByNode").get("0").asLong());
            assertFalse(r.get("targetExited").asBoolean());
            assertEquals(0, t.stop(), "the target's memory is intact");
        }
    }

    @Test
    void text_whenEveryPageWasThereAlready_saysNothingMoved() throws Exception {
        try (LiveTarget t = LiveTarget.start(dir, 16, 256)) {
            Run run = Run.of("move", Integer.toString(t.pid()), "--to", "0", "--region", "anon", "--no-progress");
            assertEquals(0, run.exitCode, run.toString());
            assertTrue(run.out.matches("(?s).*\nnothing moved: all \\d+ requested pages \\(.*\\) were on node 0 already.*"),
                    run.out);
            assertFalse(run.out.contains("moved pages to node 0"), run.out);
            Run predicted = Run.of("move", Integer.toString(t.pid()), "--to", "0", "--region", "anon", "--dry-run");
            assertTrue(predicted.out.contains("nothing would move: all "), predicted.out);
            assertEquals(0, t.stop());
        }
    }

    @Test
    void text_summaryExplainsEachOutcome() throws Exception {
        try (LiveTarget t = LiveTarget.start(dir, 16, 64)) {
            Run run = Run.of("move", Integer.toString(t.pid()), "--to", "0", "--region", "heap");
            assertEquals(0, run.exitCode, run.toString());
            assertTrue(run.out.contains("already"), run.out);
            assertTrue(run.out.contains("was on the target node already"), run.out);
            assertTrue(run.out.contains("before") && run.out.contains("after"), run.out);
            assertFalse(run.err.contains("\tat "), "no stack trace: " + run.err);
        }
    }

    @Test
    void exactAddresses_perPage_untouchedPageIsNamed_andExitSaysNotAllMoved() throws Exception {
        try (LiveTarget t = LiveTarget.start(dir, 16, 64)) {
            long anon = t.address("anon");
            long untouched = t.address("untouched");
            String errno = KernelRelease.parse(System.getProperty("os.version")).neverTouchedAnonymousPage().name();
            Run run = Run.of("move", Integer.toString(t.pid()), "--to", "0", "--addresses",
                    "0x" + Long.toHexString(anon) + ",0x" + Long.toHexString(untouched), "--per-page", "--json");
            assertEquals(ExitCodes.PAGES_NOT_MOVED, run.exitCode, run.toString());
            JsonNode r = run.json();
            assertEquals(2, r.get("requestedPages").asLong());
            assertEquals(1, r.get("outcomes").get("already").asLong(), r.toString());
            assertEquals(1, r.get("outcomes").get(errno).asLong(), r.toString());
            JsonNode pages = r.get("pages");
            assertEquals("0x" + Long.toHexString(anon), pages.get(0).get("address").asText());
            assertEquals(0, pages.get(0).get("status").asInt());
            assertEquals(errno, pages.get(1).get("status").asText());
        }
    }

    @Test
    void threadsAndSmallBatches_mergeIntoOneReport() throws Exception {
        try (LiveTarget t = LiveTarget.start(dir, 16, 512)) {
            Run run = Run.of("move", Integer.toString(t.pid()), "--to", "0", "--region", "anon", "--threads", "3",
                    "--batch", "32", "--rate", "100", "--json");
            assertEquals(0, run.exitCode, run.toString());
            JsonNode r = run.json();
            long requested = r.get("requestedPages").asLong();
            assertTrue(requested >= 512);
            assertEquals(requested, r.get("outcomes").get("already").asLong());
            assertEquals(3, r.get("threads").asInt());
            // Every page is on node 0 already and the plan knows it: no page is handed over to move,
            // and the plan looked at each page at most once (numa_maps answers for whole regions).
            assertEquals(0, r.get("calls").asLong(), r.toString());
            assertEquals(0, r.get("pageEntries").get("move").asLong(), r.toString());
            assertTrue(r.get("pageEntries").get("query").asLong() <= requested + r.get("absentPages").asLong(),
                    r.toString());
            assertEquals(0, t.stop());
        }
    }

    @Test
    void fromOtherNodesOnly_requestsNothing_onThisSingleNodeHost() throws Exception {
        try (LiveTarget t = LiveTarget.start(dir, 16, 64)) {
            // "!0": every allowed node but 0; on a one-node host that is empty: a usage error.
            Run run = Run.of("move", Integer.toString(t.pid()), "--to", "0", "--from", "!0");
            assertEquals(ExitCodes.USAGE, run.exitCode, run.toString());
            assertTrue(run.err.contains("'!0'"), run.err);
            Run from0 = Run.of("move", Integer.toString(t.pid()), "--to", "0", "--from", "0", "--region", "heap",
                    "--json");
            assertEquals(0, from0.exitCode, from0.toString());
            assertTrue(from0.json().get("requestedPages").asLong() >= 16);
        }
    }

    @Test
    void migrate_0to0_reportsNothingUnmoved_withResidency() throws Exception {
        try (LiveTarget t = LiveTarget.start(dir, 16, 64)) {
            Run run = Run.of("migrate", Integer.toString(t.pid()), "0", "0", "--json");
            assertEquals(0, run.exitCode, run.toString());
            JsonNode r = run.json();
            assertEquals(t.pid(), r.get("pid").asInt());
            assertFalse(r.get("dryRun").asBoolean());
            assertEquals(0, r.get("notMigrated").asLong());
            assertEquals(0, r.get("outcomes").get("notMigrated").asLong());
            assertEquals(0, r.get("requestedPages").asLong(), "0 is also a target: nothing is on a source only");
            assertTrue(r.get("before").get("pagesByNode").get("0").asLong() >= 16 + 64);
            assertTrue(r.get("after").get("pagesByNode").get("0").asLong() >= 16 + 64);
            Run text = Run.of("migrate", Integer.toString(t.pid()), "all", "0");
            assertEquals(0, text.exitCode, text.toString());
            assertTrue(text.out.contains("no page was on a source node only: nothing to move"), text.out);
            assertEquals(0, t.stop());
        }
    }

    @Test
    void policy_ofATarget_isDefaultEverywhere_andOfPanumaItself_hasTheThreadPolicy() throws Exception {
        try (LiveTarget t = LiveTarget.start(dir, 16, 64)) {
            Run run = Run.of("policy", Integer.toString(t.pid()), "--json");
            assertEquals(0, run.exitCode, run.toString());
            JsonNode regions = run.json().get("regions");
            assertTrue(regions.size() > 5);
            JsonNode heap = WhereCommandIT.regionContaining(Run.of("where", Integer.toString(t.pid()), "--json").json(),
                    t.address("heap"));
            boolean found = false;
            for (JsonNode r : regions) {
                assertEquals("default", r.get("mode").asText(), r.toString());
                if (r.get("start").asText().equals(heap.get("start").asText())) {
                    found = true;
                    assertTrue(r.get("pagesByNode").get("0").asLong() >= 16);
                }
            }
            assertTrue(found, "the heap is listed");
        }
        Run self = Run.of("policy", "--json");
        assertEquals(0, self.exitCode, self.toString());
        assertEquals("MPOL_DEFAULT", self.json().get("threadPolicy").get("mode").asText());
        // The same type as `nodes --json` gives: an array of node numbers.
        assertTrue(self.json().get("allowedNodes").isArray(), self.out);
        assertEquals(0, self.json().get("allowedNodes").get(0).asInt());
        assertTrue(self.json().get("threadPolicy").get("nodes").isArray(), self.out);
        assertEquals(Run.of("nodes", "--json").json().get("allowedNodes"), self.json().get("allowedNodes"));
    }
}
