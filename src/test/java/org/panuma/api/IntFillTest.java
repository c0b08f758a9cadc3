package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The doubling fill sets exactly the range Arrays.fill would, for every range of small arrays and a batch-sized one. */
class IntFillTest {
    @Test
    void everyRange_isFilledAsArraysFillDoes_andNothingElse() {
        for (int length : new int[] {0, 1, 2, 3, 7, 8, 9, 33}) {
            for (int from = 0; from <= length; from++) {
                for (int to = from; to <= length; to++) {
                    int[] expected = new int[length];
                    int[] actual = new int[length];
                    for (int i = 0; i < length; i++) {
                        expected[i] = actual[i] = i + 100;
                    }
                    Arrays.fill(expected, from, to, -7);
                    IntFill.fill(actual, from, to, -7);
                    assertArrayEquals(expected, actual, "length " + length + ", [" + from + ", " + to + ")");
                }
            }
        }
    }

    @Test
    void aBatchOfAMove_offsetInItsList() {
        int[] actual = new int[3 * 8192];
        IntFill.fill(actual, 8192, 2 * 8192 - 1, 1);
        int[] expected = new int[3 * 8192];
        Arrays.fill(expected, 8192, 2 * 8192 - 1, 1);
        assertArrayEquals(expected, actual);
    }

    @Test
    void aRangeOutsideTheArray_isRefused_namingIt() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> IntFill.fill(new int[4], 2, 5, 0));
        assertTrue(e.getMessage().contains("[2, 5)") && e.getMessage().contains("of 4"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> IntFill.fill(new int[4], 3, 2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> IntFill.fill(new int[4], -1, 2, 0));
    }
}
