package org.panuma.vm.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * `panuma run` in the NUMA guest: the command's own /proc/self/numa_maps shows the policy, and its
 * pages are on the nodes asked for. The command is awk, which builds an 8 MB string (about 2,000
 * anonymous pages faulted under the policy) and then prints its numa_maps.
 */
class RunUnderPolicyGuestTest {
    static final String AWK = "BEGIN { s = \"x\"; for (i = 0; i < 23; i++) s = s s; while ((getline l <"
            + " \"/proc/self/numa_maps\") > 0) print l; print length(s) }";

    @BeforeAll
    static void twoNodes() {
        assumeTrue(GuestEnvironment.nodes() >= 2, "needs two nodes with memory");
    }

    static GuestCli.Result run(String... options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("run"));
        args.addAll(List.of(options));
        args.addAll(List.of("--", "awk", AWK));
        return GuestCli.run(List.of(), args.toArray(String[]::new));
    }

    /**
     * Pages per node of the private anonymous mappings (numa_maps lines with anon= and no file=):
     * the heap and the mmap'ed 8 MB string, all faulted by the command under its policy.
     */
    static Map<Integer, Long> heap(String numaMaps) {
        Map<Integer, Long> m = new HashMap<>();
        numaMaps.lines().filter(l -> l.contains(" anon=") && !l.contains(" file=")).forEach(line -> {
            Matcher n = Pattern.compile(" N(\\d+)=(\\d+)").matcher(line);
            while (n.find()) {
                m.merge(Integer.parseInt(n.group(1)), Long.parseLong(n.group(2)), Long::sum);
            }
        });
        assertFalse(m.isEmpty(), "no anonymous mapping in\n" + numaMaps);
        return m;
    }

    @Test
    void membind1_withCpunodebind1_putsEveryHeapPageOnNode1() throws Exception {
        GuestCli.Result r = run("--membind=1", "--cpunodebind=1");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains(" bind:1 heap "), r.toString());
        Map<Integer, Long> heap = heap(r.out());
        assertTrue(heap.getOrDefault(1, 0L) >= 1900, "the 8 MB string: " + heap);
        assertTrue(heap.getOrDefault(0, 0L) <= 8, "none on node 0 (a few kernel-shared pages at most): " + r);
    }

    @Test
    void interleave_spreadsTheHeapOverTheNodesNamed() throws Exception {
        // Nodes 0 and 1 by name, not "all": the same case in the 2- and the 4-node guest.
        GuestCli.Result r = run("--interleave=0,1");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains(" interleave:0-1 heap "), r.toString());
        Map<Integer, Long> heap = heap(r.out());
        long n0 = heap.getOrDefault(0, 0L);
        long n1 = heap.getOrDefault(1, 0L);
        // Interleaving alternates allocations, and a 2 MiB THP is one allocation of 512 pages: the
        // 6.1 guest gave {0=1309, 1=795}, one THP apart.
        assertTrue(n0 >= 512 && n1 >= 512 && Math.abs(n0 - n1) <= 512 + 64, "alternating allocations: " + heap);
    }

    @Test
    void preferred1_putsTheHeapOnNode1() throws Exception {
        GuestCli.Result r = run("--preferred=1");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains(" prefer:1 heap "), r.toString());
        assertTrue(heap(r.out()).getOrDefault(1, 0L) >= 1900, r.toString());
    }

    @Test
    void aNodeThatDoesNotExist_andAPolicyTheKernelLacks_failBeforeExec() throws Exception {
        GuestCli.Result bad = run("--membind=7");
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("node 7 in '7' does not exist"), bad.toString());
        assertFalse(bad.out().contains("heap"), bad.toString());
        if (!org.panuma.spi.KernelRelease.parse(System.getProperty("os.version")).atLeast(6, 9)) {
            GuestCli.Result lacks = run("--weighted-interleave=0,1");
            assertEquals(6, lacks.exit(), lacks.toString());
            assertTrue(lacks.err().contains("MPOL_WEIGHTED_INTERLEAVE needs Linux 6.9 or later"), lacks.toString());
            assertTrue(lacks.err().contains("the command was not started"), lacks.toString());
            assertFalse(lacks.out().contains("heap"), lacks.toString());
        }
    }
}
