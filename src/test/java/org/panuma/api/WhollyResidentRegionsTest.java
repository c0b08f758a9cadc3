package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panuma.os.ProcFs;
import org.panuma.os.SmapsEntry;
import org.panuma.os.SmapsParser;

/** On smaps and numa_maps read from the same live processes (test fixtures). */
class WhollyResidentRegionsTest {
    private static final int PID = 4242;

    @TempDir
    Path proc;

    private static String fixture(String name) throws IOException {
        try (var in = WhollyResidentRegionsTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private Map<Long, Map<Integer, Long>> read(String smapsFixture, String numaMaps) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Integer.toString(PID)));
        String smaps = fixture(smapsFixture);
        Files.writeString(dir.resolve("smaps"), smaps);
        if (numaMaps != null) {
            Files.writeString(dir.resolve("numa_maps"), numaMaps);
        }
        List<SmapsEntry> entries = SmapsParser.parse(smaps);
        return WhollyResidentRegions.read(new ProcFs(proc), PID, entries, 4096);
    }

    @Test
    void regionsWhoseRssIsTheirLength_andWhoseNodeCountsCoverEveryPage_areCounted() throws IOException {
        Map<Long, Map<Integer, Long>> r = read("c-target.smaps", fixture("c-target.numa_maps"));

        assertEquals(Map.of(0, 1L), r.get(0x560d3d1fd000L));     // 4 kB of /tmp/pt
        assertEquals(Map.of(0, 16L), r.get(0x7fca54ba1000L));    // the 64 kB mapped file
        assertEquals(Map.of(0, 38L), r.get(0x7fca54cc4000L));    // libc, 152 kB
        assertEquals(Map.of(0, 8L), r.get(0x7fca54eaa000L));     // the memfd shm, 32 kB
    }

    @Test
    void partlyResidentAndUnmovableRegions_areLeftToTheQueries() throws IOException {
        Map<Long, Map<Integer, Long>> r = read("c-target.smaps", fixture("c-target.numa_maps"));

        assertFalse(r.containsKey(0x560d49412000L), "heap: Rss 260 of 264 kB");
        assertFalse(r.containsKey(0x7fca54bb1000L), "anon: Rss 1032 of 1100 kB");
        assertFalse(r.containsKey(0x7fca54eba000L), "[vdso] is not migratable");
        assertFalse(r.containsKey(0x7fca54eb4000L), "[vvar]: nothing resident");
        assertFalse(r.containsKey(0xffffffffff600000L), "[vsyscall]");
    }

    @Test
    void aPageTheWalkDidNotCount_likeTheSharedZeroPage_sendsTheRegionToTheQueries() throws IOException {
        String numaMaps = fixture("c-target.numa_maps")
                .replace("dirty=16 active=0 N0=16", "dirty=15 active=0 N0=15");

        Map<Long, Map<Integer, Long>> r = read("c-target.smaps", numaMaps);

        assertFalse(r.containsKey(0x7fca54ba1000L), r.toString());
        assertEquals(Map.of(0, 38L), r.get(0x7fca54cc4000L));
    }

    @Test
    void countsOnSeveralNodes_areKeptPerNode() throws IOException {
        String numaMaps = fixture("c-target.numa_maps").replace("N0=38", "N0=30 N1=8");

        assertEquals(Map.of(0, 30L, 1, 8L), read("c-target.smaps", numaMaps).get(0x7fca54cc4000L));
    }

    @Test
    void transparentHugePages_countInBasePages_andHugetlbIsAlwaysQueried() throws IOException {
        Map<Long, Map<Integer, Long>> r = read("thp-hugetlb.smaps", fixture("thp-hugetlb.numa_maps"));

        assertEquals(Map.of(0, 1024L), r.get(0x7fd034400000L));  // 4 MiB of THP, 1024 base pages
        assertFalse(r.containsKey(0x7fd034000000L), "hugetlb");
        assertFalse(r.containsKey(0x7fd034800000L), "nothing resident");
    }

    @Test
    void withoutNumaMaps_everyRegionIsQueried() throws IOException {
        assertEquals(Map.of(), read("c-target.smaps", null));
    }
}
