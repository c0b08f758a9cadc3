package org.panuma.engine.model;

/**
 * The per-CPU LRU caches (pagevecs; folio_batch in 6.x): lru_cache_add puts a page, with a
 * reference, into the current CPU's cache, not on the LRU list; a full cache or a drain moves its
 * pages to the LRU and drops the references. A page still in a cache is not PageLRU, so
 * isolate_lru_page fails with -EBUSY.
 *
 * <p>lru_add_drain_all (migrate_prep in the seeds) and lru_cache_disable (do_pages_move, 5.11+)
 * drain every CPU; with lru_cache_disable in force, lru_cache_add goes straight to the LRU.
 */
public final class LruCaches {
    private final IntList[] perCpu;
    private final int capacity;
    private int disabled;

    public LruCaches(int cpus, int capacity) {
        this.perCpu = new IntList[Math.max(1, cpus)];
        for (int i = 0; i < perCpu.length; i++) {
            perCpu[i] = new IntList(capacity);
        }
        this.capacity = capacity;
    }

    /** lru_cache_add: into {@code cpu}'s cache, or straight to the LRU while disabled. */
    public void add(Machine m, int pfn, int cpu) {
        Frames f = m.frames();
        if (disabled > 0) {
            m.lruAdd(pfn);
            return;
        }
        int c = Math.floorMod(cpu, perCpu.length);
        f.get(pfn);
        f.set(pfn, PageFlags.IN_LRU_CACHE);
        f.setLruCacheCpu(pfn, c);
        perCpu[c].add(pfn);
        if (perCpu[c].size() >= capacity) {
            drain(m, c, false);
        }
    }

    /** lru_add_drain_all: every CPU; a page may race in after its CPU was drained (seeded). */
    public void drainAll(Machine m) {
        for (int c = 0; c < perCpu.length; c++) {
            drain(m, c, true);
        }
    }

    private void drain(Machine m, int cpu, boolean racy) {
        Frames f = m.frames();
        IntList list = perCpu[cpu];
        int kept = 0;
        for (int i = 0; i < list.size(); i++) {
            int pfn = list.get(i);
            if (!f.test(pfn, PageFlags.IN_LRU_CACHE)) {
                continue;
            }
            if (racy && m.disturbances().drawLruCacheRace()) {
                list.set(kept++, pfn);
                continue;
            }
            f.clear(pfn, PageFlags.IN_LRU_CACHE);
            m.lruAdd(pfn);
            m.putPage(pfn);
        }
        list.truncate(kept);
    }

    /** Time passes: every cache drains, no race (not a kernel call; used between calls). */
    public void settle(Machine m) {
        for (int c = 0; c < perCpu.length; c++) {
            drain(m, c, false);
        }
    }

    /** lru_cache_disable: drain all and bypass the caches until {@link #enable()}. */
    public void disable(Machine m) {
        disabled++;
        drainAll(m);
    }

    public void enable() {
        disabled--;
    }

    /** Pages sitting in any CPU's cache. */
    public int cachedPages(Frames f) {
        int n = 0;
        for (IntList l : perCpu) {
            for (int i = 0; i < l.size(); i++) {
                if (f.test(l.get(i), PageFlags.IN_LRU_CACHE)) {
                    n++;
                }
            }
        }
        return n;
    }
}
