package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PageRangeTest {
    private static final int PAGE = 4096;

    @Test
    void coveringRange_spansEveryPageTheBytesTouch() {
        PageRange r = PageRange.covering(0x10000 + 100, PAGE, PAGE);
        assertEquals(0x10000, r.start());
        assertEquals(2, r.pages());
        assertArrayEquals(new long[] {0x10000, 0x11000}, r.addresses());
    }

    @Test
    void coveringRange_ofWholePages_isExact() {
        PageRange r = PageRange.covering(0x10000, 3L * PAGE, PAGE);
        assertEquals(3, r.pages());
        assertEquals(0x10000 + 3L * PAGE, r.end());
    }

    @Test
    void alignedRange_roundsTheLengthUpToWholePages() {
        assertEquals(1, PageRange.aligned(0x10000, 1, PAGE).pages());
        assertEquals(2, PageRange.aligned(0x10000, PAGE + 1, PAGE).pages());
    }

    @Test
    void alignedRange_refusesAnUnalignedAddress() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PageRange.aligned(0x10008, PAGE, PAGE));
        assertEquals("address 0x10008 is not aligned to the page size 4096", e.getMessage());
    }

    @Test
    void emptyNegativeNullAndWrappingRanges_areRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PageRange.covering(0x10000, 0, PAGE))
                .getMessage().contains("must be positive, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PageRange.aligned(0x10000, -5, PAGE))
                .getMessage().contains("got -5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PageRange.aligned(0, PAGE, PAGE))
                .getMessage().contains("null pointer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PageRange.aligned(-2L * PAGE, 4L * PAGE, PAGE))
                .getMessage().contains("wraps around"));
    }

    @Test
    void moreThanIntPages_isRefusedWithAHint() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> PageRange.aligned(PAGE, (Integer.MAX_VALUE + 1L) * PAGE, PAGE)).getMessage().contains("split"));
    }
}
