package org.panuma.api;

import java.util.Map;
import org.panuma.spi.NodeSet;

/**
 * What migrate_pages(2) did to a process.
 *
 * @param pid          the process
 * @param from         the nodes pages were taken from
 * @param to           the nodes they were sent to
 * @param notMigrated  migrate_pages' return: pages it could not move (numactl's migratepages drops this)
 * @param before       base pages per node before the call, over the whole process
 * @param after        base pages per node after it
 * @param elapsedNanos the call's wall time
 */
public record MigrateReport(int pid, NodeSet from, NodeSet to, long notMigrated, Map<Integer, Long> before,
                            Map<Integer, Long> after, long elapsedNanos) {
    public MigrateReport {
        before = Map.copyOf(before);
        after = Map.copyOf(after);
    }

    /** Base pages on the source nodes (that are not also targets) before the call. */
    public long requestedPages() {
        return onSourceOnly(before);
    }

    /**
     * Base pages that left the source nodes, from the residency before and after. The target
     * keeps running, so this is a measurement, not the kernel's own count.
     */
    public long movedPages() {
        return Math.max(0, onSourceOnly(before) - onSourceOnly(after));
    }

    private long onSourceOnly(Map<Integer, Long> counts) {
        NodeSet sources = from.minus(to);
        return counts.entrySet().stream().filter(e -> sources.contains(e.getKey())).mapToLong(Map.Entry::getValue)
                .sum();
    }
}
