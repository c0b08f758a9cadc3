package org.panuma.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FolioSizesTest {
    private static final long PAGE = 4096;
    private static final long PRESENT = 1L << 63;
    private static final long HEAD = 1L << KPageFlags.COMPOUND_HEAD;
    private static final long TAIL = 1L << KPageFlags.COMPOUND_TAIL;
    private static final long THP = 1L << KPageFlags.THP;

    /** Pages as (pfn, flags); pfn 0 is a page not present. */
    private static PageSnapshot pages(long[][] pfnAndFlags) {
        int n = pfnAndFlags.length;
        long[] addresses = new long[n];
        long[] pagemap = new long[n];
        long[] flags = new long[n];
        for (int i = 0; i < n; i++) {
            addresses[i] = 0x7f0000000000L + i * PAGE;
            pagemap[i] = pfnAndFlags[i][0] == 0 ? 0 : PRESENT | pfnAndFlags[i][0];
            flags[i] = pfnAndFlags[i][1];
        }
        return new PageSnapshot(addresses, pagemap, flags, new long[n], Set.of());
    }

    private static long[][] folio(long firstPfn, int pages) {
        long[][] f = new long[pages][];
        for (int i = 0; i < pages; i++) {
            f[i] = new long[] {firstPfn + i, (i == 0 ? HEAD : TAIL) | THP};
        }
        return f;
    }

    private static long[][] concat(long[][]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(long[][]::new);
    }

    @Test
    void basePagesAndLargeFolios_areCountedByTheirSize() {
        long[][] run = concat(new long[][] {{100, 0}, {7, 0}}, folio(0x1000, 16), folio(0x2000, 16),
                new long[][] {{0, 0}}, folio(0x40000, 512));
        assertEquals(Map.of(4096L, 2L, 65536L, 2L, 2097152L, 1L), FolioSizes.count(pages(run), PAGE));
    }

    @Test
    void aFolioCutByTheRangeOrNotPresent_countsItsMappedPart() {
        long[][] tailOnly = java.util.Arrays.copyOfRange(folio(0x1000, 16), 12, 16);
        long[][] withHole = concat(folio(0x2000, 16));
        withHole[8] = new long[] {0, 0};
        assertEquals(Map.of(16384L, 1L, 32768L, 1L, 28672L, 1L), FolioSizes.count(pages(concat(tailOnly, withHole)), PAGE));
    }

    @Test
    void tailsAtPfnsThatDoNotFollow_startAFolioOfTheirOwn() {
        long[][] run = concat(folio(0x1000, 4), folio(0x9000, 4));
        run[4][1] = TAIL | THP;   // a second folio mapped right after, its head elsewhere
        assertEquals(Map.of(16384L, 2L), FolioSizes.count(pages(run), PAGE));
    }

    @Test
    void withoutPageFlags_saysWhatCouldNotBeRead() {
        PageSnapshot hidden = new PageSnapshot(new long[] {0}, new long[] {PRESENT}, null, null,
                Set.of("pfn (hidden without CAP_SYS_ADMIN)"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FolioSizes.count(hidden, PAGE));
        assertTrue(e.getMessage().contains("pfn (hidden without CAP_SYS_ADMIN)"), e.getMessage());
    }
}
