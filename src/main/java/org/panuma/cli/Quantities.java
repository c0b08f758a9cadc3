package org.panuma.cli;

import org.panuma.spi.Printable;
import java.time.Duration;
import java.util.Locale;

/** Sizes and durations as typed on the command line; a bad one is an IllegalArgumentException naming it. */
final class Quantities {
    private Quantities() {
    }

    /** "4096", "64K", "64M", "1G", "1GiB" → bytes (binary units). */
    static long size(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
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
            throw new IllegalArgumentException(Printable.quote(text) + " is not a size (e.g. 4096, 64K, 64M, 1G)");
        }
        long v = Long.parseLong(digits);
        if (v > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException(Printable.quote(text) + " is too large");
        }
        return v << shift;
    }

    /** Seconds, with a fraction ("0.5"); zero only when {@code zeroAllowed}. */
    static Duration seconds(String text, boolean zeroAllowed) {
        String t = text.strip();
        if (!t.matches("\\d{1,6}(\\.\\d{1,9})?")) {
            throw new IllegalArgumentException(Printable.quote(text) + " is not a number of seconds (e.g. 10, 0.5)");
        }
        Duration d = Duration.ofNanos(Math.round(Double.parseDouble(t) * 1e9));
        if (d.isZero() && !zeroAllowed) {
            throw new IllegalArgumentException(Printable.quote(text) + " must be more than 0 seconds");
        }
        return d;
    }
}
