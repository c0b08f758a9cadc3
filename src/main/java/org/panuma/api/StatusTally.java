package org.panuma.api;

/**
 * Counts move_pages status words by value before they become {@link PageCounts} keys.
 *
 * <p>Why: a {@code where} over 1 GiB reads 262,144 status words. Turning each one into its key
 * ("0", "EFAULT") and merging it into the sorted map cost far more than the kernel's query of
 * the same pages; counting into arrays first leaves one map update per distinct outcome.
 * Node ids below {@link #NODE_SLOTS} (the kernel's MAX_NUMNODES, 1024) and errnos below
 * {@link #ERRNO_SLOTS} (MAX_ERRNO, 4095) have a slot each; any other word (e.g.
 * {@link PageStatus#NOT_PROCESSED}) goes to the map directly.
 */
final class StatusTally {
    static final int NODE_SLOTS = 1024;
    static final int ERRNO_SLOTS = 4096;

    private StatusTally() {
    }

    /** Adds {@code statuses[from..to)} to {@code counts}, one page per word. */
    static void addTo(PageCounts counts, int[] statuses, int from, int to) {
        long[] nodes = null;
        long[] errnos = null;
        for (int i = from; i < to; i++) {
            int s = statuses[i];
            if (s >= 0 && s < NODE_SLOTS) {
                if (nodes == null) {
                    nodes = new long[NODE_SLOTS];
                }
                nodes[s]++;
            } else if (s < 0 && s > -ERRNO_SLOTS) {
                if (errnos == null) {
                    errnos = new long[ERRNO_SLOTS];
                }
                errnos[-s]++;
            } else {
                counts.addStatus(s);
            }
        }
        if (nodes != null) {
            for (int n = 0; n < NODE_SLOTS; n++) {
                if (nodes[n] != 0) {
                    counts.add(PageStatus.describe(n), nodes[n]);
                }
            }
        }
        if (errnos != null) {
            for (int e = 1; e < ERRNO_SLOTS; e++) {
                if (errnos[e] != 0) {
                    counts.add(PageStatus.describe(-e), errnos[e]);
                }
            }
        }
    }
}
