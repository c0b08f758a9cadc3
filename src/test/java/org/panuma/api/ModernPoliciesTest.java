package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.panuma.backend.sim.SimBackend;
import org.panuma.backend.sim.SimTopology;
import org.panuma.engine.KernelProfile;
import org.panuma.spi.Errno;
import org.panuma.spi.SyscallException;

/**
 * MPOL_PREFERRED_MANY, MPOL_WEIGHTED_INTERLEAVE and home nodes through the api, on the sim
 * backend's kernels (v6.1 lacks weighted interleave, v6.12 has it). The same policies are checked
 * against real 6.12 and 7.x kernels by ModernPoliciesGuestTest in the NUMA VM.
 */
class ModernPoliciesTest {
    private static Numa machine(KernelProfile profile) {
        return Numa.of(new SimBackend(SimTopology.parse("nodes=2,mem=64M,cpus=1"), profile));
    }

    @Test
    void weightedInterleave_on61_failsWithEinvalAndTheVersionThatHasIt() {
        Numa numa = machine(KernelProfile.V6_1);
        SyscallException thread = assertThrows(SyscallException.class,
                () -> numa.thread().usePolicy(MemoryPolicy.weightedInterleave(0, 1)));
        assertEquals(Errno.EINVAL, thread.errno());
        assertTrue(thread.getMessage().endsWith("failed: EINVAL (Invalid argument): MPOL_WEIGHTED_INTERLEAVE needs"
                + " Linux 6.9 or later; this kernel is simulated v6.1"), thread.getMessage());
        SyscallException range = assertThrows(SyscallException.class,
                () -> numa.memory(MemoryPolicy.weightedInterleave(0, 1)).allocateBuffer(numa.pageSize()));
        assertTrue(range.getMessage().startsWith("mbind("), range.getMessage());
        assertTrue(range.getMessage().contains("MPOL_WEIGHTED_INTERLEAVE needs Linux 6.9"), range.getMessage());
    }

    @Test
    void policyLauncher_on61_refusesWeightedInterleaveWithTheVersionAsItsHint() {
        Numa numa = machine(KernelProfile.V6_1);
        SyscallException e = assertThrows(SyscallException.class, () -> new PolicyLauncher(numa).exec(
                MemoryPolicy.weightedInterleave(0, 1), null, java.nio.file.Path.of("/bin/true"),
                java.util.List.of("true"), Map.of()));
        assertEquals("set_mempolicy", e.syscall());
        assertEquals("MPOL_WEIGHTED_INTERLEAVE needs Linux 6.9 or later; this kernel is simulated v6.1", e.hint());
    }

    @Test
    void weightedInterleave_on612_spreadsPagesByTheDefaultWeights() {
        Numa numa = machine(KernelProfile.V6_12);
        try (NodeMemory mem = numa.memory(MemoryPolicy.weightedInterleave(0, 1))) {
            PagePlacement where = mem.where(mem.allocateBuffer(8 * numa.pageSize()));
            assertEquals(Map.of(0, 4L, 1, 4L), where.pagesByNode());
        }
    }

    @Test
    void homeNode_isWhereABoundRangeAllocatesFirst() {
        Numa numa = machine(KernelProfile.V6_12);
        try (NodeMemory plain = numa.memory(MemoryPolicy.bind(0, 1));
             NodeMemory homed = numa.memory(MemoryPolicy.bind(0, 1).withHomeNode(1))) {
            assertEquals(Map.of(0, 4L), plain.where(plain.allocateBuffer(4 * numa.pageSize())).pagesByNode());
            assertEquals(Map.of(1, 4L), homed.where(homed.allocateBuffer(4 * numa.pageSize())).pagesByNode());
        }
    }

    @Test
    void preferredMany_allocatesWithinItsNodes() {
        Numa numa = machine(KernelProfile.V6_1);
        try (NodeMemory mem = numa.memory(MemoryPolicy.preferredMany(1))) {
            ByteBuffer buf = mem.allocateBuffer(4 * numa.pageSize());
            assertEquals(Map.of(1, 4L), mem.where(buf).pagesByNode());
        }
    }

    @Test
    void homeNode_onlyWithBindOrPreferredMany_andNeverForAThread() {
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
                () -> MemoryPolicy.interleave(0, 1).withHomeNode(1));
        assertTrue(mode.getMessage().contains("needs a BIND or PREFERRED_MANY policy"), mode.getMessage());
        Numa numa = machine(KernelProfile.V6_12);
        IllegalArgumentException thread = assertThrows(IllegalArgumentException.class,
                () -> numa.thread().usePolicy(MemoryPolicy.preferredMany(0, 1).withHomeNode(0)));
        assertTrue(thread.getMessage().startsWith("a home node applies to ranges of memory (mbind)"), thread.getMessage());
        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class,
                () -> numa.memory(MemoryPolicy.bind(0, 1).withHomeNode(5)));
        assertTrue(absent.getMessage().startsWith("node 5 does not exist"), absent.getMessage());
    }

    @Test
    void kernelFeatureHints_nameTheVersion_onlyForTheErrnoAnOldKernelGives() {
        SyscallException enosys = SyscallException.of("set_mempolicy_home_node", "addr=0x0", Errno.ENOSYS);
        assertTrue(PolicyFeature.HOME_NODE.explain(enosys, "5.10.0-30-amd64").getMessage()
                .endsWith("set_mempolicy_home_node needs Linux 5.17 or later; this kernel is 5.10.0-30-amd64"));
        SyscallException einval = SyscallException.of("set_mempolicy", "mode=MPOL_PREFERRED_MANY", Errno.EINVAL);
        assertSame(einval, PolicyFeature.PREFERRED_MANY.explain(einval, "6.1.0-27-amd64"));
        assertTrue(PolicyFeature.PREFERRED_MANY.explain(einval, "5.10.0").getMessage()
                .endsWith("MPOL_PREFERRED_MANY needs Linux 5.15 or later; this kernel is 5.10.0"));
        assertSame(einval, PolicyFeature.HOME_NODE.explain(einval, "5.10.0"));
    }
}
