package org.panuma.api;

/**
 * How many page entries a move handed to move_pages(2): what the kernel's work on the move's
 * behalf scales with. A page entry is one address in one call, so a page queried once and moved
 * once counts one of each; retries count again.
 *
 * @param queried entries of calls in query mode (nodes == NULL), which only ask where a page is
 * @param moved   entries of calls that ask the kernel to move pages
 */
public record PageEntries(long queried, long moved) {
    public static final PageEntries NONE = new PageEntries(0, 0);

    public PageEntries {
        if (queried < 0 || moved < 0) {
            throw new IllegalArgumentException("page entries must not be negative: " + queried + ", " + moved);
        }
    }

    /** Both counts added. <pre>{@code plan.pageEntries().plus(report.pageEntries())}</pre> */
    public PageEntries plus(PageEntries other) {
        return new PageEntries(queried + other.queried, moved + other.moved);
    }

    /** Query and move entries together. */
    public long total() {
        return queried + moved;
    }
}
