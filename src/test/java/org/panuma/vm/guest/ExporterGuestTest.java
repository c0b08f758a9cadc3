package org.panuma.vm.guest;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.panuma.api.Numa;
import org.panuma.api.ProcessSelection;
import org.panuma.exporter.Exporter;
import org.panuma.exporter.ExporterSettings;

/**
 * Issue 15: the exporter's per-node numbers follow the memory. A C target writes 16 MiB on node
 * 0; the exporter (served from this JVM, over HTTP) shows them on node 0; `panuma move` (its own
 * JVM) moves them to the last node; the next scrape shows them there and gone from node 0.
 */
class ExporterGuestTest {
    static final int MIB = 16;
    static final long BUFFER = MIB << 20;

    @Test
    void residentBytes_moveFromNode0ToTheLastNode_whenPanumaMoveMovesTheTarget() throws Exception {
        assumeTrue(GuestEnvironment.nodes() >= 2, "needs two nodes");
        int to = GuestEnvironment.nodes() - 1;
        String writer = GuestEnvironment.targets().resolve("pattern-writer").toString();
        StringWriter err = new StringWriter();
        try (TargetProcess target = TargetProcess.start("pattern-writer", List.of(writer, String.valueOf(MIB), "0"))) {
            long[] range = LiveProcessMoveGuestTest.hexRange(
                    target.awaitLine("range ", LiveProcessMoveGuestTest.START).substring("range ".length()));
            target.awaitLine("ready", LiveProcessMoveGuestTest.START);
            ProcessSelection watch = new ProcessSelection(List.of((int) target.pid()), List.of(), false, 1, null, 0);
            // Minimum age 0: every scrape reads numa_maps afresh, so the second one sees the move.
            try (Exporter exporter = Exporter.start(Numa.open(), new ExporterSettings("127.0.0.1", 0, watch,
                    Duration.ZERO, Duration.ofMinutes(1)), new PrintWriter(err, true))) {
                String before = scrape(exporter);
                long on0 = resident(before, target.pid(), 0);
                long onTo = resident(before, target.pid(), to);
                assertTrue(on0 >= BUFFER, "before: " + on0 + " bytes on node 0, the buffer alone is " + BUFFER);

                LiveProcessMoveGuestTest.moveWithCli(target.pid(), to, range);

                String after = scrape(exporter);
                long on0After = resident(after, target.pid(), 0);
                long onToAfter = resident(after, target.pid(), to);
                assertTrue(onToAfter - onTo >= BUFFER, "node " + to + " gained " + (onToAfter - onTo)
                        + " bytes, the buffer is " + BUFFER);
                assertTrue(on0 - on0After >= BUFFER, "node 0 lost " + (on0 - on0After) + " bytes, the buffer is "
                        + BUFFER);
                assertTrue(after.contains("panuma_exporter_scrape_errors_total 0.0"), after + "\n" + err);
            }
        }
    }

    private static String scrape(Exporter exporter) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + exporter.port() + "/metrics")).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 200, r.body());
        return r.body();
    }

    /** The exported resident bytes of {@code pid} on {@code node}; 0 when there is no such series (no page there). */
    private static long resident(String body, long pid, int node) {
        Matcher m = Pattern.compile("(?m)^panuma_process_resident_bytes\\{[^}]*node=\"" + node + "\",pid=\"" + pid
                + "\"\\} (\\S+)$").matcher(body);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
}
