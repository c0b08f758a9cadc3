package org.panuma.engine.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** The machine's /proc/vmstat counters the migration code touches. */
public final class VmStat {
    private final long[] counters = new long[VmEvent.values().length];

    public void add(VmEvent e, long delta) {
        counters[e.ordinal()] += delta;
    }

    public long get(VmEvent e) {
        return counters[e.ordinal()];
    }

    /** name to value, in /proc/vmstat order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (VmEvent e : VmEvent.values()) {
            m.put(e.procName(), counters[e.ordinal()]);
        }
        return m;
    }

    /** Counters of this minus {@code before}. */
    public Map<String, Long> since(Map<String, Long> before) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (VmEvent e : VmEvent.values()) {
            m.put(e.procName(), counters[e.ordinal()] - before.getOrDefault(e.procName(), 0L));
        }
        return m;
    }
}
