package org.panuma.engine.scenario;

import java.util.List;
import org.panuma.spi.NodeSet;

/** One system call of a scenario, with every argument resolved (addresses, not VMA names). */
public sealed interface ScenarioCall {
    /** What other threads do to pages while the call runs. */
    List<ScenarioEvent> events();

    /**
     * move_pages(pid, count, pages, nodes, status, flags) made by {@code caller}.
     *
     * @param nodes null for a query (nodes == NULL)
     */
    record MovePages(int caller, int pid, long count, long[] pages, int[] nodes, int flags, List<ScenarioEvent> events)
            implements ScenarioCall {
        public MovePages {
            events = List.copyOf(events);
        }

        public MovePages(int caller, int pid, long count, long[] pages, int[] nodes, int flags) {
            this(caller, pid, count, pages, nodes, flags, List.of());
        }
    }

    /** migrate_pages(pid, from, to) made by {@code caller}. */
    record MigratePages(int caller, int pid, NodeSet from, NodeSet to, List<ScenarioEvent> events) implements ScenarioCall {
        public MigratePages {
            events = List.copyOf(events);
        }

        public MigratePages(int caller, int pid, NodeSet from, NodeSet to) {
            this(caller, pid, from, to, List.of());
        }
    }
}
