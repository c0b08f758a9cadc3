package org.panuma.os;

import org.panuma.spi.RegionKind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SmapsParserTest {
    private static SmapsEntry at(List<SmapsEntry> all, long start) {
        return all.stream().filter(s -> s.mapping().start() == start).findFirst().orElseThrow();
    }

    @Test
    void sameMappingsAsMaps_inTheSameOrder() {
        List<SmapsEntry> smaps = SmapsParser.parse(Fixtures.text("c-target.smaps"));
        List<MapsEntry> maps = MapsParser.parse(Fixtures.text("c-target.maps"));
        assertEquals(maps.size(), smaps.size());
        for (int i = 0; i < maps.size(); i++) {
            assertEquals(maps.get(i), smaps.get(i).mapping());
        }
    }

    @Test
    void heap_hasRssAndBasePages() {
        SmapsEntry heap = at(SmapsParser.parse(Fixtures.text("c-target.smaps")), 0x560d49412000L);
        assertEquals(4096, heap.kernelPageSize());
        assertEquals(65 * 4096L, heap.rss());
        assertEquals(0, heap.anonHugePages());
        assertTrue(heap.hasPages());
        assertTrue(heap.vmFlags().contains("rd"));
    }

    @Test
    void transparentHugePages_areCountedAndEligible() {
        SmapsEntry thp = at(SmapsParser.parse(Fixtures.text("thp-hugetlb.smaps")), 0x7fd034400000L);
        assertEquals(4L << 20, thp.anonHugePages());
        assertEquals(4L << 20, thp.rss());
        assertTrue(thp.thpEligible());
        assertEquals(RegionKind.ANON, thp.mapping().kind());
    }

    @Test
    void hugetlbMapping_hasTheHugePageSize_andHugetlbKind() {
        SmapsEntry h = at(SmapsParser.parse(Fixtures.text("thp-hugetlb.smaps")), 0x7fd034000000L);
        assertEquals(2L << 20, h.kernelPageSize());
        assertEquals(RegionKind.HUGETLB, h.mapping().kind());
        assertEquals(0, h.rss()); // hugetlb pages are not counted in Rss ...
        assertEquals(4L << 20, h.hugetlb()); // ... but in Private_Hugetlb
        assertTrue(h.hasPages());
    }

    @Test
    void untouchedMapping_hasNoPages() {
        SmapsEntry empty = at(SmapsParser.parse(Fixtures.text("thp-hugetlb.smaps")), 0x7fd034800000L);
        assertFalse(empty.hasPages());
        assertFalse(empty.thpEligible());
    }

    /** Found by ProcParsersFuzzTest: "Rss: -1 kB" gave rss -1024, and 2^54 kB wrapped around to a negative size. */
    @ParameterizedTest
    @ValueSource(strings = {"-1 kB", "-0 kB", "+4 kB", "9007199254740992 kB", "99999999999999999999 kB",
            "\u0663 kB"})
    void negativeOrOverflowingSize_isRejected_namingTheValue(String value) {
        String text = "7f00-7f01 rw-p 00000000 00:00 0\nRss:  " + value + "\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SmapsParser.parse(text));
        assertTrue(e.getMessage().contains("'" + value + "'") && e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void vmFlags_areSplitAtRunsOfWhitespace_asTheRegexSplitDid() {
        String value = "rd wr\tmr  mw me\u000Bac sd";
        assertEquals(java.util.Arrays.asList(value.split("\\s+")), SmapsParser.words(value));
        assertEquals(List.of(), SmapsParser.words(""));
        String text = "7f00-7f01 rw-p 00000000 00:00 0\nRss:  4 kB\nVmFlags: rd wr  mr mw me ac ht \n";
        assertEquals(List.of("rd", "wr", "mr", "mw", "me", "ac", "ht"), SmapsParser.parse(text).get(0).vmFlags());
    }

    @Test
    void aLineWhoseKeyHasOtherCharacters_startsAMapping() {
        // "Key-with-dash: x" is not a key line; as a mapping line it is refused by name.
        String text = "7f00-7f01 rw-p 00000000 00:00 0\nRss:  4 kB\nBad-key: 1\n";
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SmapsParser.parse(text));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void largestSizeThatFits_isParsed() {
        long kb = Long.MAX_VALUE / 1024;
        String text = "7f00-7f01 rw-p 00000000 00:00 0\nRss:  " + kb + " kB\n";
        assertEquals(kb * 1024, SmapsParser.parse(text).get(0).rss());
    }
}
