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
    /** NR_FILE_PAGES per node: page-cache pages (file and shmem; not hugetlb, not the swap cache). */
    private final long[] filePages;
    private final int[] cpuNode;
    /** node_distance(a, b); null: 10 to itself, 20 to every other node (what firmware without a SLIT gives). */
    private int[][] distance;

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
        this.filePages = new long[online.length];
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

    /** Sets the distance table (the SLIT); {@code d[a][b]} for every pair of node ids. */
    public Nodes withDistances(int[][] d) {
        if (d.length != online.length) {
            throw new IllegalArgumentException("distance table of " + d.length + " rows for " + online.length + " nodes");
        }
        this.distance = new int[d.length][];
        for (int i = 0; i < d.length; i++) {
            if (d[i].length != online.length) {
                throw new IllegalArgumentException("distance row " + i + " has " + d[i].length + " entries, not " + online.length);
            }
            this.distance[i] = d[i].clone();
        }
        return this;
    }

    /** node_distance(a, b). */
    public int distance(int a, int b) {
        return distance != null ? distance[a][b] : a == b ? 10 : 20;
    }

    /**
     * The node order of {@code nid}'s fallback zonelist (build_zonelists / find_next_best_node in
     * mm/page_alloc.c): the online nodes with memory by distance from {@code nid}, nearest first, ties
     * broken by node id. The kernel also weighs a node's CPUs and load into ties; that is not modelled.
     */
    public int[] fallbackOrder(int nid) {
        return withMemorySet().stream().boxed()
                .sorted(java.util.Comparator.<Integer>comparingInt(n -> distance(nid, n)).thenComparingInt(n -> n))
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * __alloc_pages(gfp, 0, preferred, nodemask) without __GFP_THISNODE: the first node of
     * {@code preferred}'s zonelist that is in {@code allowed} (all nodes when null) and has a free
     * page; -1 when none has.
     */
    public int firstFreeInZonelist(int preferred, NodeSet allowed, long pages) {
        for (int n : fallbackOrder(exists(preferred) ? preferred : 0)) {
            if ((allowed == null || allowed.contains(n)) && freePages[n] >= pages) {
                return n;
            }
        }
        return -1;
    }

    public int span() { return online.length; }
    public boolean exists(int nid) { return nid >= 0 && nid < online.length; }
    public boolean online(int nid) { return exists(nid) && online[nid]; }
    /** node_state(nid, N_MEMORY): online with memory. */
    public boolean hasMemory(int nid) { return online(nid) && totalPages[nid] > 0; }
    public long totalPages(int nid) { return totalPages[nid]; }
    public long freePages(int nid) { return freePages[nid]; }
    public long lruPages(int nid) { return lruPages[nid]; }
    /** NR_FILE_PAGES of node {@code nid}. */
    public long filePages(int nid) { return filePages[nid]; }
    /** __mod_zone_page_state(NR_FILE_PAGES): a page entered ({@code n} &gt; 0) or left the page cache on {@code nid}. */
    public void filePagesAdd(int nid, long n) { filePages[nid] += n; }
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
