package org.panuma.api;

import org.panuma.spi.Errno;

/**
 * Reads move_pages' per-page status words: a node id (≥ 0) or a negated errno.
 */
public final class PageStatus {
    /** A status word no kernel writes: marks entries the kernel left untouched. */
    public static final int NOT_PROCESSED = Integer.MIN_VALUE;

    private PageStatus() {
    }

    public static boolean isNode(int status) {
        return status >= 0;
    }

    /** The errno of a failed page, or null for a node id or an unprocessed entry. */
    public static Errno errno(int status) {
        return status < 0 && status != NOT_PROCESSED ? Errno.ofOrNull(-status) : null;
    }

    /** "1" for a node, "EFAULT" for an errno, "not processed" for an untouched entry. */
    public static String describe(int status) {
        return status == NOT_PROCESSED ? "not processed" : Outcome.ofStatus(status).toString();
    }
}
