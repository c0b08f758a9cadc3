package org.panuma.os;

/**
 * Bits of /proc/kpageflags (include/uapi/linux/kernel-page-flags.h), the ones a migration
 * prediction needs.
 */
public final class KPageFlags {
    public static final int LOCKED = 0;
    public static final int DIRTY = 4;
    public static final int LRU = 5;
    public static final int ACTIVE = 6;
    public static final int SLAB = 7;
    public static final int WRITEBACK = 8;
    public static final int BUDDY = 10;
    public static final int MMAP = 11;
    public static final int ANON = 12;
    public static final int COMPOUND_HEAD = 15;
    public static final int COMPOUND_TAIL = 16;
    public static final int HUGE = 17;
    public static final int UNEVICTABLE = 18;
    public static final int HWPOISON = 19;
    public static final int NOPAGE = 20;
    public static final int KSM = 21;
    public static final int THP = 22;
    public static final int ZERO_PAGE = 24;
    public static final int MLOCKED = 33;

    private KPageFlags() {
    }

    public static boolean has(long flags, int bit) {
        return (flags & (1L << bit)) != 0;
    }
}
