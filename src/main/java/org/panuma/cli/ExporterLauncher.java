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

    /** A host and port from "ADDR:PORT" ("[::1]:9464" for IPv6). */
    record Listen(String host, int port) {
        static Listen parse(String text) {
            String t = text.strip();
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || colon == t.length() - 1) {
                throw new IllegalArgumentException("'" + text + "' is not ADDR:PORT (e.g. 127.0.0.1:9464)");
            }
            String host = t.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                throw new IllegalArgumentException("'" + text + "': put an IPv6 address in brackets, e.g. [::1]:9464");
            }
            String p = t.substring(colon + 1);
            int port = p.matches("\\d{1,5}") ? Integer.parseInt(p) : -1;
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("'" + p + "' in '" + text + "' is not a port (0 to 65535)");
            }
            return new Listen(host, port);
        }
    }

    /** "4096", "64K", "64M", "1G", "1GiB" → bytes (binary units). */
    static long size(String text) {
        String t = text.strip().toUpperCase(java.util.Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = 0;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> shift = 10;
                case 'M' -> shift = 20;
                case 'G' -> shift = 30;
                case 'T' -> shift = 40;
                default -> shift = 0;
            }
        }
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        if (!digits.matches("\\d{1,15}")) {
            throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 4096, 64K, 64M, 1G)");
        }
        long v = Long.parseLong(digits);
        if (v > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return v << shift;
    }

    /** Seconds, with a fraction ("0.5"); zero only when {@code zeroAllowed}. */
    static Duration seconds(String text, boolean zeroAllowed) {
        String t = text.strip();
        if (!t.matches("\\d{1,6}(\\.\\d{1,9})?")) {
            throw new IllegalArgumentException("'" + text + "' is not a number of seconds (e.g. 10, 0.5)");
        }
        Duration d = Duration.ofNanos(Math.round(Double.parseDouble(t) * 1e9));
        if (d.isZero() && !zeroAllowed) {
            throw new IllegalArgumentException("'" + text + "' must be more than 0 seconds");
        }
        return d;
    }

    static AutoCloseable start(Numa numa, Listen listen, ProcessSelection selection, Duration minAge,
                               Duration timeout, PrintWriter out, PrintWriter err) {
        Exporter exporter = Exporter.start(numa, new ExporterSettings(listen.host(), listen.port(), selection, minAge,
                timeout), err);
        out.printf("panuma exporter: serving http://%s:%d/metrics%n",
                listen.host().contains(":") ? "[" + listen.host() + "]" : listen.host(), exporter.port());
        out.flush();
        return exporter;
    }
}
