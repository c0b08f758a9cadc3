package org.panuma.engine.model;

/** What an address space's a_ops->migratepage (migrate_folio in 6.x) points at. */
public enum MigrateOp {
    /** migrate_page / migrate_folio: no private data expected (anonymous swap cache, shmem, tmpfs). */
    MIGRATE_PAGE,
    /** buffer_migrate_page / buffer_migrate_folio: moves the buffer heads along (ext2/3/4, block devices). */
    BUFFER_MIGRATE_PAGE,
    /** fail_migrate_page: never movable (-EIO). */
    FAIL_MIGRATE_PAGE,
    /** No migratepage method: move_to_new_page falls back to fallback_migrate_page. */
    NONE
}
