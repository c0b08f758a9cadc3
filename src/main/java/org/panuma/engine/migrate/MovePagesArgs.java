package org.panuma.engine.migrate;

/**
 * The user memory of a move_pages call: {@code count} is nr_pages as passed; reading {@code pages},
 * {@code nodes} (null for a query) or writing {@code status} past their ends is a fault (-EFAULT),
 * exactly as get_user/put_user on a short user buffer.
 */
public record MovePagesArgs(int pid, long count, long[] pages, int[] nodes, int[] status, int flags) {
    public boolean query() {
        return nodes == null;
    }

    boolean canRead(long i) {
        return i >= 0 && i < pages.length && (nodes == null || i < nodes.length);
    }

    boolean canWriteStatus(long i) {
        return status != null && i >= 0 && i < status.length;
    }
}
