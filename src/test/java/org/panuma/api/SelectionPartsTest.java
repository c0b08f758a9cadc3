package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.panuma.spi.RegionKind;

class SelectionPartsTest {
    private static MemoryRegion region(long start, long end, RegionKind kind, String path, long pageSize) {
        return new MemoryRegion(start, end, "rw-p", kind, path, pageSize, 0, true, true);
    }

    @Test
    void range_parsesHexWithOrWithout0x() {
        AddressRange r = AddressRange.parse("0x7f0000000000-7f0000200000");
        assertEquals(0x7f0000000000L, r.start());
        assertEquals(0x7f0000200000L, r.end());
    }

    @Test
    void badRanges_areNamed() {
        for (String bad : new String[] {"zz", "0x10-0x5", "0x10-0x10", "0x10-", "12345"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressRange.parse(bad), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void addressList_namesTheBadEntry() {
        assertArrayEquals(new long[] {0x1000, 0x2000}, Addresses.parseList("0x1000,2000"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Addresses.parseList("0x1000,0xnope"));
        assertTrue(e.getMessage().contains("'0xnope'"), e.getMessage());
    }

    @Test
    void regionFilter_kindsAndGlobs() {
        MemoryRegion libc = region(0x1000, 0x3000, RegionKind.FILE, "/usr/lib/x86_64-linux-gnu/libc.so.6", 4096);
        MemoryRegion heap = region(0x5000, 0x9000, RegionKind.HEAP, "[heap]", 4096);
        assertTrue(RegionFilter.parse("heap").matches(heap));
        assertFalse(RegionFilter.parse("heap").matches(libc));
        assertTrue(RegionFilter.parse("file").matches(libc));
        assertTrue(RegionFilter.parse("*libc*").matches(libc));
        assertFalse(RegionFilter.parse("*libm*").matches(libc));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegionFilter.parse("heep"));
        assertTrue(e.getMessage().contains("'heep'"), e.getMessage());
        assertTrue(e.getMessage().contains("heap, stack, anon, file, shm, hugetlb"), e.getMessage());
    }

    @Test
    void regionGlob_starsAndQuestionMarks_matchLikeAShell() {
        String[] yes = {"*", "*libc*", "/usr/*/libc.so.?", "*lib*lib*", "*.6", "/usr/lib/x86_64-linux-gnu/libc.so.6",
            "**libc**", "/*/*/*/*"};
        String[] no = {"*libm*", "libc*", "*.5", "/usr/lib/x86_64-linux-gnu/libc.so.", "*lib*lib*lib*lib*", "?"};
        MemoryRegion libc = region(0x1000, 0x3000, RegionKind.FILE, "/usr/lib/x86_64-linux-gnu/libc.so.6", 4096);
        for (String g : yes) {
            assertTrue(RegionFilter.parse(g).matches(libc), g);
        }
        for (String g : no) {
            assertFalse(RegionFilter.parse(g).matches(libc), g);
        }
    }

    @Test
    void regionGlob_manyStarsOnALongPath_answersAtOnce() {
        // With each * a regex .*, this took more than a minute (backtracking over every star).
        MemoryRegion longPath = region(0x1000, 0x3000, RegionKind.FILE, "/" + "lib".repeat(1200) + "x", 4096);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertFalse(RegionFilter.parse("*lib*lib*lib*.so*").matches(longPath));
            assertFalse(RegionFilter.parse("*l*i*b*l*i*b*l*i*b*y").matches(longPath));
            assertTrue(RegionFilter.parse("*l*i*b*l*i*b*l*i*b*x").matches(longPath));
        });
    }

    @Test
    void pageWalk_onePerPage_clippedToTheRange_chunked() {
        MemoryRegion r = region(0x10000, 0x20000, RegionKind.ANON, "", 4096);
        Selection sel = new Selection(List.of(), AddressRange.parse("0x12800-0x15000"), null, null);
        List<long[]> chunks = PageWalk.chunks(r, sel, 2);
        assertEquals(2, chunks.size());
        assertArrayEquals(new long[] {0x12000, 0x13000}, chunks.get(0));
        assertArrayEquals(new long[] {0x14000}, chunks.get(1));
    }

    @Test
    void pageWalk_onePerHugePage() {
        MemoryRegion r = region(0x40000000L, 0x40800000L, RegionKind.HUGETLB, "/anon_hugepage (deleted)", 2 << 20);
        List<long[]> chunks = PageWalk.chunks(r, Selection.all(), 1000);
        assertArrayEquals(new long[] {0x40000000L, 0x40200000L, 0x40400000L, 0x40600000L}, chunks.get(0));
    }

    @Test
    void pageWalk_exactAddresses_alignedDown_onlyThoseInTheRegion() {
        MemoryRegion r = region(0x10000, 0x20000, RegionKind.ANON, "", 4096);
        Selection sel = new Selection(List.of(), null, new long[] {0x10010, 0x30000, 0x1ffff}, null);
        assertArrayEquals(new long[] {0x10000, 0x1f000}, PageWalk.chunks(r, sel, 10).get(0));
    }
}
