package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.panuma.backend.sim.SimBackend;
import org.panuma.backend.sim.SimTopology;
import org.panuma.engine.KernelProfile;
import org.panuma.spi.CpuSet;
import org.panuma.spi.NodeSet;

/**
 * A node with memory and no CPUs (a CXL expander's shape) on the sim backend: memory goes there
 * and moves there; a thread cannot be placed there and is told why. The same is run against a real
 * kernel by MemoryOnlyNodeGuestTest in the NUMA VM guest that has such a node.
 */
class MemoryOnlyNodeTest {
    private final Numa numa = Numa.of(new SimBackend(SimTopology.parse("nodes=3,mem=64M,cpus=1,memonly=2"),
            KernelProfile.V6_12));

    @Test
    void topology_showsMemoryWithoutCpus() {
        assertEquals(NodeSet.of(0, 1, 2), numa.topology().withMemory());
        assertEquals(NodeSet.of(0, 1), numa.topology().withCpus());
        assertTrue(numa.topology().node(2).orElseThrow().cpus().isEmpty());
        assertEquals(CpuSet.of(1), numa.topology().node(1).orElseThrow().cpus());
    }

    @Test
    void memory_isBoundToAndMovedToTheMemoryOnlyNode() {
        try (NodeMemory mem = numa.memory(MemoryPolicy.bind(2))) {
            ByteBuffer buf = mem.allocateBuffer(8 * numa.pageSize());
            assertEquals(Map.of(2, 8L), mem.where(buf).pagesByNode());
            assertEquals(8, mem.move(buf, 0).moved());
            assertEquals(8, mem.move(buf, 2).moved());
            assertTrue(mem.where(buf).allOn(2));
        }
    }

    @Test
    void pinningAThreadThere_failsSayingItIsMemoryOnlyAndWhereToRun() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> numa.thread().pinToNode(2));
        assertTrue(e.getMessage().startsWith("node 2 has memory but no CPUs (a memory-only node"), e.getMessage());
        assertTrue(e.getMessage().endsWith("nodes with CPUs here: 0-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> numa.thread().runOnNode(2, () -> 1));
    }

    @Test
    void aThreadOnANodeWithCpus_canKeepItsMemoryOnTheMemoryOnlyNode() {
        try (NodePinning pin = numa.thread().pinToNode(1, MemoryPolicy.bind(2))) {
            assertEquals(1, numa.thread().cpuAndNode().node());
            assertEquals(MemoryPolicy.bind(2), numa.thread().policy());
        }
    }

    @Test
    void simTopology_rejectsAMachineWithoutCpus() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimTopology.parse("nodes=2,memonly=0-1"));
        assertTrue(e.getMessage().contains("memonly=0-1 must name some, not all, of nodes 0-1"), e.getMessage());
    }
}
