package org.panuma.cli;

/** Human-readable byte sizes for text output (JSON always carries exact bytes). */
final class Bytes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Bytes() {
    }

    static String human(long bytes) {
        if (bytes < 0 || bytes >= 1L << 53) {
            return humanByFormatter(bytes);
        }
        int u = 0;
        while (u < UNITS.length - 1 && bytes >= 1L << (10 * (u + 1))) {
            u++;
        }
        return u == 0 ? bytes + " B" : Columns.fixed(bytes, 10 * u, 1) + " " + UNITS[u];
    }

    /** The same text for any long, by Formatter (sizes beyond 8 PiB, or negative differences). */
    static String humanByFormatter(long bytes) {
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", v, UNITS[u]);
    }
}
