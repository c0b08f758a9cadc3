package org.panuma.engine.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.panuma.engine.KernelProfile;
import org.panuma.engine.explain.Trace;

/**
 * The whole simulated machine: nodes, page frames, address spaces, tasks, memory cgroups, per-CPU
 * LRU caches, vmstat counters and the seeded timing effects, under one kernel profile. Helpers here
 * are the small kernel primitives the algorithms share (get_page/put_page, the LRU lists, the
 * page allocator, the reverse-map walk, the page fault that makes a page present).
 */
public final class Machine {
    private final KernelProfile profile;
    private final Nodes nodes;
    private final Frames frames;
    private final List<AddressSpace> spaces = new ArrayList<>();
    private final Map<Integer, Task> tasks = new TreeMap<>();
    private final MemCgroups memcgs = new MemCgroups();
    private final LruCaches lruCaches;
    private final VmStat vmstat = new VmStat();
    private final Disturbances disturbances;
    private final TimedEvents events = new TimedEvents();
    private final int zeroPfn;
    private Trace trace = Trace.off();
    private int nextMmId = 1;
    private int nextSwapOffset = 1;
    private int currentPid;

    public Machine(KernelProfile profile, Nodes nodes, int expectedFrames, Disturbances disturbances) {
        this.profile = profile;
        this.nodes = nodes;
        this.frames = new Frames(expectedFrames + 1);
        this.lruCaches = new LruCaches(nodes.cpus(), profile.lruCacheSize());
        this.disturbances = disturbances;
        // The shared zero page: reserved (the seeds' PageReserved test), never freed, never migrated.
        this.zeroPfn = frames.allocate(0);
        frames.set(zeroPfn, PageFlags.RESERVED | PageFlags.ZERO);
        frames.setRefcount(zeroPfn, 1 << 30);
    }

    public Machine(KernelProfile profile, Nodes nodes) {
        this(profile, nodes, 1024, new Disturbances(0, Disturbances.Rates.NONE));
    }

    public KernelProfile profile() { return profile; }
    public Nodes nodes() { return nodes; }
    public Frames frames() { return frames; }
    public MemCgroups memcgs() { return memcgs; }
    public LruCaches lruCaches() { return lruCaches; }
    public VmStat vmstat() { return vmstat; }
    public Disturbances disturbances() { return disturbances; }
    /** The timed events of the call in progress (scenarios only). */
    public TimedEvents events() { return events; }
    public int zeroPfn() { return zeroPfn; }
    public Trace trace() { return trace; }
    public void setTrace(Trace t) { this.trace = t; }

    // --- address spaces, mms, tasks ---

    public AddressSpace newSpace(AddressSpace.Kind kind, String name) {
        AddressSpace as = new AddressSpace(spaces.size(), kind, name);
        spaces.add(as);
        return as;
    }

    public AddressSpace space(int id) {
        return spaces.get(id);
    }

    public List<AddressSpace> spaces() {
        return Collections.unmodifiableList(spaces);
    }

    public Mm newMm() {
        return new Mm(nextMmId++);
    }

    public Task addTask(Task t) {
        if (tasks.putIfAbsent(t.pid(), t) != null) {
            throw new IllegalArgumentException("pid " + t.pid() + " exists");
        }
        if (currentPid == 0) {
            currentPid = t.pid();
        }
        return t;
    }

    /** find_task_by_vpid; null if none. */
    public Task task(int pid) {
        return tasks.get(pid);
    }

    public Collection<Task> tasks() {
        return Collections.unmodifiableCollection(tasks.values());
    }

    /** The calling task ("current"); the first task added unless set. */
    public Task current() {
        Task t = tasks.get(currentPid);
        if (t == null) {
            throw new IllegalStateException("no current task");
        }
        return t;
    }

    public void setCurrent(int pid) {
        if (!tasks.containsKey(pid)) {
            throw new IllegalArgumentException("no task " + pid);
        }
        currentPid = pid;
    }

