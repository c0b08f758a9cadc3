package org.panuma.engine.model;

import java.util.Arrays;

/**
 * Every page frame (struct page / folio) of the machine, as parallel arrays of primitives indexed
 * by frame number: about 31 bytes per frame, no object per page.
 *
 * <p>A THP or hugetlb folio is one frame standing for {@link PageFlags#HUGE_PAGES} base pages, or,
 * for a multi-size THP (mTHP, 6.8+), for 2^order of them (16 for a 64 KiB folio): its ptes all point
 * at the frame, and the node's page count is charged for every base page.
 * {@code mapping} is the id of an {@link AddressSpace} (anon_vma for anonymous pages, the file's
 * address_space otherwise) and {@code index} the page offset in it, so the reverse map of a frame is
 * found as the kernel finds it: through its mapping.
 */
public final class Frames {
    public static final int NO_MAPPING = -1;
    public static final short NO_MEMCG = -1;

    byte[] node;
    int[] flags;
    int[] refcount;
    int[] mapcount;
    long[] data;
    int[] mapping;
    int[] index;
    short[] memcg;
    /** The folio order of a large folio (THP, mTHP, hugetlb); 0 for a base page and a PMD-size folio alike. */
    byte[] order;
    private int size;
    private int[] free;
    private int freeCount;

    public Frames(int capacity) {
        int c = Math.max(16, capacity);
        node = new byte[c];
        flags = new int[c];
        refcount = new int[c];
        mapcount = new int[c];
        data = new long[c];
        mapping = new int[c];
        index = new int[c];
        memcg = new short[c];
        order = new byte[c];
        free = new int[16];
    }

    /** Frames ever created (free ones included). */
    public int size() {
        return size;
    }

    /** A new frame on {@code nid}, refcount 1 (the allocation's reference), nothing else set. */
    public int allocate(int nid) {
        int pfn;
        if (freeCount > 0) {
            pfn = free[--freeCount];
        } else {
            if (size == node.length) {
                grow();
            }
            pfn = size++;
        }
        node[pfn] = (byte) nid;
        flags[pfn] = 0;
        refcount[pfn] = 1;
        mapcount[pfn] = 0;
        data[pfn] = 0;
        mapping[pfn] = NO_MAPPING;
        index[pfn] = 0;
        memcg[pfn] = NO_MEMCG;
        order[pfn] = 0;
        return pfn;
    }

    /** Returns a frame to the allocator (its refcount reached zero). */
    public void release(int pfn) {
        flags[pfn] = PageFlags.FREE;
        mapping[pfn] = NO_MAPPING;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = pfn;
    }

    private void grow() {
        int c = node.length + (node.length >> 1) + 16;
        node = Arrays.copyOf(node, c);
        flags = Arrays.copyOf(flags, c);
        refcount = Arrays.copyOf(refcount, c);
        mapcount = Arrays.copyOf(mapcount, c);
        data = Arrays.copyOf(data, c);
        mapping = Arrays.copyOf(mapping, c);
        index = Arrays.copyOf(index, c);
        memcg = Arrays.copyOf(memcg, c);
        order = Arrays.copyOf(order, c);
    }

    /** Heap bytes held by the arrays (for the benchmark's bytes-per-page figure). */
    public long retainedBytes() {
        return (long) node.length * (1 + 4 + 4 + 4 + 8 + 4 + 4 + 2 + 1) + 4L * free.length;
    }

    public int node(int pfn) { return node[pfn]; }
    public void setNode(int pfn, int nid) { node[pfn] = (byte) nid; }
    public int flags(int pfn) { return flags[pfn]; }
    public boolean test(int pfn, int flag) { return (flags[pfn] & flag) != 0; }
    public void set(int pfn, int flag) { flags[pfn] |= flag; }
    public void clear(int pfn, int flag) { flags[pfn] &= ~flag; }
    /** Clears {@code flag} and says whether it was set (TestClearPage*). */
    public boolean testAndClear(int pfn, int flag) {
        boolean was = (flags[pfn] & flag) != 0;
        flags[pfn] &= ~flag;
        return was;
    }
    public int refcount(int pfn) { return refcount[pfn]; }
    public void get(int pfn) { refcount[pfn]++; }
    /** put_page without freeing: the caller frees when it drops the last reference (see Machine#putPage). */
    public int dropRef(int pfn) { return --refcount[pfn]; }
    public void setRefcount(int pfn, int count) { refcount[pfn] = count; }
    public int mapcount(int pfn) { return mapcount[pfn]; }
    public void setMapcount(int pfn, int count) { mapcount[pfn] = count; }
    public long data(int pfn) { return data[pfn]; }
    public void setData(int pfn, long value) { data[pfn] = value; }
    public int mapping(int pfn) { return mapping[pfn]; }
    public void setMapping(int pfn, int id) { mapping[pfn] = id; }
    public int index(int pfn) { return index[pfn]; }
    public void setIndex(int pfn, int idx) { index[pfn] = idx; }
    public int memcg(int pfn) { return memcg[pfn]; }
    public void setMemcg(int pfn, int id) { memcg[pfn] = (short) id; }

    /** Base pages this frame stands for: 2^order for an mTHP folio, 512 for THP and hugetlb, else 1. */
    public int nrPages(int pfn) {
        if ((flags[pfn] & (PageFlags.THP | PageFlags.HUGETLB)) == 0) {
            return 1;
        }
        return order[pfn] == 0 ? PageFlags.HUGE_PAGES : 1 << order[pfn];
    }

    /** Makes the frame a folio of {@code nrPages} base pages (a power of two below 512; 512 and 1 need no order). */
    public void setFolioPages(int pfn, int nrPages) {
        order[pfn] = nrPages == 1 || nrPages == PageFlags.HUGE_PAGES ? 0 : (byte) Integer.numberOfTrailingZeros(nrPages);
    }

    /** The CPU whose LRU cache holds the page (valid with IN_LRU_CACHE). */
    public int lruCacheCpu(int pfn) {
        return (flags[pfn] & PageFlags.CPU_MASK) >>> PageFlags.CPU_SHIFT;
    }

    public void setLruCacheCpu(int pfn, int cpu) {
        flags[pfn] = (flags[pfn] & ~PageFlags.CPU_MASK) | ((cpu & 0xff) << PageFlags.CPU_SHIFT);
    }
}
