package org.panuma.engine.model;

/**
 * The page flags the migration code reads and writes (include/linux/page-flags.h), as bits of
 * {@link Frames#flags}. The top byte holds the CPU whose per-CPU LRU cache holds the page.
 */
public final class PageFlags {
    private PageFlags() {
    }

    public static final int LRU = 1;
    public static final int ACTIVE = 1 << 1;
    public static final int LOCKED = 1 << 2;
    public static final int DIRTY = 1 << 3;
    public static final int WRITEBACK = 1 << 4;
    /** PG_private: buffers or fs-private data attached (one extra reference). */
    public static final int PRIVATE = 1 << 5;
    public static final int SWAPCACHE = 1 << 6;
    public static final int ANON = 1 << 7;
    /** PG_reserved: the shared zero page in the seeds. */
    public static final int RESERVED = 1 << 8;
    /** A transparent huge page: one folio of {@link #HUGE_PAGES} base pages. */
    public static final int THP = 1 << 9;
    public static final int HUGETLB = 1 << 10;
    public static final int REFERENCED = 1 << 11;
    public static final int UPTODATE = 1 << 12;
    public static final int ERROR = 1 << 13;
    public static final int CHECKED = 1 << 14;
    public static final int MAPPEDTODISK = 1 << 15;
    /** In a per-CPU LRU cache (pagevec / folio_batch), not yet on an LRU list. */
    public static final int IN_LRU_CACHE = 1 << 16;
    /** ZONE_DEVICE memory (device private, DAX). */
    public static final int ZONE_DEVICE = 1 << 17;
    /** The frame is free (in the allocator). */
    public static final int FREE = 1 << 18;
    /** An isolated hugetlb page (isolate_hugetlb; hugetlb pages are not on the LRU). */
    public static final int HUGETLB_ISOLATED = 1 << 19;
    /** The shared zero page (is_zero_pfn). */
    public static final int ZERO = 1 << 20;
    /**
     * A KSM page (PageKsm: mm/ksm.c merged identical anonymous pages into it; 2.6.32 and later, so
     * never under the seed profiles). migrate.c has no branch of its own for it: move_pages and
     * migrate_pages treat it as the anonymous page it is, mapped by every PTE that was merged (its
     * mapcount), so without MPOL_MF_MOVE_ALL a KSM page mapped more than once stays (-EACCES in
     * move_pages, skipped by migrate_pages(2) and mbind). Migration keeps it KSM: the new folio takes
     * the old one's mapping and folio_migrate_ksm moves the stable node to it.
     * [6.1 mm/migrate.c folio_migrate_flags] [6.12 mm/migrate.c folio_migrate_flags]
     * The model maps a KSM page's other merged PTEs as mappings of the same anonymous space at the
     * same index (as after a fork), not through a stable node's rmap_items.
     */
    public static final int KSM = 1 << 21;

    public static final int CPU_SHIFT = 24;
    public static final int CPU_MASK = 0xff << CPU_SHIFT;

    /** Base pages in a THP or hugetlb folio (2 MiB of 4 KiB pages). */
    public static final int HUGE_PAGES = 512;

    /** The flags migrate_page_copy carries from the old page to the new one. */
    public static final int COPIED = ERROR | REFERENCED | UPTODATE | ACTIVE | CHECKED | MAPPEDTODISK;

    public static boolean has(int flags, int flag) {
        return (flags & flag) != 0;
    }

    /** "LRU|ACTIVE|DIRTY" for explanations. */
    public static String describe(int flags) {
        String[] names = {"LRU", "ACTIVE", "LOCKED", "DIRTY", "WRITEBACK", "PRIVATE", "SWAPCACHE", "ANON",
            "RESERVED", "THP", "HUGETLB", "REFERENCED", "UPTODATE", "ERROR", "CHECKED", "MAPPEDTODISK",
            "IN_LRU_CACHE", "ZONE_DEVICE", "FREE", "HUGETLB_ISOLATED", "ZERO", "KSM"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if ((flags & (1 << i)) != 0) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(names[i]);
            }
        }
        return sb.toString();
    }
}
