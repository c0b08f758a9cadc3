package org.panuma.api;

import org.panuma.spi.Printable;
/** Hex addresses as users type them: "0x7f00", "7f00", "0X7F00". */
public final class Addresses {
    private Addresses() {
    }

    /** @throws IllegalArgumentException naming the bad value (and the whole argument it came from) */
    public static long parse(String text, String whole) {
        String s = text.strip();
        String digits = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
        if (digits.isEmpty() || digits.length() > 16
                || !digits.chars().allMatch(Addresses::asciiHex)) {
            throw new IllegalArgumentException(Printable.quote(s) + (s.equals(whole.strip()) ? ""
                    : " in " + Printable.quote(whole.strip())) + " is not a hex address (like 0x7f3a2c000000)");
        }
        return Long.parseUnsignedLong(digits, 16);
    }

    /** 0-9, a-f, A-F: Character.digit would take any script's digits too. */
    private static boolean asciiHex(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** A comma-separated list of hex addresses. */
    public static long[] parseList(String text) {
        String[] parts = text.split(",", -1);
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parse(parts[i], text);
        }
        return out;
    }
}
