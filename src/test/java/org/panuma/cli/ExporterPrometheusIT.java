package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panuma.os.NodeMeminfoParser;

/**
 * The real thing: `panuma exporter` (the packaged jar, its own JVM) watching a live C target, and
 * Debian's Prometheus server (its own process, config and storage in a temporary directory, on
 * free loopback ports) scraping it every second. Once Prometheus has stored a scrape, its HTTP
 * API must give the target's resident bytes on node 0 as `panuma where --json` counts them, and
 * every node's MemTotal as sysfs has it. Skipped (never passed) without /usr/bin/prometheus,
 * which ./run-tests installs.
 */
class ExporterPrometheusIT {
    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final Duration READY = Duration.ofMinutes(3);
    /**
     * The C target writes nothing after it says "ready"; what can still change is a page or two
     * of its stack and libc's lazily bound pages, well under 16 pages.
     */
    static final long CHURN_BYTES = 16 * 4096;

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void prometheusScrapesTheExporter_andItsNumbersMatchWhereAndSysfs() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), PROMETHEUS + " is missing: ./run-tests installs Debian's prometheus");
        try (LiveTarget target = LiveTarget.start(dir, 64, 256);
             Child exporter = Child.start(dir, "exporter", List.of(java(), "--enable-native-access=ALL-UNNAMED", "-jar",
                     Path.of("target/panuma.jar").toAbsolutePath().toString(), "exporter", "--pid",
                     Integer.toString(target.pid()), "--listen", "127.0.0.1:0", "--min-age", "0", "--json"))) {
            String started = exporter.awaitOutput(s -> s.contains("\"port\""), READY);
            int exporterPort = json.readTree(started.lines().filter(l -> l.contains("\"port\"")).findFirst()
                    .orElseThrow()).get("port").asInt();
            int prometheusPort = freePort();
            Path config = Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
                    "global:",
                    "  scrape_interval: 1s",
                    "  scrape_timeout: 1s",
                    "scrape_configs:",
                    "  - job_name: panuma",
                    "    static_configs:",
                    "      - targets: ['127.0.0.1:" + exporterPort + "']",
                    ""));
            try (Child prometheus = Child.start(dir, "prometheus", List.of(PROMETHEUS.toString(),
                    "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + prometheusPort))) {
                String api = "http://127.0.0.1:" + prometheusPort;
                String series = "panuma_process_resident_bytes{pid=\"" + target.pid() + "\",node=\"0\"}";
                JsonNode sample = awaitResult(api, series, prometheus);

                long scraped = (long) Double.parseDouble(sample.get("value").get(1).asText());
                JsonNode where = Run.of("where", Integer.toString(target.pid()), "--json").json();
                long counted = where.get("totals").get("bytesByNode").get("0").asLong();
                assertTrue(Math.abs(scraped - counted) <= CHURN_BYTES, "Prometheus has " + scraped
                        + " bytes on node 0 for the target, `where --json` counts " + counted);
                assertEquals("panuma-target", sample.get("metric").get("comm").asText());

                for (Path node : nodeDirs()) {
                    String id = node.getFileName().toString().substring("node".length());
                    long memTotal = NodeMeminfoParser.bytes(Files.readString(node.resolve("meminfo")), "MemTotal")
                            .getAsLong();
                    JsonNode total = awaitResult(api, "panuma_node_memory_total_bytes{node=\"" + id + "\"}", prometheus);
                    assertEquals(memTotal, (long) Double.parseDouble(total.get("value").get(1).asText()),
                            "MemTotal of node " + id);
                }
                JsonNode up = awaitResult(api, "up{job=\"panuma\"}", prometheus);
                assertEquals("1", up.get("value").get(1).asText());
                JsonNode errors = awaitResult(api, "panuma_exporter_scrape_errors_total", prometheus);
                assertEquals("0", errors.get("value").get(1).asText(), exporter.output());
            }
        }
    }

    /** Polls Prometheus's query API until {@code query} has one sample; the poll interval is not a wait for readiness. */
    private JsonNode awaitResult(String api, String query, Child prometheus) throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            assertTrue(prometheus.process.isAlive(), "prometheus exited:\n" + prometheus.output());
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/query?query="
                        + URLEncoder.encode(query, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = r.body();
                if (r.statusCode() == 200) {
                    JsonNode result = json.readTree(r.body()).get("data").get("result");
                    if (result.size() == 1) {
                        return result.get(0);
                    }
                    assertTrue(result.size() == 0, "more than one series for " + query + ": " + r.body());
                }
            } catch (IOException notListeningYet) {
                last = notListeningYet.toString();
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new AssertionError("no sample of " + query + " within " + READY + "; last answer: " + last
                + "\nprometheus:\n" + prometheus.output());
    }

    private static List<Path> nodeDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/sys/devices/system/node"))) {
            return s.filter(p -> p.getFileName().toString().matches("node\\d+")).sorted().toList();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A child process whose output goes to a file; stopped (TERM, then KILL) on close. */
    static final class Child implements AutoCloseable {
        final Process process;
        final Path log;

        private Child(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        static Child start(Path dir, String name, List<String> command) throws IOException {
            Path log = dir.resolve(name + ".log");
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new Child(p, log);
        }

        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return e.toString();
            }
        }

        /** Polls the output file until {@code ready} holds for it. */
        String awaitOutput(Predicate<String> ready, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                String out = output();
                if (ready.test(out)) {
                    return out;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("exited with " + process.exitValue() + ":\n" + out);
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            throw new AssertionError("not ready within " + within + ":\n" + output());
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
