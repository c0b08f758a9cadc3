package org.panuma.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.panuma.spi.CpuSet;
import org.panuma.spi.NodeSet;
import org.panuma.spi.Topology;

class SysfsTopologyParserTest {

    @Test
    void nodeDirectories_areNodeAndANumber() {
        for (String name : new String[] {"node0", "node7", "node12", "node1023"}) {
            assertTrue(SysfsTopologyReader.isNodeDirectory(name), name);
        }
        for (String name : new String[] {"node", "nodes", "node1a", "node-1", "xnode1", "possible", "has_memory", "power"}) {
            assertFalse(SysfsTopologyReader.isNodeDirectory(name), name);
        }
    }

    private static Topology fixture(String name) throws URISyntaxException {
        Path dir = Path.of(SysfsTopologyParserTest.class.getResource("/fixtures/sysfs/" + name).toURI());
        return SysfsTopologyParser.parse(SysfsTopologyReader.readNodeDir(dir), "6.1.0-27-amd64", NodeSet.of(0));
    }

    @Test
    void oneNode_hasNodeZeroWithAllCpusAndLocalDistance() throws Exception {
        Topology t = fixture("one-node");
        assertEquals(1, t.nodes().size());
        Topology.Node n = t.nodes().get(0);
        assertEquals(0, n.id());
        assertEquals(CpuSet.of(0, 1), n.cpus());
        assertEquals(5073100L * 1024, n.memTotal());
        assertEquals(4638240L * 1024, n.memFree());
        assertEquals(10, t.distance(0, 0));
        assertEquals(NodeSet.of(0), t.withMemory());
    }

    @Test
    void twoNodes_splitSmtSiblingsAndSymmetricDistances() throws Exception {
        Topology t = fixture("two-nodes");
        assertEquals(NodeSet.of(0, 1), t.online());
        Topology.Node n1 = t.node(1).orElseThrow();
        assertEquals(32, n1.cpus().size());
        assertTrue(n1.cpus().contains(16) && n1.cpus().contains(63) && !n1.cpus().contains(32));
        assertEquals("16-31,48-63", n1.cpus().toString());
        assertEquals(21, t.distance(0, 1));
        assertEquals(21, t.distance(1, 0));
        assertEquals(66052108L * 1024, n1.memTotal());
    }

    @Test
    void fourNodes_distanceMatrixIsReadRowByRow() throws Exception {
        Topology t = fixture("four-nodes");
        int[][] want = {{10, 20, 30, 40}, {20, 10, 20, 30}, {30, 20, 10, 20}, {40, 30, 20, 10}};
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                assertEquals(want[a][b], t.distance(a, b), a + "->" + b);
            }
        }
        assertEquals(CpuSet.of(3), t.node(3).orElseThrow().cpus());
    }

    @Test
    void memorylessNode_isOnlineWithCpusButNotInHasMemory() throws Exception {
        Topology t = fixture("memoryless-node");
        assertEquals(NodeSet.of(0, 1), t.online());
        assertEquals(NodeSet.of(0), t.withMemory());
        assertEquals(NodeSet.of(0, 1), t.withCpus());
        assertEquals(0, t.node(1).orElseThrow().memTotal());
        assertEquals(8, t.possible().size());
    }

    @Test
    void nonContiguousIds_keepTheirIdsAndDistanceColumns() throws Exception {
        Topology t = fixture("noncontiguous-0-1-16-17");
        assertArrayEquals(new int[] {0, 1, 16, 17}, t.online().toArray());
        assertArrayEquals(new int[] {0, 1, 16, 17}, t.nodes().stream().mapToInt(Topology.Node::id).toArray());
        assertEquals(40, t.distance(1, 16));
        assertEquals(20, t.distance(16, 17));
        assertEquals(-1, t.distance(0, 2), "node 2 does not exist");
        assertEquals("20-23,28,30", t.node(17).orElseThrow().cpus().toString());
        assertEquals(256, t.possible().size());
    }

    @Test
    void distanceFileWithTheWrongNumberOfValues_isRejectedNamingIt() {
        Map<String, String> files = new HashMap<>();
        files.put("online", "0-1\n");
        files.put("node0/distance", "10 20 30\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SysfsTopologyParser.parse(files, "6.1", NodeSet.of(0)));
        assertTrue(e.getMessage().contains("node0/distance has 3 values for 2 online nodes"), e.getMessage());
    }

    @Test
    void missingOnlineFile_isRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> SysfsTopologyParser.parse(new HashMap<>(), "6.1", NodeSet.of(0)));
    }

    @Test
    void missingMeminfo_meansNoMemory() {
        Map<String, String> files = new HashMap<>();
        files.put("online", "0\n");
        files.put("node0/cpulist", "0-3\n");
        Topology t = SysfsTopologyParser.parse(files, "6.1", NodeSet.of(0));
        assertEquals(0, t.nodes().get(0).memTotal());
        assertFalse(t.simulated());
    }

    @Test
    void memoryOnlyNode_hasMemoryAndNoCpus() throws Exception {
        Topology t = fixture("memory-only-node");
        assertEquals(NodeSet.of(0, 1, 2), t.withMemory());
        assertEquals(NodeSet.of(0, 1), t.withCpus());
        Topology.Node n2 = t.node(2).orElseThrow();
        assertTrue(n2.cpus().isEmpty());
        assertEquals(1048576L * 1024, n2.memTotal());
        assertEquals(30, t.distance(0, 2));
    }
}
