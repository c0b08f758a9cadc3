package org.panuma.os;

/**
 * The decimal numbers /proc prints (sizes, counts, node ids): ASCII digits only, no sign, and
 * small enough for what they count. Anything else is text the kernel did not write.
 */
final class ProcNumbers {
    private ProcNumbers() {
    }

    /** The value of {@code s}, or -1 when it is not 1 to 19 ASCII digits that fit a long. */
    static long unsigned(String s) {
        if (s.isEmpty() || s.length() > 19) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException tooBig) {
            return -1;
        }
    }

    /** {@code s} kibibytes in bytes, or -1 when {@code s} is no number or the bytes overflow a long. */
    static long kibibytes(String s) {
        long kb = unsigned(s);
        return kb < 0 || kb > Long.MAX_VALUE / 1024 ? -1 : kb * 1024;
    }
}
