package org.panuma.api;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.panuma.backend.NativeBackends;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/** The api over each native backend, and the checks the api tests share. */
final class TestNuma {
    static final String BACKENDS = "org.panuma.api.TestNuma#backends";

    private TestNuma() {
    }

    static Stream<String> backends() {
        return NativeBackends.names();
    }

    /** The api on a backend, or the test skipped saying why that backend cannot run here. */
    static Numa open(String backend) {
        return Numa.of(NativeBackends.open(backend));
    }

    /** The nodes with memory; the test is skipped (never passed) when there are fewer than {@code n}. */
    static int[] assumeNodesWithMemory(Numa numa, int n) {
        NodeSet nodes = numa.topology().withMemory();
        assumeTrue(nodes.size() >= n, "needs " + n + " nodes with memory; this host has " + nodes.size()
                + " (" + nodes + "): runs in the NUMA VM");
        return nodes.toArray();
    }

    static int firstNodeWithMemory(Numa numa) {
        return numa.topology().withMemory().first();
    }

    /** Writes one byte into every page so that the kernel backs it. */
    static void touchPages(ByteBuffer buffer, int pageSize) {
        for (int i = 0; i < buffer.capacity(); i += pageSize) {
            buffer.put(i, (byte) 1);
        }
    }

    /** The node of the page at address, as get_mempolicy(MPOL_F_NODE | MPOL_F_ADDR) reports it. */
    static int kernelNodeOf(Numa numa, long address) {
        return numa.syscalls().getMempolicy(address, Mpol.MPOL_F_NODE | Mpol.MPOL_F_ADDR).nodeOrMode();
    }

    static long addressOf(Numa numa, ByteBuffer buffer) {
        return numa.syscalls().address(buffer);
    }
}
