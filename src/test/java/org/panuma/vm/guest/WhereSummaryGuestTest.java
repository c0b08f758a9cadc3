package org.panuma.vm.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.panuma.api.AddressRange;

/**
 * `panuma where PID`'s summary (numastat's view, counted from numa_maps with no system call) on a
 * process whose memory is on two nodes (a buffer placed on the last node, half of it then moved
 * to node 0), against `where PID --json` (move_pages asked page by page) of the same quiet
 * target: each node's total is the same to the byte, but for the kernel's own pages of [vdso],
 * which the queries place on a node and numa_maps leaves out.
 */
class WhereSummaryGuestTest {
    static final int MIB = 8;
    static final Duration START = Duration.ofMinutes(4);

    @Test
    void summaryOfATwoNodeProcess_isThePageByPageCount_lessTheVdso() throws Exception {
        assumeTrue(GuestEnvironment.nodes() >= 2, "needs two nodes");
        int last = GuestEnvironment.nodes() - 1;
        try (TargetProcess t = TargetProcess.faultTarget(MIB, last)) {
            String[] range = t.awaitLine("range ", START).split(" ");
            t.awaitLine("ready", START);
            String pid = Long.toString(t.pid());
            // The buffer's first half to node 0, so that two nodes hold it whichever node the rest
            // (code, stack, libraries) is on: that is the node the target's CPU is on, which may
            // be the buffer's.
            long start = Long.parseUnsignedLong(range[1], 16);
            long half = (long) MIB << 19;
            GuestCli.Result move = GuestCli.run(List.of(), "move", pid, "--to", "0", "--range",
                    new AddressRange(start, start + half).toString(), "--no-progress");
            assertEquals(0, move.exit(), move.toString());
            GuestCli.Result text = GuestCli.run(List.of(), "where", pid, "--bytes");
            assertEquals(0, text.exit(), text.toString());
            GuestCli.Result json = GuestCli.run(List.of(), "where", pid, "--json");
            assertEquals(0, json.exit(), json.toString());

            Map<Integer, Long> summary = totalRow(text.out());
            JsonNode placement = new ObjectMapper().readTree(json.out());
            Map<Integer, Long> queried = new HashMap<>();
            placement.get("totals").get("bytesByNode").fields()
                    .forEachRemaining(e -> queried.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
            for (JsonNode region : placement.get("regions")) {
                if (region.get("kind").asText().equals("vdso")) {
                    long pageSize = region.get("pageSize").asLong();
                    region.get("pagesByNode").fields().forEachRemaining(e -> queried.merge(Integer.parseInt(e.getKey()),
                            -e.getValue().asLong() * pageSize, Long::sum));
                }
            }
            queried.values().removeIf(v -> v == 0);
            summary.values().removeIf(v -> v == 0);
            assertEquals(queried, summary, "bytes per node, the summary against the queries less [vdso]:\n" + text.out()
                    + "\n" + placement.get("totals"));
            assertTrue(summary.getOrDefault(last, 0L) >= half, "node " + last + " holds half the buffer: " + summary);
            assertTrue(summary.getOrDefault(0, 0L) >= half, "node 0 holds the other half: " + summary);
        }
    }

    /** The summary's Total row by node: the columns the heading names "Node N". */
    private static Map<Integer, Long> totalRow(String out) {
        List<Integer> nodes = new ArrayList<>();
        Map<Integer, Long> total = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (line.contains("Node ") && nodes.isEmpty()) {
                for (int i = 0; i + 1 < w.length; i++) {
                    if (w[i].equals("Node")) {
                        nodes.add(Integer.parseInt(w[i + 1]));
                    }
                }
            } else if (w.length > 0 && w[0].equals("Total") && !nodes.isEmpty()) {
                for (int i = 0; i < nodes.size(); i++) {
                    total.put(nodes.get(i), Long.parseLong(w[i + 1]));
                }
            }
        }
        assertTrue(!nodes.isEmpty() && !total.isEmpty(), "a Total row under Node columns:\n" + out);
        return total;
    }
}
