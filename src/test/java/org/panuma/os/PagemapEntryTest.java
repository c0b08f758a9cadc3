package org.panuma.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bit layout from Documentation/admin-guide/mm/pagemap.rst. */
class PagemapEntryTest {
    @Test
    void presentExclusivePage_withPfn() {
        PagemapEntry e = new PagemapEntry((1L << 63) | (1L << 56) | (1L << 55) | 0x12345L);
        assertTrue(e.present());
        assertFalse(e.swapped());
        assertTrue(e.exclusivelyMapped());
        assertTrue(e.softDirty());
        assertFalse(e.fileOrSharedAnon());
        assertEquals(0x12345L, e.pfn());
    }

    @Test
    void presentPage_pfnHidden_readsAsZero() {
        PagemapEntry e = new PagemapEntry((1L << 63) | (1L << 61));
        assertTrue(e.present());
        assertTrue(e.fileOrSharedAnon());
        assertEquals(0, e.pfn());
    }

    @Test
    void swappedPage_hasTypeAndOffset_noPfn() {
        PagemapEntry e = new PagemapEntry((1L << 62) | (0x777L << 5) | 3);
        assertTrue(e.swapped());
        assertFalse(e.present());
        assertEquals(3, e.swapType());
        assertEquals(0x777L, e.swapOffset());
        assertEquals(0, e.pfn());
    }

    @Test
    void neverTouchedPage_isAllZero() {
        PagemapEntry e = new PagemapEntry(0);
        assertFalse(e.present());
        assertFalse(e.swapped());
        assertEquals(-1, e.swapType());
    }
}
