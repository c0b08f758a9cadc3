package org.panuma.engine.model;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Everything that is timing in a real kernel, made deterministic: other parties holding a page
 * (its lock, writeback in flight, an extra reference) for a given number of migrate_pages passes,
 * and random transient versions of the same drawn from a seeded {@link SplittableRandom}, so a run
 * replays exactly from its seed.
 *
 * <p>Passes are counted per migrate_pages call, 0-based: a hold of {@code n} passes is in force in
 * passes 0..n-1 and released at the start of pass n (or at once when migration waits for it with
 * force, from pass 3).
 */
public final class Disturbances {
    /** Probabilities, per attempt, of the transient effects. */
    public record Rates(double lockedByOther, double underWriteback, double transientRef, double lruCacheRace) {
        public static final Rates NONE = new Rates(0, 0, 0, 0);

        public boolean any() {
            return lockedByOther > 0 || underWriteback > 0 || transientRef > 0 || lruCacheRace > 0;
        }
    }

    private static final class Hold {
        int lockedPasses;
        int writebackPasses;
        int refPasses;
        int refs;
        /** References a timed event took ({@link #takeRefs}): held until an event drops them. */
        int eventRefs;
    }

    public static final int FOREVER = Integer.MAX_VALUE;

    private final long seed;
    private final SplittableRandom random;
    private final Rates rates;
    private final boolean anyRate;
    private final Map<Integer, Hold> holds = new HashMap<>();

    public Disturbances(long seed, Rates rates) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.rates = rates;
        this.anyRate = rates.any();
    }

    public long seed() {
        return seed;
    }

    public Rates rates() {
        return rates;
    }

    /** Someone else holds the page lock for {@code passes} passes. */
    public void holdLock(Frames f, int pfn, int passes) {
        hold(pfn).lockedPasses = passes;
        f.set(pfn, PageFlags.LOCKED);
    }

    /** The page is under writeback for {@code passes} passes. */
    public void holdWriteback(Frames f, int pfn, int passes) {
        hold(pfn).writebackPasses = passes;
        f.set(pfn, PageFlags.WRITEBACK);
    }

    /** Someone else holds {@code refs} references for {@code passes} passes (FOREVER: a pin). */
    public void holdRefs(Frames f, int pfn, int refs, int passes) {
        Hold h = hold(pfn);
        h.refs += refs;
        h.refPasses = passes;
        f.setRefcount(pfn, f.refcount(pfn) + refs);
    }

    private Hold hold(int pfn) {
        return holds.computeIfAbsent(pfn, k -> new Hold());
    }

    public boolean hasHolds() {
        return !holds.isEmpty();
    }

    /** Releases what expires at the start of {@code pass}. */
    public void beginPass(Machine m, int pass) {
        if (holds.isEmpty()) {
            return;
        }
        Frames f = m.frames();
        for (Iterator<Map.Entry<Integer, Hold>> it = holds.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Integer, Hold> e = it.next();
            int pfn = e.getKey();
            Hold h = e.getValue();
            if (h.lockedPasses > 0 && h.lockedPasses <= pass) {
                h.lockedPasses = 0;
                f.clear(pfn, PageFlags.LOCKED);
            }
            if (h.writebackPasses > 0 && h.writebackPasses <= pass) {
                h.writebackPasses = 0;
                f.clear(pfn, PageFlags.WRITEBACK);
            }
            if (h.refs > 0 && h.refPasses <= pass) {
                for (int i = 0; i < h.refs; i++) {
                    m.putPage(pfn);
                }
                h.refs = 0;
            }
            if (h.lockedPasses == 0 && h.writebackPasses == 0 && h.refs == 0 && h.eventRefs == 0) {
                it.remove();
            }
        }
    }

    /** lock_page: the other holder lets go (we waited for it). */
    public void waitForLock(Frames f, int pfn) {
        Hold h = holds.get(pfn);
        if (h != null) {
            h.lockedPasses = 0;
        }
        f.clear(pfn, PageFlags.LOCKED);
    }

    /** wait_on_page_writeback: the I/O completes. */
    public void waitForWriteback(Frames f, int pfn) {
        Hold h = holds.get(pfn);
        if (h != null) {
            h.writebackPasses = 0;
        }
        f.clear(pfn, PageFlags.WRITEBACK);
    }

    /** Whether a held reference on {@code pfn} is a permanent pin. */
    public boolean pinned(int pfn) {
        Hold h = holds.get(pfn);
        return h != null && h.refs > 0 && h.refPasses == FOREVER;
    }

    /** Extra references someone else holds right now. */
    public int heldRefs(int pfn) {
        Hold h = holds.get(pfn);
        return h == null ? 0 : h.refs + h.eventRefs;
    }

    /** Someone takes {@code refs} references (get_page) and keeps them until {@link #dropRefs}. */
    public void takeRefs(Frames f, int pfn, int refs) {
        hold(pfn).eventRefs += refs;
        f.setRefcount(pfn, f.refcount(pfn) + refs);
    }

    /**
     * Someone puts up to {@code refs} of the references it holds (those {@link #takeRefs} took first,
     * then those of {@link #holdRefs}); the page is freed if they were its last.
     *
     * @return the references dropped
     */
    public int dropRefs(Machine m, int pfn, int refs) {
        Hold h = holds.get(pfn);
        if (h == null) {
            return 0;
        }
        int fromEvents = Math.min(refs, h.eventRefs);
        int fromHolds = Math.min(refs - fromEvents, h.refs);
        h.eventRefs -= fromEvents;
        h.refs -= fromHolds;
        if (h.lockedPasses == 0 && h.writebackPasses == 0 && h.refs == 0 && h.eventRefs == 0) {
            holds.remove(pfn);
        }
        for (int i = 0; i < fromEvents + fromHolds; i++) {
            m.putPage(pfn);
        }
        return fromEvents + fromHolds;
    }

    /** A transient lock holder at this trylock. */
    public boolean drawLockedByOther() {
        return anyRate && rates.lockedByOther > 0 && random.nextDouble() < rates.lockedByOther;
    }

    /** Transient writeback at this check. */
    public boolean drawWriteback() {
        return anyRate && rates.underWriteback > 0 && random.nextDouble() < rates.underWriteback;
    }

    /** A transient reference (a GUP, a speculative lookup) at this refcount check. */
    public boolean drawTransientRef() {
        return anyRate && rates.transientRef > 0 && random.nextDouble() < rates.transientRef;
    }

    /** A page lands in a per-CPU LRU cache after that CPU was drained. */
    public boolean drawLruCacheRace() {
        return anyRate && rates.lruCacheRace > 0 && random.nextDouble() < rates.lruCacheRace;
    }
}
