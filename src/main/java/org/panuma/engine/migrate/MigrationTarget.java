package org.panuma.engine.migrate;

import org.panuma.engine.model.Machine;

/**
 * new_page_t: allocates the page a page migrates to (new_page_node in the seeds,
 * alloc_migration_target in 6.x), and in the seeds also receives the result for the page's status
 * (the {@code int **result} pointer).
 */
public interface MigrationTarget {
    /** A new frame for {@code pfn}, or -1 (the allocation failed: -ENOMEM). */
    int allocate(Machine m, int pfn);

    /** The seeds' {@code *result = rc ? rc : page_to_nid(newpage)}; 6.x ignores it. */
    default void result(int pfn, int value) {
    }

    /** A target that allocates on {@code nid} (GFP_THISNODE) and records nothing. */
    static MigrationTarget onNode(int nid) {
        return (m, pfn) -> m.allocPage(nid, m.frames().nrPages(pfn));
    }
}
