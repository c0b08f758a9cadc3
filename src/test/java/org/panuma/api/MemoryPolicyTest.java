package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.panuma.spi.Mempolicy;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

class MemoryPolicyTest {

    @Test
    void factories_giveTheKernelsModeWord() {
        assertEquals(Mpol.MPOL_BIND, MemoryPolicy.bind(1).modeWord());
        assertEquals(NodeSet.of(0, 1), MemoryPolicy.interleave(0, 1).nodes());
        assertEquals(Mpol.MPOL_PREFERRED, MemoryPolicy.preferred(2).modeWord());
        assertEquals(Mpol.MPOL_LOCAL, MemoryPolicy.local().modeWord());
    }

    @Test
    void kernelPolicy_roundTrips_withItsModeFlags() {
        Mempolicy raw = new Mempolicy(Mpol.MPOL_INTERLEAVE | Mpol.MPOL_F_STATIC_NODES, NodeSet.of(0, 3));
        MemoryPolicy p = MemoryPolicy.fromKernel(raw);
        assertEquals(MemoryPolicy.Mode.INTERLEAVE, p.mode());
        assertEquals(Mpol.MPOL_F_STATIC_NODES, p.modeFlags());
        assertEquals(raw.modeWord(), p.modeWord());
    }

    @Test
    void preferredWithStaticNodes_readsBackEveryNodeGiven() {
        // mbind(MPOL_PREFERRED | MPOL_F_STATIC_NODES, {0,1}) is the kernel's to take: it prefers node 0
        // and get_mempolicy reports the user's mask {0,1}; policyOf of such a range must not throw
        Mempolicy raw = new Mempolicy(Mpol.MPOL_PREFERRED | Mpol.MPOL_F_STATIC_NODES, NodeSet.of(0, 1));
        MemoryPolicy p = MemoryPolicy.fromKernel(raw);
        assertEquals(NodeSet.of(0, 1), p.nodes());
        assertEquals(Mpol.MPOL_F_STATIC_NODES, p.modeFlags());
    }

    @Test
    void preferredWithoutANode_isTheLocalPolicy() {
        assertEquals(MemoryPolicy.local(), MemoryPolicy.fromKernel(new Mempolicy(Mpol.MPOL_PREFERRED, NodeSet.empty())));
    }

    @Test
    void nodesThatDoNotFitTheMode_areRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MemoryPolicy.bind())
                .getMessage().contains("BIND needs at least one node"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MemoryPolicy.bind(-1))
                .getMessage().contains("node -1 is negative"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new MemoryPolicy(MemoryPolicy.Mode.LOCAL, NodeSet.of(0), 0)).getMessage().contains("takes no nodes"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new MemoryPolicy(MemoryPolicy.Mode.PREFERRED, NodeSet.of(0, 1), 0)).getMessage().contains("PREFERRED_MANY"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MemoryPolicy.Mode.of(99))
                .getMessage().contains("unknown memory policy mode 99"));
    }
}
