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
        long measured = Math.max(0, onSourceOnly(before) - onSourceOnly(after));
        // The kernel's count of pages it could not move is a floor for those that stayed.
        return Math.max(0, Math.min(measured, onSourceOnly(before) - notMigrated));
    }

    /**
     * Base pages of {@link #requestedPages()} that did not leave the source nodes: what the
     * residency shows stayed, at least the kernel's own count. Without CAP_SYS_NICE the kernel
     * skips pages shared with other processes without counting them, so this can exceed
     * {@link #notMigrated()}. {@code movedPages() + stayedPages() == requestedPages()}.
     */
    public long stayedPages() {
        return requestedPages() - movedPages();
    }

    private long onSourceOnly(Map<Integer, Long> counts) {
        NodeSet sources = from.minus(to);
        return counts.entrySet().stream().filter(e -> sources.contains(e.getKey())).mapToLong(Map.Entry::getValue)
                .sum();
    }
}
