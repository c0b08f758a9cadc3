package org.panuma.engine.scenario;

import org.panuma.spi.NodeSet;

/** One system call of a scenario, with every argument resolved (addresses, not VMA names). */
public sealed interface ScenarioCall {
    /**
     * move_pages(pid, count, pages, nodes, status, flags) made by {@code caller}.
     *
     * @param nodes null for a query (nodes == NULL)
     */
    record MovePages(int caller, int pid, long count, long[] pages, int[] nodes, int flags) implements ScenarioCall {
    }

    /** migrate_pages(pid, from, to) made by {@code caller}. */
    record MigratePages(int caller, int pid, NodeSet from, NodeSet to) implements ScenarioCall {
    }
}
