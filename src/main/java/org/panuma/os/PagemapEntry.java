package org.panuma.os;

/**
 * One 64-bit entry of /proc/PID/pagemap (Documentation/admin-guide/mm/pagemap.rst):
 * <pre>
 *   bit 63     page present
 *   bit 62     page swapped
 *   bit 61     file page or shared anonymous
 *   bit 57     pte is uffd-wp write-protected
 *   bit 56     page exclusively mapped (since 4.2)
 *   bit 55     pte is soft-dirty
 *   bits 0-54  PFN if present (0 without CAP_SYS_ADMIN since 4.2), else swap type (0-4) and offset (5-54)
 * </pre>
 * Pure value; decoding only.
 */
public record PagemapEntry(long raw) {
    private static final long PFN_MASK = (1L << 55) - 1;

    public boolean present() {
        return (raw & (1L << 63)) != 0;
    }

    public boolean swapped() {
        return (raw & (1L << 62)) != 0;
    }

    public boolean fileOrSharedAnon() {
        return (raw & (1L << 61)) != 0;
    }

    public boolean exclusivelyMapped() {
        return (raw & (1L << 56)) != 0;
    }

    public boolean softDirty() {
        return (raw & (1L << 55)) != 0;
    }

    /** The page frame number when present and readable; 0 when hidden (no CAP_SYS_ADMIN) or absent. */
    public long pfn() {
        return present() ? raw & PFN_MASK : 0;
    }

    /** The swap type of a swapped page. */
    public int swapType() {
        return swapped() ? (int) (raw & 0x1f) : -1;
    }

    /** The swap offset of a swapped page. */
    public long swapOffset() {
        return swapped() ? (raw & PFN_MASK) >>> 5 : -1;
    }
}
