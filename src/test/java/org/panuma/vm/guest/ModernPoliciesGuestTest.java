package org.panuma.vm.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.panuma.api.MemoryPolicy;
import org.panuma.api.NodeMemory;
import org.panuma.api.Numa;
import org.panuma.api.PagePlacement;
import org.panuma.os.SysfsTopologyReader;
import org.panuma.spi.Errno;
import org.panuma.spi.KernelRelease;
import org.panuma.spi.NodeSet;
import org.panuma.spi.SyscallException;

/**
 * Issue 12 item 4 on real kernels: MPOL_WEIGHTED_INTERLEAVE (6.9), MPOL_PREFERRED_MANY (5.15)
 * and set_mempolicy_home_node (5.17) through the library, counted page by page with move_pages
 * queries. Every allocation is made by a thread pinned to node 0, so "local" is node 0 and a page
 * elsewhere was put there by the policy.
 */
class ModernPoliciesGuestTest {
    private static final Path WEIGHTS = Path.of("/sys/kernel/mm/mempolicy/weighted_interleave");
    private static final Path THP = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    private final Numa numa = Numa.open();
    private final KernelRelease kernel = KernelRelease.parse(SysfsTopologyReader.kernelRelease());

    @Test
    void weightedInterleave_beforeLinux69_failsWithEinvalAndTheVersionThatHasIt() {
        assumeTrue(!kernel.atLeast(6, 9), "kernel " + kernel.text() + " has MPOL_WEIGHTED_INTERLEAVE (6.9+)");
        SyscallException e = assertThrows(SyscallException.class,
                () -> numa.thread().usePolicy(MemoryPolicy.weightedInterleave(0, 1)));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().endsWith("MPOL_WEIGHTED_INTERLEAVE needs Linux 6.9 or later; this kernel is "
                + kernel.text()), e.getMessage());
    }

    /** Weights 3 and 1: of 4096 pages (a multiple of 3 + 1), exactly 3072 on node 0 and 1024 on node 1. */
    @Test
    void weightedInterleave_putsPagesInTheRatioOfTheNodeWeights() throws Exception {
        assumeTrue(kernel.atLeast(6, 9), "MPOL_WEIGHTED_INTERLEAVE needs Linux 6.9; this kernel is " + kernel.text());
        List<Runnable> restore = new ArrayList<>();
        try {
            if (Files.exists(WEIGHTS.resolve("auto"))) {
                // 6.16+: weights computed from bandwidth unless switched to manual. Back to auto
                // is refused (ENODEV) where the firmware gives no bandwidth (QEMU without HMAT):
                // then the node weights written back below are what the guest had.
                Runnable toAuto = set(WEIGHTS.resolve("auto"), "false");
                restore.add(() -> {
                    try {
                        toAuto.run();
                    } catch (java.io.UncheckedIOException noBandwidth) {
                        System.out.println("weighted_interleave/auto stays false: " + noBandwidth.getCause().getMessage());
                    }
                });
            }
            restore.add(set(WEIGHTS.resolve("node0"), "3"));
            restore.add(set(WEIGHTS.resolve("node1"), "1"));
            // A transparent huge page is interleaved whole: 4 KiB pages make the ratio exact.
            restore.add(set(THP, "never"));
            Map<Integer, Long> placed = placeOnNode0(MemoryPolicy.weightedInterleave(0, 1), 4096);
            assertEquals(Map.of(0, 3072L, 1, 1024L), placed);
        } finally {
            java.util.Collections.reverse(restore);
            restore.forEach(Runnable::run);
        }
    }

    @Test
    void preferredMany_putsPagesOnItsNodes_notOnTheLocalOne() throws Exception {
        Map<Integer, Long> placed = placeOnNode0(MemoryPolicy.preferredMany(1), 256);
        assertEquals(Map.of(1, 256L), placed);
    }

    /**
     * With its first node full, MPOL_PREFERRED_MANY takes another node of its set, never the local
     * node outside it. Node 1 is filled with MPOL_PREFERRED allocations until they spill (the node
     * is then at its low watermark); the preferred-many pages must then land on node 2.
     */
    @Test
    void preferredMany_fallsBackWithinItsSet_whenItsFirstNodeIsFull() throws Exception {
        NodeSet memory = numa.topology().withMemory();
        assumeTrue(memory.contains(2), "needs a third node with memory; this guest has " + memory
                + " (runs in the 4-node and the memory-only-node guests)");
        List<NodeMemory> fill = new ArrayList<>();
        try {
            long spilled = 0;
            for (int chunk = 0; chunk < 64 && spilled == 0; chunk++) {
                NodeMemory m = numa.memory(MemoryPolicy.preferred(1));
                fill.add(m);
                PagePlacement p = touchedOnNode0(m, 16 << 20);
                spilled = p.pageCount() - p.pagesOn(1);
            }
            assertTrue(spilled > 0, "node 1 never filled up");
            Map<Integer, Long> placed = placeOnNode0(MemoryPolicy.preferredMany(1, 2), 256);
            assertEquals(0L, placed.getOrDefault(0, 0L), "a page left the set {1,2}: " + placed);
            assertTrue(placed.getOrDefault(2, 0L) > 0, "nothing fell back to node 2: " + placed);
        } finally {
            fill.forEach(NodeMemory::close);
        }
    }

    @Test
    void homeNode_isWhereABoundRangeAllocates() throws Exception {
        assertEquals(Map.of(0, 256L), placeOnNode0(MemoryPolicy.bind(0, 1), 256), "without a home node: local");
        assertEquals(Map.of(1, 256L), placeOnNode0(MemoryPolicy.bind(0, 1).withHomeNode(1), 256));
        assertEquals(Map.of(1, 256L), placeOnNode0(MemoryPolicy.preferredMany(0, 1).withHomeNode(1), 256));
    }

    /** Allocates {@code pages} under {@code policy}, writes them from node 0, returns where they are. */
    private Map<Integer, Long> placeOnNode0(MemoryPolicy policy, int pages) throws Exception {
        try (NodeMemory mem = numa.memory(policy)) {
            return touchedOnNode0(mem, pages * numa.pageSize()).pagesByNode();
        }
    }

    private PagePlacement touchedOnNode0(NodeMemory mem, int bytes) throws Exception {
        return numa.thread().runOnNode(0, () -> {
            ByteBuffer buf = mem.allocateBuffer(bytes);
            for (int i = 0; i < bytes; i += numa.pageSize()) {
                buf.put(i, (byte) 1);
            }
            return mem.where(buf);
        });
    }

    /** Writes a sysfs value; the returned action writes the old one back. */
    private static Runnable set(Path file, String value) throws IOException {
        String old = Files.readString(file).strip();
        String before = old.contains("[") ? old.substring(old.indexOf('[') + 1, old.indexOf(']')) : old;
        Files.writeString(file, value);
        return () -> {
            try {
                Files.writeString(file, before);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }
}