    // --- page primitives ---

    /** put_page: drops a reference; the frame is freed when none is left. */
    public void putPage(int pfn) {
        if (frames.dropRef(pfn) == 0) {
            freeFrame(pfn);
        }
    }

    private void freeFrame(int pfn) {
        if (frames.test(pfn, PageFlags.LRU)) {
            lruDel(pfn);
        }
        int n = frames.nrPages(pfn);
        nodes.give(frames.node(pfn), n);
        int cg = frames.memcg(pfn);
        if (cg >= 0) {
            memcgs.uncharge(cg, n);
        }
        frames.release(pfn);
        events.frameFreed(pfn);
    }

    /**
     * alloc_pages_node(nid, GFP_THISNODE): a frame of {@code nrPages} base pages on {@code nid} with
     * one reference, or -1 when the node has no memory free.
     */
    public int allocPage(int nid, int nrPages) {
        if (!nodes.take(nid, nrPages)) {
            return -1;
        }
        int pfn = frames.allocate(nid);
        frames.setFolioPages(pfn, nrPages);
        return pfn;
    }

    /**
     * alloc_pages_node(nid, gfp, 0) without __GFP_THISNODE: the first node of {@code nid}'s zonelist
     * (nearest first, {@link Nodes#fallbackOrder}) with {@code nrPages} free; -1 when no node has.
     * {@code nid} itself may be an online node without memory: its zonelist holds only other nodes.
     */
    public int allocPageFallback(int nid, int nrPages) {
        int node = nodes.firstFreeInZonelist(nid, null, nrPages);
        return node < 0 ? -1 : allocPage(node, nrPages);
    }

    /** Puts a frame on its node's LRU list (the end of lru_cache_add). */
    public void lruAdd(int pfn) {
        frames.set(pfn, PageFlags.LRU);
        nodes.lruAdd(frames.node(pfn), frames.nrPages(pfn));
    }

    /** Takes a frame off its LRU list (del_page_from_lru_list + ClearPageLRU). */
    public void lruDel(int pfn) {
        frames.clear(pfn, PageFlags.LRU);
        nodes.lruAdd(frames.node(pfn), -frames.nrPages(pfn));
    }

    /** page_mapping(): the address space whose a_ops migrate the page; null for plain anonymous. */
    public AddressSpace pageMapping(int pfn) {
        int id = frames.mapping(pfn);
        if (id < 0) {
            return null;
        }
        AddressSpace as = spaces.get(id);
        if (as.isAnon()) {
            return frames.test(pfn, PageFlags.SWAPCACHE) ? swapSpace() : null;
        }
        return as;
    }

    private AddressSpace swapper;

    /** The swapper address space (swap_aops: migratepage = migrate_page). */
    public AddressSpace swapSpace() {
        if (swapper == null) {
            swapper = newSpace(AddressSpace.Kind.FILE, "swapper");
        }
        return swapper;
    }

    public int nextSwapOffset() {
        return nextSwapOffset++;
    }

    /** Visits every pte slot that maps (or holds a migration entry for) the page at the given rmap position. */
    public interface PteVisitor {
        void visit(Vma vma, int slot);
    }

    /**
     * The reverse-map walk: every VMA of the frame's anon_vma or file, and every slot in it at the
     * frame's index (all base pages of a huge folio).
     */
    public void forEachRmapSlot(int mappingId, int index, int nrPages, PteVisitor visitor) {
        if (mappingId < 0) {
            return;
        }
        List<Vma> vmas = spaces.get(mappingId).vmas();
        for (int v = 0; v < vmas.size(); v++) {
            Vma vma = vmas.get(v);
            for (int k = 0; k < nrPages; k++) {
                int slot = index + k - vma.pgoff();
                if (slot >= 0 && slot < vma.pages()) {
                    visitor.visit(vma, slot);
                }
            }
        }
    }

