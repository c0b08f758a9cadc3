package org.panuma.vm.guest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.panuma.spi.Errno;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.memory.MappedMemory;

/**
 * A private anonymous mapping of this JVM, for the guest tests to place, move and inspect
 * through one backend. Closing it unmaps it.
 */
final class OwnMemory implements AutoCloseable {
    /** How often a page answered -EBUSY is tried again before the test gives up on it. */
    static final int EBUSY_RETRIES = 20;

    final NumaSyscalls sys;
    final long address;
    final int pages;
    final int pageSize;

    OwnMemory(NumaSyscalls sys, int pages) {
        this.sys = sys;
        this.pages = pages;
        this.pageSize = sys.pageSize();
        this.address = MappedMemory.of(sys).mmap((long) pages * pageSize);
    }

    long length() {
        return (long) pages * pageSize;
    }

    long[] pageAddresses() {
        long[] a = new long[pages];
        for (int i = 0; i < pages; i++) {
            a[i] = address + (long) i * pageSize;
        }
        return a;
    }

    /**
     * Faults every page in on {@code node} (thread policy MPOL_BIND for the duration, then back
     * to default) and writes the pattern. Without it first touch follows the CPU, and the
     * scheduler may move this thread across nodes halfway through.
     */
    void writeOn(int node, int seed) {
        sys.setMempolicy(Mpol.MPOL_BIND, NodeSet.of(node));
        try {
            write(seed);
        } finally {
            sys.setMempolicy(Mpol.MPOL_DEFAULT, NodeSet.empty());
        }
    }

    /** Writes a pattern (seeded) into every page: faults each page in where policy says. */
    void write(int seed) {
        ByteBuffer b = MappedMemory.of(sys).buffer(address, (int) length());
        for (int i = 0; i < length(); i++) {
            b.put(i, pattern(i, seed));
        }
    }

    /** The offsets whose byte differs from {@link #write}'s pattern; empty when intact. */
    int corruptedBytes(int seed) {
        ByteBuffer b = MappedMemory.of(sys).buffer(address, (int) length());
        int bad = 0;
        for (int i = 0; i < length(); i++) {
            if (b.get(i) != pattern(i, seed)) {
                bad++;
            }
        }
        return bad;
    }

    private static byte pattern(int i, int seed) {
        return (byte) (i * 31 + (i >>> 12) * 7 + seed * 13 + 1);
    }

    /** move_pages query mode: each page's node, or a negative errno. */
    int[] nodesByQuery() {
        int[] status = new int[pages];
        sys.movePages(0, pageAddresses(), null, status, 0, pages, 0);
        return status;
    }

    /** get_mempolicy(MPOL_F_NODE | MPOL_F_ADDR) for each page: the node it is on. */
    int[] nodesByGetMempolicy() {
        int[] nodes = new int[pages];
        long[] a = pageAddresses();
        for (int i = 0; i < pages; i++) {
            nodes[i] = sys.getMempolicy(a[i], Mpol.MPOL_F_NODE | Mpol.MPOL_F_ADDR).nodeOrMode();
        }
        return nodes;
    }

    /**
     * Moves every page to {@code node} with move_pages(MPOL_MF_MOVE), trying pages that come back
     * -EBUSY again: freshly faulted pages can sit in a per-CPU LRU cache for a moment
     * (DESIGN.md, "The NUMA virtual machine"). Returns the final status array.
     */
    int[] moveAllTo(int node) {
        long[] a = pageAddresses();
        int[] target = new int[pages];
        Arrays.fill(target, node);
        int[] status = new int[pages];
        Arrays.fill(status, Integer.MIN_VALUE);
        sys.movePages(0, a, target, status, 0, pages, Mpol.MPOL_MF_MOVE);
        for (int attempt = 0; attempt < EBUSY_RETRIES && anyBusy(status); attempt++) {
            for (int i = 0; i < pages; i++) {
                if (status[i] == -Errno.EBUSY.number()) {
                    int[] one = {Integer.MIN_VALUE};
                    sys.movePages(0, new long[] {a[i]}, new int[] {node}, one, 0, 1, Mpol.MPOL_MF_MOVE);
                    status[i] = one[0];
                }
            }
        }
        return status;
    }

    private static boolean anyBusy(int[] status) {
        return Arrays.stream(status).anyMatch(s -> s == -Errno.EBUSY.number());
    }

    /**
     * The per-node page counts /proc/self/numa_maps gives for this mapping's VMA (N0=…, N1=…),
     * and its policy word. The kernel may merge our VMA with a neighbour of the same kind, so
     * the counts are at least ours; tests compare the node our pages went to.
     */
    NumaMapsLine numaMaps() throws IOException {
        String start = vmaStart();
        for (String line : Files.readAllLines(Paths.get("/proc/self/numa_maps"))) {
            if (line.startsWith(start + " ")) {
                Map<Integer, Long> perNode = new TreeMap<>();
                Matcher m = Pattern.compile(" N(\\d+)=(\\d+)").matcher(line);
                while (m.find()) {
                    perNode.put(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
                }
                return new NumaMapsLine(line, line.split(" ")[1], perNode);
            }
        }
        throw new AssertionError("no numa_maps line for the VMA at " + start);
    }

    /** The start (hex, as numa_maps prints it) of the VMA holding our mapping, from /proc/self/maps. */
    private String vmaStart() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/maps"))) {
            String[] range = line.substring(0, line.indexOf(' ')).split("-");
            long from = Long.parseUnsignedLong(range[0], 16);
            long to = Long.parseUnsignedLong(range[1], 16);
            if (from <= address && address < to) {
                return range[0].replaceFirst("^0+(?=.)", "");
            }
        }
        throw new AssertionError("no VMA holds " + Long.toHexString(address));
    }

    /** One numa_maps line: the raw text, the policy ("default", "bind:1", …), pages per node. */
    record NumaMapsLine(String line, String policy, Map<Integer, Long> pagesPerNode) {
        long on(int node) {
            return pagesPerNode.getOrDefault(node, 0L);
        }
    }

    @Override
    public void close() {
        MappedMemory.of(sys).munmap(address, length());
    }
}
