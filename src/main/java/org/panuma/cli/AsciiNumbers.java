package org.panuma.cli;

import org.panuma.spi.Printable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Numeric option values as people type them: ASCII digits only. Java's own parsers take any
 * Unicode digit ("١٠" is 10 to Integer.parseInt) and suffixes such as "1d" or "0x1p4" for a
 * double; a pid is ASCII-only, so every other number is too, and the same text means the same
 * number everywhere.
 */
final class AsciiNumbers {
    private AsciiNumbers() {
    }

    static final ITypeConverter<Integer> INTEGER = AsciiNumbers::integer;
    static final ITypeConverter<Double> DECIMAL = AsciiNumbers::decimal;

    static int integer(String text) {
        String s = text.strip();
        String digits = s.startsWith("-") ? s.substring(1) : s;
        if (digits.isEmpty() || digits.length() > 10 || !ascii(digits)) {
            throw new TypeConversionException(Printable.quote(text) + " is not a whole number (ASCII digits 0-9)");
        }
        long v = Long.parseLong(s);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new TypeConversionException(Printable.quote(text) + " is too large");
        }
        return (int) v;
    }

    static double decimal(String text) {
        String s = text.strip();
        String unsigned = s.startsWith("-") ? s.substring(1) : s;
        int dot = unsigned.indexOf('.');
        String whole = dot < 0 ? unsigned : unsigned.substring(0, dot);
        String fraction = dot < 0 ? "" : unsigned.substring(dot + 1);
        if (whole.isEmpty() && fraction.isEmpty() || unsigned.length() > 30 || !ascii(whole) || !ascii(fraction)
                || dot >= 0 && fraction.isEmpty()) {
            throw new TypeConversionException(Printable.quote(text) + " is not a number (ASCII digits 0-9, one optional '.')");
        }
        return Double.parseDouble(s);
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
