package org.panuma.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Folio extents from kpageflags words shaped like a 6.12 guest's for a 64 KiB mTHP at PFN 0x1000. */
class FolioExtentsTest {
    static final long PRESENT = 1L << 63;
    static final long HEAD = 1L << KPageFlags.COMPOUND_HEAD | 1L << KPageFlags.THP | 1L << KPageFlags.LRU | 1L << KPageFlags.ANON;
    static final long TAIL = 1L << KPageFlags.COMPOUND_TAIL | 1L << KPageFlags.THP | 1L << KPageFlags.ANON;
    static final long BASE = 1L << KPageFlags.LRU | 1L << KPageFlags.ANON;

    static Map<Long, Long> machine() {
        Map<Long, Long> flags = new HashMap<>();
        flags.put(0x1000L, HEAD);
        for (long p = 0x1001; p < 0x1010; p++) {
            flags.put(p, TAIL);
        }
        flags.put(0x1010L, BASE);
        flags.put(0x2000L, BASE);
        return flags;
    }

    @Test
    void aTailFindsItsHeadBelow_andTheFolioIsTheHeadAndItsTails() {
        Map<Long, Long> m = machine();
        long[] pfns = {0x1005, 0x1000, 0x2000};
        long[] pagemap = new long[3];
        long[] flags = new long[3];
        for (int i = 0; i < 3; i++) {
            pagemap[i] = PRESENT | pfns[i];
            flags[i] = m.get(pfns[i]);
        }
        PageSnapshot s = new PageSnapshot(new long[] {0x7f0000005000L, 0x7f0000000000L, 0x7f0000100000L}, pagemap, flags,
                new long[] {1, 1, 1}, Set.of());
        FolioExtents f = FolioExtents.of(s, p -> m.getOrDefault(p, 0L));
        assertArrayEquals(new long[] {0x1000, 0x1000, 0}, f.headPfn());
        assertArrayEquals(new int[] {16, 16, 0}, f.pages());
        assertEquals(HEAD, f.headFlags()[0], "the folio's flags are its head's (6.1 shows no KPF_LRU on a tail)");
    }

    @Test
    void withoutPageFlags_everyPageIsABasePage() {
        PageSnapshot s = new PageSnapshot(new long[] {0x1000}, new long[] {PRESENT}, null, null, Set.of("pfn"));
        assertArrayEquals(new int[] {0}, FolioExtents.of(s, p -> 0).pages());
    }
}
