package org.panuma.engine.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An mm_struct: the VMAs of one address space, sorted by start. */
public final class Mm {
    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;

    private final int id;
    private final List<Vma> vmas = new ArrayList<>();
    /**
     * The last VMA vma_lookup found (the mmap_cache / vmacache of older kernels): move_pages looks up
     * consecutive addresses of one VMA, and this spares a binary search per page. VMAs never change
     * their range, so only removing one invalidates it.
     */
    private Vma lastLookup;

    public Mm(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public List<Vma> vmas() {
        return Collections.unmodifiableList(vmas);
    }

    /** Adds a VMA; overlapping an existing one is an error. */
    public Vma addVma(String name, long start, long end, int vmFlags, AddressSpace space, int pgoff) {
        Vma vma = new Vma(this, name, start, end, vmFlags, space, pgoff);
        for (Vma v : vmas) {
            if (v.start() < end && start < v.end()) {
                throw new IllegalArgumentException(vma + " overlaps " + v);
            }
        }
        int at = 0;
        while (at < vmas.size() && vmas.get(at).start() < start) {
            at++;
        }
        vmas.add(at, vma);
        space.vmas().add(vma);
        return vma;
    }

    public void removeVma(Vma vma) {
        lastLookup = null;
        vmas.remove(vma);
        vma.space().vmas().remove(vma);
    }

    /** find_vma: the first VMA with end > addr, which need not contain addr; null if none. */
    public Vma findVma(long addr) {
        int lo = 0;
        int hi = vmas.size() - 1;
        Vma found = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Vma v = vmas.get(mid);
            if (v.end() > addr) {
                found = v;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return found;
    }

    /** vma_lookup: the VMA containing addr, or null. */
    public Vma vmaLookup(long addr) {
        Vma last = lastLookup;
        if (last != null && last.contains(addr)) {
            return last;
        }
        Vma v = findVma(addr);
        if (v != null && v.start() <= addr) {
            lastLookup = v;
            return v;
        }
        return null;
    }
}
