package org.panuma.api;

/**
 * Fills int arrays by doubling copies: one element is set, then System.arraycopy copies what is
 * filled onto what is not, so a fill of n entries takes log2(n) native copies and no per-entry
 * bytecode. A move's arrays are filled once per command, before the JIT has compiled
 * {@link java.util.Arrays#fill(int[], int, int, int)}; interpreted, its loop over a 256 MiB move's
 * 65,536 entries cost milliseconds of the timed phase under emulation (the NUMA guests).
 */
final class IntFill {
    private IntFill() {
    }

    /** Sets {@code a[from, to)} to {@code value}, as {@link java.util.Arrays#fill(int[], int, int, int)} does. */
    static void fill(int[] a, int from, int to, int value) {
        if (from < 0 || from > to || to > a.length) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of an array of " + a.length);
        }
        if (from == to) {
            return;
        }
        a[from] = value;
        for (int filled = 1; filled < to - from; filled *= 2) {
            System.arraycopy(a, from, a, from + filled, Math.min(filled, to - from - filled));
        }
    }
}
