package org.panuma.cli;

/**
 * The cells of panuma's text tables, padded and rounded as {@code String.format}'s {@code %-Ns},
 * {@code %Ns}, {@code %Nd} and {@code %.Nf} would, without {@link java.util.Formatter}: its first
 * number loads the locale's decimal symbols, which cost more than the rest of printing
 * `panuma nodes` or `panuma where PID` (BENCHMARKS.md, item 5). Digits are always ASCII.
 */
final class Columns {
    private Columns() {
    }

    /** {@code %-Ns}: {@code s}, then spaces up to {@code width} characters. */
    static String left(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** {@code %Ns}: spaces up to {@code width} characters, then {@code s}. */
    static String right(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /** {@code %Nd}. */
    static String right(long v, int width) {
        return right(Long.toString(v), width);
    }

    /**
     * {@code value / 2^shift} with {@code places} decimals (1 to 3), rounded half up, as
     * {@code %.Nf} writes it for a double holding that quotient exactly.
     *
     * @param value non-negative and below 2^53 (exact as a double; times 1000 it still fits a long)
     */
    static String fixed(long value, int shift, int places) {
        if (value < 0 || value >= 1L << 53 || shift < 0 || shift > 62 || places < 1 || places > 3) {
            throw new IllegalArgumentException("cannot write " + value + " / 2^" + shift + " with " + places
                    + " decimals");
        }
        long scale = places == 1 ? 10 : places == 2 ? 100 : 1000;
        long scaled = value * scale;
        long units = shift == 0 ? scaled : (scaled + (1L << (shift - 1))) >>> shift;
        String digits = Long.toString(units);
        if (digits.length() <= places) {
            digits = "0".repeat(places - digits.length() + 1) + digits;
        }
        int point = digits.length() - places;
        return digits.substring(0, point) + '.' + digits.substring(point);
    }
}
