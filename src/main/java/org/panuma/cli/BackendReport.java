package org.panuma.cli;

import java.util.Map;
import org.panuma.spi.Availability;
import org.panuma.api.Numa;

/**
 * Every backend's availability ({@link Numa#backendReport()}), probed on a thread of its own while
 * the command opens its backend and reads the topology. Why: `panuma nodes --json` reports the
 * JNA backend even when FFM serves, and probing JNA extracts and loads its native library, tens
 * of milliseconds that need not come after the FFM backend's own start. Text output does not
 * probe: it names the backend in use only.
 */
final class BackendReport {
    private final Thread thread;
    private volatile Map<String, Availability> report;
    private volatile RuntimeException failure;

    private BackendReport() {
        thread = new Thread(this::probe, "panuma-backend-probe");
        thread.setDaemon(true);
    }

    /** Starts probing now. */
    static BackendReport start() {
        BackendReport r = new BackendReport();
        r.thread.start();
        return r;
    }

    private void probe() {
        try {
            report = Numa.backendReport();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** The report, waiting for the probe to finish. */
    Map<String, Availability> get() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Numa.backendReport();
        }
        if (failure != null) {
            throw failure;
        }
        return report;
    }
}
