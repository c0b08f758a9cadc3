package org.panuma.api;

/**
 * Whole pages {@code [start, start + pages * pageSize)}: what move_pages and mbind act on.
 * Built only through the checks below, so every range the api hands to a syscall is page-aligned,
 * non-empty and addressable.
 */
record PageRange(long start, int pages, int pageSize) {

    /** The pages that hold the bytes {@code [address, address + length)}; the bytes need not be aligned. */
    static PageRange covering(long address, long length, int pageSize) {
        checkLength(length);
        long first = address - Long.remainderUnsigned(address, pageSize);
        long end = ceil(address + length, pageSize);
        return of(first, end - first, pageSize);
    }

    /** An exact page range: {@code address} must be page-aligned (mbind's rule, applied everywhere for clarity). */
    static PageRange aligned(long address, long length, int pageSize) {
        checkLength(length);
        if (Long.remainderUnsigned(address, pageSize) != 0) {
            throw new IllegalArgumentException("address 0x" + Long.toHexString(address)
                    + " is not aligned to the page size " + pageSize);
        }
        return of(address, ceil(length, pageSize), pageSize);
    }

    private static PageRange of(long start, long bytes, int pageSize) {
        if (start == 0) {
            throw new IllegalArgumentException("address 0 is the null pointer");
        }
        long pages = bytes / pageSize;
        if (pages > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(bytes + " bytes is more pages than one call handles; split the range");
        }
        if (Long.compareUnsigned(start + bytes, start) < 0 && start + bytes != 0) {
            throw new IllegalArgumentException("range at 0x" + Long.toHexString(start) + " of " + bytes
                    + " bytes wraps around the address space");
        }
        return new PageRange(start, (int) pages, pageSize);
    }

    private static void checkLength(long length) {
        if (length <= 0) {
            throw new IllegalArgumentException("length must be positive, got " + length);
        }
    }

    private static long ceil(long value, int pageSize) {
        long rem = Long.remainderUnsigned(value, pageSize);
        return rem == 0 ? value : value + (pageSize - rem);
    }

    long bytes() {
        return (long) pages * pageSize;
    }

    long end() {
        return start + bytes();
    }

    long[] addresses() {
        long[] a = new long[pages];
        for (int i = 0; i < pages; i++) {
            a[i] = start + (long) i * pageSize;
        }
        return a;
    }

    @Override
    public String toString() {
        return "0x" + Long.toHexString(start) + "+" + bytes();
    }
}
