package org.panuma.os;

import org.panuma.spi.NodeStats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeStatsReaderTest {
    static final String NUMASTAT = "numa_hit 2954957\nnuma_miss 0\nnuma_foreign 0\ninterleave_hit 1108\n"
            + "local_node 2954957\nother_node 0\n";

    @Test
    void twoNodes_oneWithoutCpus_inTwoTiers(@TempDir Path dir) throws IOException {
        Path nodes = dir.resolve("node");
        Path tiers = dir.resolve("memory_tiering");
        write(nodes.resolve("online"), "0-1\n");
        write(nodes.resolve("has_cpu"), "0\n");
        write(nodes.resolve("node0/meminfo"), Fixtures.text("sysfs/two-nodes/node0/meminfo"));
        write(nodes.resolve("node0/numastat"), NUMASTAT);
        write(nodes.resolve("node1/meminfo"), Fixtures.text("sysfs/two-nodes/node1/meminfo"));
        write(nodes.resolve("node1/numastat"), NUMASTAT.replace("numa_miss 0", "numa_miss 17"));
        write(tiers.resolve("memory_tier4/nodelist"), "0\n");
        write(tiers.resolve("memory_tier22/nodelist"), "1\n");

        List<NodeStats> stats = new NodeStatsReader(nodes, tiers).read();

        assertEquals(2, stats.size());
        assertTrue(stats.get(0).hasCpus());
        assertFalse(stats.get(1).hasCpus());
        assertEquals(OptionalInt.of(4), stats.get(0).tier());
        assertEquals(OptionalInt.of(22), stats.get(1).tier());
        assertEquals(17L, stats.get(1).numastat().get("numa_miss"));
        assertEquals(1108L, stats.get(0).numastat().get("interleave_hit"));
        long total = NodeMeminfoParser.bytes(Fixtures.text("sysfs/two-nodes/node1/meminfo"), "MemTotal").getAsLong();
        assertEquals(total, stats.get(1).meminfo().get("MemTotal"));
    }

    @Test
    void aKernelWithoutTiersOrHasCpu_givesNoTier_andCpusOnEveryNode(@TempDir Path dir) throws IOException {
        Path nodes = dir.resolve("node");
        write(nodes.resolve("online"), "0\n");
        write(nodes.resolve("node0/meminfo"), "Node 0 MemTotal: 1024 kB\n");
        List<NodeStats> stats = new NodeStatsReader(nodes, dir.resolve("absent")).read();
        assertEquals(OptionalInt.empty(), stats.get(0).tier());
        assertTrue(stats.get(0).hasCpus());
        assertEquals(Map.of("MemTotal", 1024L * 1024), stats.get(0).meminfo());
        assertEquals(Map.of(), stats.get(0).numastat());
    }

    @Test
    void meminfoAll_convertsKilobytes_andKeepsHugePageCounts() {
        Map<String, Long> m = NodeMeminfoParser.all("Node 1 MemTotal:       16338504 kB\n"
                + "Node 1 HugePages_Total:     3\nNode 1 HugePages_Free:      2\n");
        assertEquals(16338504L * 1024, m.get("MemTotal"));
        assertEquals(3L, m.get("HugePages_Total"));
        assertEquals(2L, m.get("HugePages_Free"));
        assertThrows(IllegalArgumentException.class, () -> NodeMeminfoParser.all("Node 1 MemFree: -5 kB\n"));
    }

    @Test
    void numastatLines_areNamesAndCounts() {
        assertEquals(6, KeyValueLines.parse(NUMASTAT).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyValueLines.parse("numa_hit x\n"));
        assertTrue(e.getMessage().contains("'numa_hit x'"), e.getMessage());
    }

    @Test
    void thisHostsNodes_matchTheirSysfsFiles() throws IOException {
        for (NodeStats n : NodeStatsReader.system().read()) {
            String meminfo = Files.readString(SysfsTopologyReader.NODE_DIR.resolve("node" + n.node() + "/meminfo"));
            assertEquals(NodeMeminfoParser.bytes(meminfo, "MemTotal").getAsLong(), n.meminfo().get("MemTotal"));
        }
    }

    private static void write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
