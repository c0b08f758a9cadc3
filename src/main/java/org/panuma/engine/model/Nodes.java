package org.panuma.engine.model;

import java.util.BitSet;
import org.panuma.spi.NodeSet;

/**
 * The NUMA nodes: online, with memory (N_MEMORY / N_HIGH_MEMORY), size and free pages, LRU page
 * counts (what isolate_lru_page takes off and putback puts back), and the CPUs of each node.
 */
public final class Nodes {
    /** Node ids are stored in a byte per frame. */
    public static final int MAX_MODELLED = 127;

    private final boolean[] online;
    private final long[] totalPages;
    private final long[] freePages;
    private final long[] lruPages;
    private final int[] cpuNode;

    /**
     * @param totalPages pages per node id; a node with 0 pages is online without memory
     * @param online     which node ids are online
     * @param cpuNode    the node of each CPU
     */
    public Nodes(long[] totalPages, boolean[] online, int[] cpuNode) {
        if (totalPages.length > MAX_MODELLED || totalPages.length != online.length) {
            throw new IllegalArgumentException("bad node table");
        }
        this.online = online.clone();
        this.totalPages = totalPages.clone();
        this.freePages = totalPages.clone();
        this.lruPages = new long[totalPages.length];
        this.cpuNode = cpuNode.clone();
    }

    /** {@code count} online nodes of {@code pagesEach} pages, one CPU each. */
    public static Nodes uniform(int count, long pagesEach) {
        long[] pages = new long[count];
        boolean[] on = new boolean[count];
        int[] cpus = new int[count];
        for (int i = 0; i < count; i++) {
            pages[i] = pagesEach;
            on[i] = true;
            cpus[i] = i;
        }
        return new Nodes(pages, on, cpus);
    }

    public int span() { return online.length; }
    public boolean exists(int nid) { return nid >= 0 && nid < online.length; }
    public boolean online(int nid) { return exists(nid) && online[nid]; }
    /** node_state(nid, N_MEMORY): online with memory. */
    public boolean hasMemory(int nid) { return online(nid) && totalPages[nid] > 0; }
    public long totalPages(int nid) { return totalPages[nid]; }
    public long freePages(int nid) { return freePages[nid]; }
    public long lruPages(int nid) { return lruPages[nid]; }
    public int cpus() { return cpuNode.length; }
    public int nodeOfCpu(int cpu) { return cpuNode[Math.floorMod(cpu, cpuNode.length)]; }

    public NodeSet onlineSet() {
        BitSet b = new BitSet();
        for (int i = 0; i < online.length; i++) {
            if (online[i]) {
                b.set(i);
            }
        }
        return NodeSet.fromBits(b);
    }

    public NodeSet withMemorySet() {
        BitSet b = new BitSet();
        for (int i = 0; i < online.length; i++) {
            if (hasMemory(i)) {
                b.set(i);
            }
        }
        return NodeSet.fromBits(b);
    }

    /** Takes {@code n} pages from the node; false (nothing taken) if it has fewer free. */
    boolean take(int nid, int n) {
        if (!hasMemory(nid) || freePages[nid] < n) {
            return false;
        }
        freePages[nid] -= n;
        return true;
    }

    void give(int nid, int n) {
        freePages[nid] += n;
    }

    void lruAdd(int nid, int n) {
        lruPages[nid] += n;
    }
}
