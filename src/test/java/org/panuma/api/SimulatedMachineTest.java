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
import org.panuma.spi.MemoryTiering;
import org.panuma.spi.NumaBalancing;

/**
 * The api's multi-node logic on the sim backend's two-node machine (the engine, no kernel), so
 * that it runs on every host. This complements, not replaces, the multi-node *IT cases that run
 * against real kernels in the NUMA VM.
 */
class SimulatedMachineTest {
    private final Numa numa = Numa.of(new SimBackend(SimTopology.parse("nodes=2,mem=64M,cpus=1"), KernelProfile.V6_12));

    /** A simulated machine has no kernel to sort nodes into tiers or to balance them. */
    @Test
    void noMemoryTiers_andNoNumaBalancing() {
        assertEquals(MemoryTiering.NONE, numa.memoryTiering());
        assertEquals(NumaBalancing.OFF, numa.numaBalancing());
    }

    @Test
    void boundMemory_landsOnItsNode_andMovesToTheOther() {
        try (NodeMemory mem = numa.memory(MemoryPolicy.bind(1))) {
            ByteBuffer buf = mem.allocateBuffer(16 * numa.pageSize());   // the sim faults pages in when handed out
            assertEquals(Map.of(1, 16L), mem.where(buf).pagesByNode());
            MoveReport r = mem.move(buf, 0);
            assertEquals(16, r.moved());
            assertTrue(mem.where(buf).allOn(0));
        }
    }

    @Test
    void interleavedMemory_alternatesNodes() {
        try (NodeMemory mem = numa.memory(MemoryPolicy.interleave(0, 1))) {
            PagePlacement where = mem.where(mem.allocateBuffer(8 * numa.pageSize()));
            assertEquals(Map.of(0, 4L, 1, 4L), where.pagesByNode());
            for (int i = 1; i < 8; i++) {
                assertTrue(where.node(i) != where.node(i - 1));
            }
        }
    }

    @Test
    void rebindWithMove_movesThePages() {
        try (NodeMemory mem = numa.memory(MemoryPolicy.bind(0))) {
            ByteBuffer buf = mem.allocateBuffer(4 * numa.pageSize());
            mem.rebind(buf, MemoryPolicy.bind(1), BindMode.MOVE);
            assertTrue(mem.where(buf).allOn(1), mem.where(buf).toString());
        }
    }

    @Test
    void runOnNode_pinsToThatNodesCpu_andRestores() throws Exception {
        CpuSet before = numa.thread().affinity();
        int node = numa.thread().runOnNode(1, () -> numa.thread().cpuAndNode().node());
        assertEquals(1, node);
        assertEquals(before, numa.thread().affinity());
        assertEquals(MemoryPolicy.defaultPolicy(), numa.thread().policy());
    }

    @Test
    void nodesBeyondTheMachine_areRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> numa.memory(MemoryPolicy.bind(2)));
        assertEquals("node 2 does not exist; nodes with memory here: 0-1", e.getMessage());
    }
}
