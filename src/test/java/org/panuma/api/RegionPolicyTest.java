package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.panuma.os.NumaMapsParser;
import org.panuma.spi.NoSuchProcessException;

/** What `panuma policy` renders: numa_maps lines as the api hands them out. */
class RegionPolicyTest {
    @Test
    void numaMapsLines_becomeRegionPolicies_withModeNodesAndPagesInNodeOrder() {
        List<RegionPolicy> r = NumaMapsParser.parse(String.join("\n",
                "7f00a0000000 prefer (many):1-2 anon=7 dirty=7 N2=4 N1=3 kernelpagesize_kB=4",
                "7f00a0200000 bind=static:0",
                "7f00a0400000 weighted interleave:0-1 file=/data/x N1=2 N0=5 kernelpagesize_kB=2048",
                "")).stream().map(RegionPolicy::of).toList();
        assertEquals(3, r.size());

        RegionPolicy many = r.get(0);
        assertEquals(0x7f00a0000000L, many.start());
        assertEquals("prefer (many):1-2", many.policy());
        assertEquals("prefer (many)", many.mode());
        assertEquals("1-2", many.policyNodes());
        assertEquals(List.of(1, 2), List.copyOf(many.pagesByNode().keySet()));
        assertEquals(7, many.pages());
        assertEquals(4096, many.pageSize());
        assertEquals("", many.path());

        RegionPolicy empty = r.get(1);
        assertEquals("bind", empty.mode());
        assertEquals("0", empty.policyNodes());
        assertEquals(0, empty.pages());
        assertEquals(0, empty.pageSize());

        RegionPolicy weighted = r.get(2);
        assertEquals("weighted interleave", weighted.mode());
        assertEquals(List.of(0, 1), List.copyOf(weighted.pagesByNode().keySet()));
        assertEquals(7, weighted.pages());
        assertEquals(2L << 20, weighted.pageSize());
        assertEquals("/data/x", weighted.path());
    }

    @Test
    void ofProcess_readsThisProcesssMappingsInAddressOrder() {
        List<RegionPolicy> mine = RegionPolicy.ofProcess((int) ProcessHandle.current().pid());
        assertTrue(mine.stream().anyMatch(r -> r.path().equals("[stack]")), mine.toString());
        for (int i = 1; i < mine.size(); i++) {
            assertTrue(Long.compareUnsigned(mine.get(i - 1).start(), mine.get(i).start()) < 0, mine.toString());
        }
    }

    @Test
    void ofProcess_ofNoProcess_throwsNoSuchProcess() {
        assertThrows(NoSuchProcessException.class, () -> RegionPolicy.ofProcess(0x3fffffff));
    }
}
