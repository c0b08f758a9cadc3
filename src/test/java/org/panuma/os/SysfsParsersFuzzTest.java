package org.panuma.os;

import org.panuma.spi.Printable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.panuma.spi.IdListParser;
import org.panuma.spi.KernelRelease;
import org.panuma.spi.MemoryTiering;
import org.panuma.spi.NodeSet;

/**
 * The sysfs parsers on generated and mutated input: they return or throw
 * IllegalArgumentException, nothing else; they never loop or fill the heap.
 */
class SysfsParsersFuzzTest {

    @Property(tries = 3000)
    void idList_anyText_parsesOrIsRejectedCleanly(@ForAll @StringLength(max = 40) String text) {
        try {
            BitSet b = IdListParser.parse(text);
            assertTrue(b.length() <= IdListParser.MAX_ID + 1);
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
        }
    }

    @Property(tries = 2000)
    void idList_printedByToString_roundTrips(@ForAll("idSets") BitSet ids) {
        String printed = NodeSet.fromBits(ids).toString();
        assertEquals(ids, IdListParser.parse(printed + "\n"));
    }

    @Provide
    Arbitrary<BitSet> idSets() {
        return Arbitraries.integers().between(0, 300).set().ofMaxSize(40).map(s -> {
            BitSet b = new BitSet();
            s.forEach(b::set);
            return b;
        });
    }

    @Property(tries = 2000)
    void meminfo_mutatedLines_parseOrAreRejectedCleanly(@ForAll("mutatedMeminfo") String text) {
        try {
            NodeMeminfoParser.bytes(text, "MemTotal");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("MemTotal"));
        }
    }

    @Provide
    Arbitrary<String> mutatedMeminfo() {
        String real = "Node 0 MemTotal:        5073100 kB\nNode 0 MemFree:         4638240 kB\n";
        return mutations(real);
    }

    @Property(tries = 2000)
    void topology_mutatedNodeDirectory_parsesOrIsRejectedCleanly(@ForAll("mutatedDistance") String distance,
                                                                  @ForAll("mutatedOnline") String online) {
        Map<String, String> files = new HashMap<>();
        files.put("online", online);
        files.put("node0/cpulist", "0-3\n");
        files.put("node1/cpulist", "4-7\n");
        files.put("node0/distance", distance);
        files.put("node1/distance", "20 10\n");
        try {
            SysfsTopologyParser.parse(files, "6.1.0", NodeSet.of(0));
        } catch (IllegalArgumentException expected) {
            assertTrue(!expected.getMessage().isBlank());
        }
    }

    @Provide
    Arbitrary<String> mutatedDistance() {
        return mutations("10 20\n");
    }

    @Provide
    Arbitrary<String> mutatedOnline() {
        return mutations("0-1\n");
    }

    @Property(tries = 2000)
    void kernelRelease_anyText_parsesOrIsRejectedCleanly(@ForAll @StringLength(max = 30) String text) {
        try {
            KernelRelease r = KernelRelease.parse(text);
            assertTrue(r.major() >= 0 && r.minor() >= 0 && r.patch() >= 0);
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains(Printable.quote(text)), expected.getMessage());
        }
    }

    @Property(tries = 200)
    void kernelRelease_hugeNumbers_areRejectedCleanly(@ForAll @IntRange(min = 10, max = 30) int digits) {
        String big = "9".repeat(digits) + ".1.0";
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> KernelRelease.parse(big));
        assertTrue(e.getMessage().contains(big), e.getMessage());
    }

    /** A real text with characters replaced, inserted or deleted at random places. */
    static Arbitrary<String> mutations(String real) {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, real.length());
        Arbitrary<Character> ch = Arbitraries.chars().with("0123456789 -,:\nkBa\t\u0000x");
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 2);
        Arbitrary<int[]> one = Combinators.combine(position, ch, kind)
                .as((p, c, k) -> new int[] {p, c, k});
        return one.list().ofMaxSize(6).map(edits -> {
            StringBuilder sb = new StringBuilder(real);
            for (int[] e : edits) {
                int p = Math.min(e[0], sb.length());
                switch (e[2]) {
                    case 0:
                        sb.insert(p, (char) e[1]);
                        break;
                    case 1:
                        if (p < sb.length()) {
                            sb.setCharAt(p, (char) e[1]);
                        }
                        break;
                    default:
                        if (p < sb.length()) {
                            sb.deleteCharAt(p);
                        }
                }
            }
            return sb.toString();
        });
    }

    /** Tier node lists, demotion switches and interleave weights of any text: parsed, or rejected naming the file. */
    @Property(tries = 2000)
    void memoryTiering_anyValues_parseOrAreRejectedNamingTheFile(@ForAll @StringLength(max = 12) String nodelist,
                                                               @ForAll @StringLength(max = 8) String demotion,
                                                               @ForAll @StringLength(max = 8) String weight) {
        java.util.Map<String, String> files = java.util.Map.of(
                MemoryTieringParser.TIER_DIR + "/memory_tier4/nodelist", nodelist,
                MemoryTieringParser.DEMOTION, demotion,
                MemoryTieringParser.WEIGHT_DIR + "/node0", weight);
        try {
            MemoryTiering t = MemoryTieringParser.parse(files);
            assertEquals(1, t.tiers().size());
            t.interleaveWeight(0).ifPresent(w -> assertTrue(w >= 1 && w <= 255, "weight " + w));
        } catch (IllegalArgumentException expected) {
            String m = expected.getMessage();
            assertTrue(m.contains("memory_tier4/nodelist") || m.contains("demotion_enabled")
                    || m.contains("weighted_interleave/node0"), m);
        }
    }
}
