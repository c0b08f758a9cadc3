package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.panuma.api.MigrateReport;
import org.panuma.spi.NodeSet;

/**
 * An unprivileged migrate_pages returns 0 although a shared page stayed (the kernel skips it
 * without counting): the summary and the JSON must say what the residency shows.
 */
class MigrateSummaryTest {
    static final MigrateReport ONE_SHARED_PAGE_STAYED = new MigrateReport(42, NodeSet.of(0), NodeSet.of(1), 0,
            Map.of(0, 10L, 1, 0L), Map.of(0, 1L, 1, 9L), 1_000_000);

    @Test
    void json_outcomesAddUpToRequested_andTheKernelsCountIsApart() throws Exception {
        JsonNode j = Json.mapper().readTree(Json.write(MigrateCommand.json(ONE_SHARED_PAGE_STAYED)));
        assertEquals(10, j.get("requestedPages").asLong());
        assertEquals(9, j.get("outcomes").get("moved").asLong());
        assertEquals(1, j.get("outcomes").get("notMigrated").asLong());
        assertEquals(1, j.get("notMigrated").asLong());
        assertEquals(0, j.get("kernelNotMigrated").asLong());
        assertTrue(j.get("from").isArray() && j.get("from").get(0).isInt(), j.toString());
        assertEquals(1, j.get("to").get(0).asInt());
    }

    @Test
    void text_saysAPageStayed_neverThatNoneWasLeft() {
        java.io.StringWriter s = new java.io.StringWriter();
        MigrateCommand.printText(new java.io.PrintWriter(s, true), new org.panuma.spi.ProcessInfo(42, java.util.List.of("x")),
                ONE_SHARED_PAGE_STAYED, org.panuma.api.Numa.open("sim").topology(), 4096);
        String text = s.toString();
        assertFalse(text.contains("no page left unmoved"), text);
        assertTrue(text.contains("1 page stayed on them"), text);
        assertTrue(text.contains("left them: 9; stayed: 1"), text);
        assertTrue(text.contains("skipped without counting"), text);
    }
}
