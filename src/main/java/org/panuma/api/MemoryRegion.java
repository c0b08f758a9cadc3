package org.panuma.api;

import org.panuma.os.MapsEntry;
import org.panuma.spi.RegionKind;
import org.panuma.os.SmapsEntry;

/**
 * One mapping of a process, as panuma shows and selects it.
 *
 * @param start      first byte
 * @param end        one past the last byte
 * @param perms      "rw-p"
 * @param kind       heap, stack, anon, file, shm, hugetlb, or a kernel special mapping
 * @param path       the file path or the kernel's name ("" for plain anonymous memory)
 * @param pageSize   the page size backing it (bytes): 2 MiB or 1 GiB for hugetlb
 * @param thpBytes   bytes in transparent huge pages
 * @param hasPages   false when the kernel has no page of it in memory or swap (nothing to find)
 * @param migratable false for [vdso]/[vvar]/[vsyscall] and device (VM_IO/VM_PFNMAP) mappings
 */
public record MemoryRegion(long start, long end, String perms, RegionKind kind, String path, long pageSize,
                           long thpBytes, boolean hasPages, boolean migratable) {

    static MemoryRegion of(SmapsEntry s, long basePageSize) {
        MapsEntry m = s.mapping();
        long ps = s.kernelPageSize() > 0 ? s.kernelPageSize() : basePageSize;
        return new MemoryRegion(m.start(), m.end(), m.perms(), m.kind(), m.path(), ps, s.anonHugePages(),
                s.hasPages(), m.kind().migratable() && !s.deviceMapping());
    }

    public long length() {
        return end - start;
    }

    /** Pages of {@link #pageSize()} in the region. */
    public long pages() {
        return Long.divideUnsigned(length(), pageSize);
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    /** True when the region is transparent-huge-page backed, wholly or in part. */
    public boolean thp() {
        return thpBytes > 0;
    }
}
