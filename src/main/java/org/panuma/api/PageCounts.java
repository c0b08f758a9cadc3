package org.panuma.api;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of pages by {@link Outcome}: nodes, errnos, and the words of a move, kept in
 * {@link Outcome#ORDER} so output is stable. Mutable while a query or move runs; {@link #asMap()}
 * is a read-only view.
 */
public final class PageCounts {
    /** Node ids below this (the kernel's MAX_NUMNODES) are tallied in an array first. */
    private static final int NODE_SLOTS = 1024;
    /** Errnos below this (the kernel's MAX_ERRNO + 1) are tallied in an array first. */
    private static final int ERRNO_SLOTS = 4096;

    private final TreeMap<Outcome, Long> counts = new TreeMap<>(Outcome.ORDER);

    /** Adds one page with this status word (node, negated errno, or {@link PageStatus#NOT_PROCESSED}). */
    public void addStatus(int status) {
        add(Outcome.ofStatus(status), 1);
    }

    /**
     * Adds one page per status word, {@code statuses[from, to)}. Why the words are counted by
     * value first: a {@code where} over 1 GiB reads 262,144 of them, and a map update per page
     * cost far more than the kernel's query of the same pages; this leaves one update per
     * distinct outcome.
     */
    public void addStatuses(int[] statuses, int from, int to) {
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
                addStatus(s);
            }
        }
        for (int n = 0; nodes != null && n < NODE_SLOTS; n++) {
            add(new Outcome.OnNode(n), nodes[n]);
        }
        for (int e = 1; errnos != null && e < ERRNO_SLOTS; e++) {
            add(new Outcome.Failed(e), errnos[e]);
        }
    }

    /** Adds one page per status word. */
    public void addStatuses(int[] statuses) {
        addStatuses(statuses, 0, statuses.length);
    }

    public void add(Outcome outcome, long n) {
        if (n != 0) {
            counts.merge(outcome, n, Long::sum);
        }
    }

    public void addAll(PageCounts other) {
        other.counts.forEach(this::add);
    }

    public long get(Outcome outcome) {
        return counts.getOrDefault(outcome, 0L);
    }

    public long total() {
        long n = 0;
        for (long v : counts.values()) {
            n += v;
        }
        return n;
    }

    /** Only the nodes, as a map from node to pages. */
    public Map<Integer, Long> byNode() {
        Map<Integer, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (k instanceof Outcome.OnNode o) {
                m.put(o.node(), v);
            }
        });
        return m;
    }

    /** Everything but the nodes: errnos and words. */
    public PageCounts notOnNodes() {
        PageCounts c = new PageCounts();
        counts.forEach((k, v) -> {
            if (!(k instanceof Outcome.OnNode)) {
                c.add(k, v);
            }
        });
        return c;
    }

    public Map<Outcome, Long> asMap() {
        return Collections.unmodifiableMap(counts);
    }

    @Override
    public String toString() {
        return counts.toString();
    }
}
