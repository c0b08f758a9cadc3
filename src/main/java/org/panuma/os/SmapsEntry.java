package org.panuma.os;

import java.util.List;

/**
 * One block of /proc/PID/smaps: the mapping and the sizes panuma uses (bytes).
 *
 * @param mapping         the maps line heading the block
 * @param kernelPageSize  the page size backing the mapping (2 MiB or 1 GiB for hugetlb)
 * @param rss             resident bytes
 * @param anonHugePages   bytes in transparent huge pages
 * @param swap            swapped-out bytes
 * @param hugetlb         bytes of hugetlb pages (Private_Hugetlb + Shared_Hugetlb)
 * @param thpEligible     THPeligible: 1
 * @param vmFlags         the VmFlags mnemonics ("rd", "wr", "mr", "io", "pf", ...)
 */
public record SmapsEntry(MapsEntry mapping, long kernelPageSize, long rss, long anonHugePages, long swap,
                         long hugetlb, boolean thpEligible, List<String> vmFlags) {
    public SmapsEntry {
        vmFlags = List.copyOf(vmFlags);
    }

    /** VM_IO or VM_PFNMAP ("io", "pf"): device memory, nothing move_pages can move. */
    public boolean deviceMapping() {
        return vmFlags.contains("io") || vmFlags.contains("pf");
    }

    /** True when the kernel has pages of this mapping in memory or in swap. */
    public boolean hasPages() {
        return rss > 0 || swap > 0 || hugetlb > 0;
    }
}
