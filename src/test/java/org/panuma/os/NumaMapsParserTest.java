package org.panuma.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumaMapsParserTest {
    private static NumaMapsEntry at(List<NumaMapsEntry> all, long start) {
        return all.stream().filter(s -> s.start() == start).findFirst().orElseThrow();
    }

    @Test
    void heap_defaultPolicy_pagesPerNode() {
        NumaMapsEntry heap = at(NumaMapsParser.parse(Fixtures.text("c-target.numa_maps")), 0x560d49412000L);
        assertEquals("default", heap.policy());
        assertEquals("default", heap.mode());
        assertEquals(Map.of(0, 65L), heap.pagesByNode());
        assertEquals(4096, heap.kernelPageSize());
        assertEquals("[heap]", heap.path());
    }

    @Test
    void escapedPath_isUnescaped() {
        NumaMapsEntry shm = at(NumaMapsParser.parse(Fixtures.text("c-target.numa_maps")), 0x7fca54eaa000L);
        assertEquals("/memfd:panuma-target-shm (deleted)", shm.path());
    }

    @Test
    void regionWithoutPages_hasOnlyAPolicy() {
        NumaMapsEntry vvar = at(NumaMapsParser.parse(Fixtures.text("c-target.numa_maps")), 0x7fca54eb4000L);
        assertTrue(vvar.pagesByNode().isEmpty());
        assertEquals(0, vvar.kernelPageSize());
    }

    @Test
    void everyPolicyTheKernelPrints_isParsed() {
        List<NumaMapsEntry> p = NumaMapsParser.parse(Fixtures.text("policies.numa_maps"));
        NumaMapsEntry bind = at(p, 0x7ff05cffa000L);
        assertEquals("bind:0", bind.policy());
        assertEquals("bind", bind.mode());
        assertEquals("0", bind.policyNodes());
        assertEquals("prefer", at(p, 0x7ff05cffe000L).mode());
        assertEquals("local", at(p, 0x7ff05cff8000L).mode());
        NumaMapsEntry staticBind = at(p, 0x7ff05cff6000L);
        assertEquals("bind=static:0", staticBind.policy());
        assertEquals("bind", staticBind.mode());
        assertEquals("interleave", at(p, 0x7ff05cffb000L).mode());
        NumaMapsEntry weighted = NumaMapsParser.parseLine("7f00 weighted interleave:0-1 anon=2 N0=1 N1=1", 1);
        assertEquals("weighted interleave:0-1", weighted.policy());
        assertEquals(Map.of(0, 1L, 1, 1L), weighted.pagesByNode());
    }

    @Test
    void hugetlb_isMarkedHuge_withTheHugePageSize() {
        NumaMapsEntry h = at(NumaMapsParser.parse(Fixtures.text("thp-hugetlb.numa_maps")), 0x7fd034000000L);
        assertTrue(h.huge());
        assertEquals(2L << 20, h.kernelPageSize());
        assertEquals(Map.of(0, 2L), h.pagesByNode());
        assertFalse(at(NumaMapsParser.parse(Fixtures.text("thp-hugetlb.numa_maps")), 0x7fd034400000L).huge());
    }

    @Test
    void badNodeCount_isRejected_namingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NumaMapsParser.parse("7f00 default N0=x\n"));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    }

    /**
     * Found by ProcParsersFuzzTest: "kernelpagesize_kB=-1" gave a page size of -1024, "N4294967296=1"
     * became node 0 (the int cast dropped the high bits), "N0=-5" a negative count.
     */
    @ParameterizedTest
    @ValueSource(strings = {"kernelpagesize_kB=-1", "kernelpagesize_kB=9007199254740992", "N0=-5",
            "N4294967296=1", "N2147483648=1", "N0=+1", "N\u0663=1"})
    void negativeOrOverflowingNumber_isRejected_namingTheValue(String field) {
        String line = "7f0000000000 default anon=1 " + field;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NumaMapsParser.parse(line));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains(line), e.getMessage());
    }

    /** Found by ProcParsersFuzzTest: a doubled space made the policy "" and dropped the real one. */
    @Test
    void fieldsSeparatedByRunsOfBlanks_keepTheirMeaning() {
        NumaMapsEntry e = NumaMapsParser.parse("7f0000000000  bind:1 \tanon=2  N1=2 kernelpagesize_kB=4\n").get(0);
        assertEquals("bind:1", e.policy());
        assertEquals(Map.of(1, 2L), e.pagesByNode());
        assertEquals(4096, e.kernelPageSize());
    }

    /** mm/mempolicy.c prints MPOL_PREFERRED_MANY as "prefer (many)": its nodes were lost at the space. */
    @Test
    void preferredMany_keepsItsTwoWordNameAndNodes() {
        NumaMapsEntry many = NumaMapsParser.parseLine("7f00 prefer (many):0-1 anon=2 dirty=2 N1=2 kernelpagesize_kB=4", 1);
        assertEquals("prefer (many):0-1", many.policy());
        assertEquals("prefer (many)", many.mode());
        assertEquals("0-1", many.policyNodes());
        assertEquals(Map.of(1, 2L), many.pagesByNode());
    }

    @Test
    void words_areWhatSplittingAtWhitespaceRunsGives() {
        for (String line : List.of("7f0000000000 default anon=3 N0=3 kernelpagesize_kB=4", "  a\tb  c ", "",
                " ", "x", "weighted interleave:0-1 N1=2", "a\u000Bb\fc\rd")) {
            String stripped = line.strip();
            String[] expected = stripped.isEmpty() ? new String[0] : stripped.split("\\s+");
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, NumaMapsParser.words(line), "'" + line + "'");
        }
    }
}
