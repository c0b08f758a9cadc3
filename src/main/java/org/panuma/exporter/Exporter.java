package org.panuma.exporter;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import org.panuma.api.Numa;
import org.panuma.api.NumaUsage;

/**
 * A running exporter: the Prometheus client's HTTP server (text or OpenMetrics by the scraper's
 * Accept header) over a registry holding only panuma's collector. Read-only: it never moves a
 * page. Close it to stop.
 */
public final class Exporter implements AutoCloseable {
    private final HTTPServer server;

    private Exporter(HTTPServer server) {
        this.server = server;
    }

    /**
     * Starts serving /metrics.
     *
     * @param err where unreadable processes are reported (once each)
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static Exporter start(Numa numa, ExporterSettings settings, PrintWriter err) {
        NumaUsage usage = NumaUsage.of(numa);
        FailureLog failures = new FailureLog(err);
        UsageCache cache = new UsageCache(usage::process, System::nanoTime, settings.minAge().toNanos(), failures);
        Set<Integer> self = selfAndAncestors();
        long pageSize = numa.pageSize();
        NumaCollector collector = new NumaCollector(() -> settings.selection().select(self, pageSize), cache,
                usage::nodes, System::nanoTime, settings.budget().toNanos(), failures);
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(collector);
        try {
            return new Exporter(HTTPServer.builder().hostname(settings.host()).port(settings.port())
                    .registry(registry).buildAndStart());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The port it listens on (the chosen one when started with port 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }

    private static Set<Integer> selfAndAncestors() {
        Set<Integer> pids = new HashSet<>();
        ProcessHandle h = ProcessHandle.current();
        while (h != null) {
            pids.add((int) h.pid());
            h = h.parent().orElse(null);
        }
        return pids;
    }
}
