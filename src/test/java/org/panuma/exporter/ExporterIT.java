package org.panuma.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panuma.api.Numa;
import org.panuma.api.ProcessSelection;
import org.panuma.os.NodeMeminfoParser;

/** The exporter served over real HTTP from this JVM, watching a real process. */
class ExporterIT {
    private final StringWriter err = new StringWriter();
    private final HttpClient http = HttpClient.newHttpClient();
    private Process target;
    private Exporter exporter;

    @BeforeEach
    void start() throws Exception {
        target = new ProcessBuilder("sleep", "600").start();
        ProcessSelection watch = new ProcessSelection(List.of((int) target.pid()), List.of(), false, 10, null, 0);
        exporter = Exporter.start(Numa.open(), new ExporterSettings("127.0.0.1", 0, watch, Duration.ZERO,
                Duration.ofSeconds(5)), new PrintWriter(err, true));
    }

    @AfterEach
    void stop() throws Exception {
        exporter.close();
        target.destroy();
        target.waitFor();
    }

    @Test
    void theScrapersAcceptHeader_choosesTextOrOpenMetrics() throws Exception {
        HttpResponse<String> text = get(null);
        assertEquals(200, text.statusCode());
        assertTrue(text.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                text.headers().toString());
        assertTrue(!text.body().contains("# EOF"), "the text format has no EOF marker");

        HttpResponse<String> om = get("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertTrue(om.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"),
                om.headers().toString());
        assertTrue(om.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
        assertTrue(om.body().contains("# UNIT panuma_process_resident_bytes bytes"), om.body());
    }

    @Test
    void theTargetsResidentBytes_areItsNumaMapsCounts_labelledWithPidAndComm() throws Exception {
        int pid = (int) target.pid();
        String body = get(null).body();
        long expected = numaMapsBytes(pid, 0);
        double exported = value(body, "panuma_process_resident_bytes\\{cgroup=\"[^\"]*\",comm=\"sleep\",node=\"0\",pid=\""
                + pid + "\"\\}");
        assertEquals(expected, (long) exported, "sleep never touches more memory after it starts");
        assertEquals(0.0, value(body, "panuma_exporter_scrape_errors_total"), err.toString());
        assertEquals(1.0, value(body, "panuma_exporter_processes_watched"));
    }

    @Test
    void nodeMeminfo_isTheSysfsValue() throws Exception {
        String body = get(null).body();
        String meminfo = Files.readString(Path.of("/sys/devices/system/node/node0/meminfo"));
        assertEquals(NodeMeminfoParser.bytes(meminfo, "MemTotal").getAsLong(),
                (long) value(body, "panuma_node_memory_total_bytes\\{node=\"0\"\\}"));
        assertTrue(value(body, "panuma_node_numa_hit_total\\{node=\"0\"\\}") > 0);
        assertTrue(body.contains("# TYPE panuma_node_numa_hit_total counter"), "numastat counts are counters");
    }

    @Test
    void aProcessThatExitsBetweenScrapes_isNotAnError() throws Exception {
        get(null);
        target.destroy();
        target.waitFor();
        String body = get(null).body();
        assertEquals(0.0, value(body, "panuma_exporter_scrape_errors_total"), err.toString());
        assertTrue(!body.contains("pid=\"" + target.pid() + "\""), "a gone process has no series");
        assertEquals("", err.toString());
    }

    private HttpResponse<String> get(String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exporter.port() + "/metrics"))
                .timeout(Duration.ofSeconds(30));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the one sample whose name and labels match {@code series} (a regex). */
    static double value(String body, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(body);
        assertTrue(m.find(), "no sample " + series + " in\n" + body);
        return Double.parseDouble(m.group(1));
    }

    /** Resident bytes on {@code node} by the process's numa_maps, read here. */
    static long numaMapsBytes(int pid, int node) throws Exception {
        long bytes = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/numa_maps"))) {
            Matcher pages = Pattern.compile(" N" + node + "=(\\d+)").matcher(line);
            Matcher size = Pattern.compile(" kernelpagesize_kB=(\\d+)").matcher(line);
            if (pages.find() && size.find()) {
                bytes += Long.parseLong(pages.group(1)) * Long.parseLong(size.group(1)) * 1024;
            }
        }
        return bytes;
    }
}
