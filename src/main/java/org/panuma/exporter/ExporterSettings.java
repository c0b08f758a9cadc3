package org.panuma.exporter;

import java.time.Duration;
import java.util.Objects;
import org.panuma.api.ProcessSelection;

/**
 * How an exporter runs.
 *
 * @param host      the address to listen on (a name or a literal)
 * @param port      the port; 0 picks a free one
 * @param selection the processes to watch
 * @param minAge    a process's numa_maps is read at most once per this
 * @param budget    a scrape stops reading processes after this long and shows the rest as they
 *                  were last read
 */
public record ExporterSettings(String host, int port, ProcessSelection selection, Duration minAge, Duration budget) {
    public ExporterSettings {
        Objects.requireNonNull(host);
        Objects.requireNonNull(selection);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 0 to 65535");
        }
        if (minAge.isNegative()) {
            throw new IllegalArgumentException("the minimum age must not be negative, got " + minAge);
        }
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("the scrape time bound must be positive, got " + budget);
        }
    }
}
