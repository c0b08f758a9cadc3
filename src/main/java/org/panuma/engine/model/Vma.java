package org.panuma.engine.model;


/**
 * A vm_area_struct: {@code [start, end)} of one mm, its kind, the flags that make it unmovable
 * (VM_IO, VM_PFNMAP), hugetlb, its address space and page offset, and its page table as one pte
 * per base page (see {@link Pte}).
 */
public final class Vma {
    public static final int VM_IO = 1;
    public static final int VM_PFNMAP = 1 << 1;
    public static final int VM_HUGETLB = 1 << 2;
    public static final int VM_SHARED = 1 << 3;
    public static final int VM_LOCKED = 1 << 4;
    public static final int VM_WRITE = 1 << 5;
    /** VM_RESERVED (until 3.7): pages that must not be swapped out or moved (remap_pfn_range, drivers). */
    public static final int VM_RESERVED = 1 << 6;
    /**
     * VM_NONLINEAR (remap_file_pages, until 4.0): a file VMA on the mapping's i_mmap_nonlinear list, which
     * the rmap walk does not search; try_to_unmap reaches its ptes only through try_to_unmap_cluster.
     */
    public static final int VM_NONLINEAR = 1 << 7;

    private final Mm mm;
    private final long start;
    private final long end;
    private final int vmFlags;
    private final AddressSpace space;
    private final int pgoff;
    private final String name;
    final int[] ptes;
    /** vma-&gt;vm_policy: null when the VMA has none (the task's policy applies). */
    private Policy policy;
    /** Slots whose pte had its young bit cleared (ptep_clear_flush_young); a fault makes a pte young. */
    private final java.util.BitSet aged = new java.util.BitSet();
    /** What vma-&gt;vm_ops-&gt;migrate returns (2.6.16 to the 3.x kernels), or null when the VMA has no such method. */
    private Integer vmOpsMigrate;

    Vma(Mm mm, String name, long start, long end, int vmFlags, AddressSpace space, int pgoff) {
        if ((start & (Mm.PAGE_SIZE - 1)) != 0 || end <= start || (end & (Mm.PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("VMA " + name + " [" + Long.toHexString(start) + ", "
                    + Long.toHexString(end) + ") is not a page-aligned non-empty range");
        }
        this.mm = mm;
        this.name = name;
        this.start = start;
        this.end = end;
        this.vmFlags = vmFlags;
        this.space = space;
        this.pgoff = pgoff;
        long pages = (end - start) >>> Mm.PAGE_SHIFT;
        if (pages > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("VMA " + name + " too large");
        }
        this.ptes = new int[(int) pages];
    }

    public Mm mm() { return mm; }
    public String name() { return name; }
    public long start() { return start; }
    public long end() { return end; }
    public int vmFlags() { return vmFlags; }
    public boolean hasFlag(int f) { return (vmFlags & f) != 0; }
    public AddressSpace space() { return space; }
    public int pgoff() { return pgoff; }
    public int pages() { return ptes.length; }
    public boolean contains(long addr) { return addr >= start && addr < end; }
    public boolean isAnonymous() { return space.isAnon(); }
    public boolean isHugetlb() { return hasFlag(VM_HUGETLB); }

    /**
     * vma_migratable() under {@code profile}. 2.6.27 (include/linux/mempolicy.h of 2.6.27.57, lines
     * 226-240): not VM_IO, VM_HUGETLB, VM_PFNMAP or VM_RESERVED. 6.x (mm/mempolicy.c vma_migratable):
     * not VM_IO or VM_PFNMAP, not DAX, hugetlb only where hugepage migration is supported (x86_64:
     * always). Both also refuse a file whose mapping's gfp zone is below policy_zone, which the model
     * has no zones for.
     */
    public boolean migratable(org.panuma.engine.KernelProfile profile) {
        int refused = profile.isSeed() ? VM_IO | VM_HUGETLB | VM_PFNMAP | VM_RESERVED : VM_IO | VM_PFNMAP;
        return (vmFlags & refused) == 0;
    }

    /** The slot of {@code addr} in this VMA's page table. */
    public int slot(long addr) {
        return (int) ((addr - start) >>> Mm.PAGE_SHIFT);
    }

    public long address(int slot) {
        return start + ((long) slot << Mm.PAGE_SHIFT);
    }

    public int pte(int slot) { return ptes[slot]; }
    public void setPte(int slot, int pte) {
        ptes[slot] = pte;
        aged.clear(slot); // a new pte (a fault, a restored migration entry) is young
    }

    /** page->index of the page at {@code slot} (linear_page_index). */
    public int pageIndex(int slot) { return pgoff + slot; }

    /** vma-&gt;vm_policy, or null. */
    public Policy policy() { return policy; }
    /** The return of vm_ops-&gt;migrate (the seeds' migrate_vmas calls it), or null when there is none. */
    public Integer vmOpsMigrate() { return vmOpsMigrate; }
    /** ptep_clear_flush_young: whether the pte at {@code slot} was young, clearing it. */
    public boolean clearYoung(int slot) {
        boolean young = !aged.get(slot);
        aged.set(slot);
        return young;
    }
    public void setVmOpsMigrate(Integer rc) { this.vmOpsMigrate = rc; }
    public void setPolicy(Policy policy) { this.policy = policy; }

    @Override
    public String toString() {
        return name + " [0x" + Long.toHexString(start) + "-0x" + Long.toHexString(end) + ")";
    }
}
