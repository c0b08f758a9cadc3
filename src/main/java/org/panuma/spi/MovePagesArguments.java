package org.panuma.spi;

import java.util.Objects;

/** The checks every backend makes on move_pages' array arguments before touching native memory. */
public final class MovePagesArguments {
    private MovePagesArguments() {
    }

    /**
     * @throws IllegalArgumentException naming the bad value when the range does not fit an array
     */
    public static void check(long[] pages, int[] nodes, int[] status, int offset, int count) {
        Objects.requireNonNull(pages, "pages");
        Objects.requireNonNull(status, "status");
        if (offset < 0 || count < 0) {
            throw new IllegalArgumentException("offset " + offset + " and count " + count + " must not be negative");
        }
        fits("pages", pages.length, offset, count);
        fits("status", status.length, offset, count);
        if (nodes != null) {
            fits("nodes", nodes.length, offset, count);
        }
    }

    private static void fits(String name, int length, int offset, int count) {
        if ((long) offset + count > length) {
            throw new IllegalArgumentException("offset " + offset + " + count " + count + " runs past the end of "
                    + name + " (length " + length + ")");
        }
    }
}
