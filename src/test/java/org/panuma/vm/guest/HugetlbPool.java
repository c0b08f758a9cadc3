package org.panuma.vm.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Reserves 2 MiB hugetlb pages on every node of the guest for a test (as root, through each
 * node's nr_hugepages in sysfs) and gives the old pool sizes back on close. A hugetlb fault under
 * MPOL_BIND on a node with no free pool page is SIGBUS, and a move to a node without one fails,
 * so a test uses at most {@link #budget()} pages: half of the smallest node's free pool, the other
 * half left for moves.
 */
final class HugetlbPool implements AutoCloseable {
    private final int nodes;
    private final long[] before;
    private final int budget;

    private HugetlbPool(int nodes, long[] before, int budget) {
        this.nodes = nodes;
        this.before = before;
        this.budget = budget;
    }

    static HugetlbPool reserve(int nodes, int perNode) throws IOException {
        long[] before = new long[nodes];
        long smallestFree = Long.MAX_VALUE;
        for (int n = 0; n < nodes; n++) {
            before[n] = Long.parseLong(Files.readString(file(n, "nr_hugepages")).trim());
            Files.writeString(file(n, "nr_hugepages"), String.valueOf(before[n] + perNode));
            smallestFree = Math.min(smallestFree, Long.parseLong(Files.readString(file(n, "free_hugepages")).trim()));
        }
        return new HugetlbPool(nodes, before, (int) (smallestFree / 2));
    }

    /** How many hugetlb pages a test may fault in (0 when the kernel could not reserve any). */
    int budget() {
        return budget;
    }

    private static Path file(int node, String name) {
        return Paths.get("/sys/devices/system/node/node" + node + "/hugepages/hugepages-2048kB/" + name);
    }

    @Override
    public void close() throws IOException {
        for (int n = 0; n < nodes; n++) {
            Files.writeString(file(n, "nr_hugepages"), String.valueOf(before[n]));
        }
    }
}
