package org.panuma.api;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of pages by outcome key: node ids ("0", "1") or errno names ("EFAULT"), kept sorted so
 * output is stable. Mutable while a query or move runs; {@link #asMap()} is a read-only view.
 */
public final class PageCounts {
    private final TreeMap<String, Long> counts = new TreeMap<>(PageCounts::compareKeys);

    /** Adds one page with this status word. */
    public void addStatus(int status) {
        add(PageStatus.describe(status), 1);
    }

    /** Adds one page per status word, counted by value first (see {@link StatusTally}). */
    public void addStatuses(int[] statuses) {
        StatusTally.addTo(this, statuses, 0, statuses.length);
    }

    public void add(String key, long n) {
        if (n != 0) {
            counts.merge(key, n, Long::sum);
        }
    }

    public void addAll(PageCounts other) {
        other.counts.forEach(this::add);
    }

    public long get(String key) {
        return counts.getOrDefault(key, 0L);
    }

    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Only the node ids, as a map from node to pages. */
    public Map<Integer, Long> byNode() {
        Map<Integer, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (isNodeKey(k)) {
                m.put(Integer.parseInt(k), v);
            }
        });
        return m;
    }

    public Map<String, Long> asMap() {
        return Collections.unmodifiableMap(counts);
    }

    @Override
    public String toString() {
        return counts.toString();
    }

    // A plain loop, not a stream: the TreeMap calls this on every add, per page in the movers.
    private static boolean isNodeKey(String k) {
        if (k.isEmpty()) {
            return false;
        }
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Node ids first, numerically; then names alphabetically. */
    private static int compareKeys(String a, String b) {
        boolean na = isNodeKey(a);
        boolean nb = isNodeKey(b);
        if (na && nb) {
            return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    }
}
