package org.panuma.backend.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.panuma.engine.KernelProfile;
import org.panuma.spi.Errno;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;
import org.panuma.spi.SyscallException;

class SimBackendTest {
    @Test
    void mmapTouchMoveAndQuery_onTheDefaultTwoNodeMachine() {
        SimBackend sim = new SimBackend(SimTopology.defaults(), KernelProfile.V6_1);
        assertEquals("simulated v6.1", sim.topology().kernelRelease());
        assertTrue(sim.topology().simulated());
        assertEquals(2, sim.topology().nodes().size());
        long a = sim.mmap(4 * 4096);
        int[] st = new int[4];
        sim.movePages(0, new long[] {a, a + 4096, a + 8192, a + 12288}, null, st, 0, 4, 0);
        assertArrayEquals(new int[] {-14, -14, -14, -14}, st, "never touched on v6.1");
        ByteBuffer b = sim.buffer(a, 2 * 4096);
        b.putLong(0, 0x1234L);
        assertEquals(a, sim.address(b));
        long left = sim.movePages(0, new long[] {a, a + 4096}, new int[] {1, 1}, st, 0, 2, Mpol.MPOL_MF_MOVE);
        assertEquals(0, left);
        assertEquals(1, st[0]);
        assertEquals(0x1234L, sim.buffer(a, 8).getLong(0), "bytes stay where they are");
        assertEquals(1, sim.getMempolicy(a, Mpol.MPOL_F_NODE | Mpol.MPOL_F_ADDR).nodeOrMode());
        assertEquals(0, sim.migratePages(0, NodeSet.of(1), NodeSet.of(0)), "nothing left behind");
        assertEquals(0, sim.getMempolicy(a, Mpol.MPOL_F_NODE | Mpol.MPOL_F_ADDR).nodeOrMode());
    }

    @Test
    void topologySpec_andErrorsAreSyscallExceptions() {
        SimTopology t = SimTopology.parse("nodes=4,mem=64M");
        assertEquals(4, t.nodes());
        assertEquals(64L << 20, t.bytesPerNode());
        SimBackend sim = new SimBackend(t, KernelProfile.V6_12);
        assertEquals("simulated v6.12", sim.topology().kernelRelease());
        SyscallException e = assertThrows(SyscallException.class,
                () -> sim.movePages(777, new long[] {0}, new int[] {0}, new int[1], 0, 1, 0));
        assertEquals(Errno.ESRCH, e.errno());
        long a = sim.mmap(4096);
        sim.mbind(a, 4096, Mpol.MPOL_BIND, NodeSet.of(3), 0);
        sim.buffer(a, 16);
        assertEquals(3, sim.getMempolicy(a, Mpol.MPOL_F_NODE | Mpol.MPOL_F_ADDR).nodeOrMode());
        sim.mbind(a, 4096, Mpol.MPOL_BIND, NodeSet.of(2), Mpol.MPOL_MF_MOVE | Mpol.MPOL_MF_STRICT);
        assertEquals(2, sim.getMempolicy(a, Mpol.MPOL_F_NODE | Mpol.MPOL_F_ADDR).nodeOrMode());
        assertTrue(new SimBackendProvider().availability().available());
    }
}
