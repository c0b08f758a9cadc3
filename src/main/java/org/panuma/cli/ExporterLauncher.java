package org.panuma.cli;

import java.io.PrintWriter;
import java.time.Duration;
import org.panuma.api.Numa;
import org.panuma.api.ProcessSelection;
import org.panuma.exporter.Exporter;
import org.panuma.exporter.ExporterSettings;

/**
 * The one class of the CLI that reaches the exporter (and through it the Prometheus client):
 * loaded only when `panuma exporter` runs, so the other commands' start-up is unchanged.
 */
final class ExporterLauncher {
    private ExporterLauncher() {
    }

    /**
     * Starts the exporter and says where it serves, as text or as one JSON line
     * ({@code {"url":"http://127.0.0.1:9464/metrics","port":9464}}).
     *
     * @throws UsageException when the address cannot be bound (in use, not this host's)
     */
    static AutoCloseable start(Numa numa, ListenAddress listen, ProcessSelection selection, Duration minAge,
                               Duration timeout, boolean json, PrintWriter out, PrintWriter err) {
        Exporter exporter;
        try {
            exporter = Exporter.start(numa, new ExporterSettings(listen.host(), listen.port(), selection, minAge,
                    timeout), err);
        } catch (java.io.UncheckedIOException e) {
            throw new UsageException("--listen: " + e.getMessage());
        }
        String url = "http://" + (listen.host().contains(":") ? "[" + listen.host() + "]" : listen.host()) + ":"
                + exporter.port() + "/metrics";
        if (json) {
            out.println(Json.object().put("url", url).put("port", exporter.port()).toString());
        } else {
            out.println("panuma exporter: serving " + url);
        }
        out.flush();
        return exporter;
    }
}
