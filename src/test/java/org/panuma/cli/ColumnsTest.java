package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Columns must write what String.format wrote before it, digit for digit. */
class ColumnsTest {
    @Test
    void padding_isFormattersPadding() {
        for (String s : new String[] {"", "a", "Node 0", "exactly15chars!", "longer than fifteen characters"}) {
            assertEquals(String.format("%-15s", s), Columns.left(s, 15));
            assertEquals(String.format("%15s", s), Columns.right(s, 15));
        }
        for (long v : new long[] {0, 7, -3, 12345, 123456, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertEquals(String.format(Locale.ROOT, "%5d", v), Columns.right(v, 5));
        }
    }

    @Test
    void megabytes_roundAsPercentTwoF_atTheHalfAndAroundIt() {
        // 0.005 MiB is 5242.88 bytes: the values either side of each half-hundredth, and exact halves
        // (a multiple of 2^17 / 25 hundredths of a MiB ends in 5 exactly).
        long[] probes = {0, 1, 5242, 5243, 10485, 10486, 1 << 20, (1 << 20) - 1, 3L * 131072, 25L * 131072 / 25,
                655360, 655361, 1L << 40, (1L << 53) - 1};
        for (long b : probes) {
            assertEquals(String.format(Locale.ROOT, "%.2f", b / (double) (1 << 20)), Columns.fixed(b, 20, 2), "bytes " + b);
        }
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 200_000; i++) {
            long b = random.nextLong(1L << (1 + random.nextInt(52)));
            assertEquals(String.format(Locale.ROOT, "%.2f", b / (double) (1 << 20)), Columns.fixed(b, 20, 2), "bytes " + b);
        }
    }

    @Test
    void humanSizes_matchTheFormatterVersion() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 200_000; i++) {
            long b = random.nextLong(1L << (1 + random.nextInt(52)));
            assertEquals(Bytes.humanByFormatter(b), Bytes.human(b), "bytes " + b);
        }
        for (int shift = 0; shift < 63; shift++) {
            for (long b : new long[] {(1L << shift) - 1, 1L << shift, (1L << shift) + 1}) {
                assertEquals(Bytes.humanByFormatter(b), Bytes.human(b), "bytes " + b);
            }
        }
        assertEquals("-5 B", Bytes.human(-5));
    }

    @Test
    void fixed_refusesWhatItCannotWriteExactly() {
        assertThrows(IllegalArgumentException.class, () -> Columns.fixed(-1, 20, 2));
        assertThrows(IllegalArgumentException.class, () -> Columns.fixed(1L << 53, 20, 2));
        assertThrows(IllegalArgumentException.class, () -> Columns.fixed(5, 20, 4));
    }
}
