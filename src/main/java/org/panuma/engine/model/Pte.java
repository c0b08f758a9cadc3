package org.panuma.engine.model;

/**
 * A page-table entry packed in an int: the low two bits say what it is, bit 2 is the write bit
 * (kept in migration entries, like is_write_migration_entry), the rest is a frame number or a swap
 * offset. 0 is pte_none: a page never touched.
 */
public final class Pte {
    private Pte() {
    }

    public static final int NONE = 0;
    public static final int TYPE_PRESENT = 1;
    public static final int TYPE_SWAP = 2;
    public static final int TYPE_MIGRATION = 3;
    public static final int WRITE = 4;
    private static final int SHIFT = 3;

    public static int present(int pfn, boolean write) {
        return (pfn << SHIFT) | TYPE_PRESENT | (write ? WRITE : 0);
    }

    public static int swap(int offset) {
        return (offset << SHIFT) | TYPE_SWAP;
    }

    public static int migration(int pfn, boolean write) {
        return (pfn << SHIFT) | TYPE_MIGRATION | (write ? WRITE : 0);
    }

    public static int type(int pte) {
        return pte & 3;
    }

    public static boolean isNone(int pte) {
        return pte == NONE;
    }

    public static boolean isPresent(int pte) {
        return (pte & 3) == TYPE_PRESENT;
    }

    /** is_swap_pte: not none, not present (swap and migration entries). */
    public static boolean isSwapPte(int pte) {
        return pte != NONE && (pte & 3) >= TYPE_SWAP;
    }

    public static boolean isMigration(int pte) {
        return (pte & 3) == TYPE_MIGRATION;
    }

    public static boolean isWrite(int pte) {
        return (pte & WRITE) != 0;
    }

    /** The frame of a present pte or migration entry; the offset of a swap entry. */
    public static int pfn(int pte) {
        return pte >>> SHIFT;
    }
}
