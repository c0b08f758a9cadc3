package org.panuma.spi;

import java.util.BitSet;

/**
 * Parses the kernel's id lists as sysfs prints them ({@code cpulist}, {@code online},
 * {@code possible}, {@code has_memory}): "0-3,8,10-11", possibly empty, possibly with a trailing
 * newline. Pure function.
 */
public final class IdListParser {
    /** Guards against "0-4294967295" blowing the heap: no kernel has more ids than this. */
    public static final int MAX_ID = 1 << 20;

    private IdListParser() {
    }

    /**
     * @throws IllegalArgumentException naming the bad part, for anything that is not a list
     */
    public static BitSet parse(String text) {
        BitSet ids = new BitSet();
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return ids;
        }
        for (String part : trimmed.split(",", -1)) {
            int dash = part.indexOf('-');
            if (dash < 0) {
                ids.set(id(part, text));
            } else {
                int from = id(part.substring(0, dash), text);
                int to = id(part.substring(dash + 1), text);
                if (to < from) {
                    throw new IllegalArgumentException("range " + Printable.quote(part) + " runs backwards in id list "
                            + Printable.quote(trimmed));
                }
                ids.set(from, to + 1);
            }
        }
        return ids;
    }

    private static int id(String s, String whole) {
        String t = s.strip();
        if (t.isEmpty() || t.length() > 8 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(Printable.quote(t) + " is not an id in id list " + Printable.quote(whole.strip()));
        }
        int v = Integer.parseInt(t);
        if (v > MAX_ID) {
            throw new IllegalArgumentException("id " + v + " is too large in id list " + Printable.quote(whole.strip()));
        }
        return v;
    }
}