    /**
     * A page fault that makes the page at {@code slot} present on {@code nid} with the given data: a new
     * frame mapped in every VMA of the address space at that index (a shared anon_vma after fork or a
     * shared file), added to the page cache for files, and to {@code cpu}'s LRU cache.
     *
     * @return the frame, or -1 when the node has no memory free
     */
    public int faultIn(Vma vma, int slot, int nid, long data, int extraFlags, int cpu, int memcg) {
        int nr = PageFlags.has(extraFlags, PageFlags.THP | PageFlags.HUGETLB) ? PageFlags.HUGE_PAGES : 1;
        return faultInFolio(vma, slot, nid, data, extraFlags, cpu, memcg, nr);
    }

    /**
     * {@link #faultIn} of a folio of {@code nr} base pages from {@code slot}: a multi-size THP
     * (alloc_anon_folio, 6.8+) when {@code nr} is a power of two between 2 and 256 and the flags
     * say THP, mapped by all {@code nr} ptes at once.
     */
    public int faultInFolio(Vma vma, int slot, int nid, long data, int extraFlags, int cpu, int memcg, int nr) {
        int pfn = allocPage(nid, nr);
        if (pfn < 0) {
            return -1;
        }
        AddressSpace as = vma.space();
        int index = vma.pageIndex(slot);
        frames.setMapping(pfn, as.id());
        frames.setIndex(pfn, index);
        frames.setData(pfn, data);
        frames.set(pfn, extraFlags | PageFlags.UPTODATE | (as.isAnon() ? PageFlags.ANON : 0));
        if (memcg >= 0 && memcgs.charge(memcg, nr)) {
            frames.setMemcg(pfn, memcg);
        }
        // The allocation reference becomes the first mapping's; a file page's cache holds one more.
        frames.setRefcount(pfn, 0);
        if (!as.isAnon()) {
            as.setCached(index, pfn);
            frames.get(pfn);
            if (!PageFlags.has(extraFlags, PageFlags.HUGETLB)) {
                nodes.filePagesAdd(nid, nr); // add_to_page_cache: __inc_zone_page_state(NR_FILE_PAGES)
            }
        }
        if (PageFlags.has(extraFlags, PageFlags.PRIVATE)) {
            frames.get(pfn);
        }
        if (as.isAnon() && PageFlags.has(extraFlags, PageFlags.SWAPCACHE)) {
            frames.get(pfn); // add_to_swap_cache: the swap cache holds a reference, as the page cache does
        }
        boolean write = vma.hasFlag(Vma.VM_WRITE);
        forEachRmapSlot(as.id(), index, nr, (v, s) -> {
            if (Pte.isNone(v.pte(s))) {
                v.setPte(s, Pte.present(pfn, write));
            }
        });
        int maps = 0;
        for (Vma v : as.vmas()) {
            int s = index - v.pgoff();
            if (s >= 0 && s < v.pages() && Pte.isPresent(v.pte(s)) && Pte.pfn(v.pte(s)) == pfn) {
                maps++;
            }
        }
        frames.setMapcount(pfn, maps);
        frames.setRefcount(pfn, frames.refcount(pfn) + maps);
        if (PageFlags.has(extraFlags, PageFlags.HUGETLB)) {
            frames.get(pfn); // hugetlb pages are not on the LRU; the pool's active list holds no ref, the alloc ref stays
        } else {
            lruCaches.add(this, pfn, cpu);
        }
        return pfn;
    }

    /** Maps the shared zero page at {@code slot} (a read fault on untouched anonymous memory). */
    public void mapZeroPage(Vma vma, int slot) {
        vma.setPte(slot, Pte.present(zeroPfn, false));
    }

    /** Puts a swap entry at {@code slot} (the page was swapped out). */
    public void mapSwapEntry(Vma vma, int slot) {
        vma.setPte(slot, Pte.swap(nextSwapOffset()));
    }
}
