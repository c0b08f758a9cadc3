package org.panuma.vm.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panuma.api.MemoryPolicy;
import org.panuma.api.NodeMemory;
import org.panuma.api.Numa;
import org.panuma.spi.NodeSet;
import org.panuma.spi.Topology;

/**
 * Issue 12 item 3 on a real kernel: a guest node with memory and no CPUs (QEMU's {@code -numa node}
 * without {@code cpus=}, the shape of a CXL expander). panuma shows it, moves pages to it and
 * finds them there; a thread cannot be placed on it and is told why.
 */
class MemoryOnlyNodeGuestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Numa numa = Numa.open();
    private int node;

    @BeforeEach
    void memoryOnlyNode() {
        assumeTrue(GuestEnvironment.memoryOnlyNodes() > 0, "this guest has no memory-only node (NumaVmIT's"
                + " memory-only-node guest has one)");
        node = GuestEnvironment.nodes();   // the first node after the CPU nodes
    }

    @Test
    void library_seesMemoryAndNoCpus_andWillNotPinAThreadThere() {
        Topology t = numa.topology();
        assertTrue(t.withMemory().contains(node), "has_memory " + t.withMemory());
        assertFalse(t.withCpus().contains(node), "has_cpu " + t.withCpus());
        assertTrue(t.node(node).orElseThrow().cpus().isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> numa.thread().pinToNode(node));
        assertTrue(e.getMessage().startsWith("node " + node + " has memory but no CPUs"), e.getMessage());
    }

    @Test
    void nodesCommand_showsTheNodeAsMemoryOnly_withItsTier() throws Exception {
        GuestCli.Result text = GuestCli.run(List.of(), "nodes");
        assertEquals(0, text.exit(), text.toString());
        assertTrue(text.out().contains("memory-only nodes (memory, no CPUs): " + node), text.toString());
        GuestCli.Result json = GuestCli.run(List.of(), "nodes", "--json");
        assertEquals(0, json.exit(), json.toString());
        JsonNode n = JSON.readTree(json.out()).get("nodes").get(node);
        assertEquals(node, n.get("id").asInt(), json.out());
        assertTrue(n.get("hasMemory").asBoolean(), json.out());
        assertFalse(n.get("hasCpus").asBoolean(), json.out());
        assertEquals(0, n.get("cpus").size(), json.out());
        // Memory tiers exist from 6.1; without firmware performance data the node joins DRAM's tier 4.
        assertEquals(4, n.get("tier").asInt(), json.out());
    }

    /** The library writes pages on node 0; the CLI moves them to the memory-only node and `where` finds them there. */
    @Test
    void pagesMoveToTheNode_andWhereShowsThemThere() throws Exception {
        int pages = 256;
        try (NodeMemory mem = numa.memory(MemoryPolicy.bind(0))) {
            ByteBuffer buf = mem.allocateBuffer(pages * numa.pageSize());
            for (int i = 0; i < buf.capacity(); i += numa.pageSize()) {
                buf.put(i, (byte) i);
            }
            long start = numa.syscalls().address(buf);
            String range = Long.toHexString(start) + "-" + Long.toHexString(start + buf.capacity());
            String pid = Long.toString(ProcessHandle.current().pid());

            GuestCli.Result move = GuestCli.run(List.of(), "move", pid, "--to", Integer.toString(node), "--range", range,
                    "--json");
            assertEquals(0, move.exit(), move.toString());
            assertEquals(pages, JSON.readTree(move.out()).get("outcomes").get("moved").asInt(), move.out());
            assertEquals(Map.of(node, (long) pages), mem.where(buf).pagesByNode());
            assertEquals(pages, GuestCli.pagesOnNode(ProcessHandle.current().pid(), start, start + buf.capacity(), node));

            GuestCli.Result where = GuestCli.run(List.of(), "where", pid, "--range", range, "--json");
            assertEquals(0, where.exit(), where.toString());
            JsonNode byNode = JSON.readTree(where.out()).get("totals").get("pagesByNode");
            assertEquals(pages, byNode.get(Integer.toString(node)).asInt(), where.out());
            assertEquals(1, byNode.size(), where.out());
            for (int i = 0; i < buf.capacity(); i += numa.pageSize()) {
                assertEquals((byte) i, buf.get(i), "byte at " + i + " after the move");
            }
        }
    }

    @Test
    void memoryBoundToTheNode_landsThere() throws Exception {
        try (NodeMemory mem = numa.memory(MemoryPolicy.bind(node))) {
            ByteBuffer buf = numa.thread().runOnNode(0, () -> {
                ByteBuffer b = mem.allocateBuffer(64 * numa.pageSize());
                for (int i = 0; i < b.capacity(); i += numa.pageSize()) {
                    b.put(i, (byte) 1);
                }
                return b;
            });
            assertEquals(Map.of(node, 64L), mem.where(buf).pagesByNode());
            assertEquals(NodeSet.of(node), NodeSet.of(mem.where(buf).pagesByNode().keySet().stream()
                    .mapToInt(Integer::intValue).toArray()));
        }
    }
}
