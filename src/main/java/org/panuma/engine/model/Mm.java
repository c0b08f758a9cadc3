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

    /**
     * split_vma(mm, vma, at): {@code vma} becomes two VMAs, [start, at) and [at, end), with the same
     * flags, address space, policy and page table entries; the upper one's pgoff is advanced.
     *
     * @return the lower and the upper VMA
     */
    public Vma[] split(Vma vma, long at) {
        if (at <= vma.start() || at >= vma.end() || (at & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("cannot split " + vma + " at 0x" + Long.toHexString(at));
        }
        int cut = vma.slot(at);
        Vma lo = new Vma(this, vma.name(), vma.start(), at, vma.vmFlags(), vma.space(), vma.pgoff());
        Vma hi = new Vma(this, vma.name(), at, vma.end(), vma.vmFlags(), vma.space(), vma.pgoff() + cut);
        System.arraycopy(vma.ptes, 0, lo.ptes, 0, cut);
        System.arraycopy(vma.ptes, cut, hi.ptes, 0, hi.ptes.length);
        lo.setPolicy(vma.policy());
        hi.setPolicy(vma.policy());
        lo.setVmOpsMigrate(vma.vmOpsMigrate()); // split_vma copies vm_ops
        hi.setVmOpsMigrate(vma.vmOpsMigrate());
        int i = vmas.indexOf(vma);
        vmas.set(i, lo);
        vmas.add(i + 1, hi);
        List<Vma> shared = vma.space().vmas();
        int j = shared.indexOf(vma);
        shared.set(j, lo);
        shared.add(j + 1, hi);
        lastLookup = null;
        return new Vma[] {lo, hi};
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
