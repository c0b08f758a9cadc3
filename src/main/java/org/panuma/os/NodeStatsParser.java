package org.panuma.os;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses a node's allocation counters ({@code /sys/devices/system/node/nodeN/numastat}: lines
 * like {@code numa_hit 11005957}) and its memory ({@code .../nodeN/meminfo}: lines like
 * {@code Node 0 MemTotal:  10053844 kB}). Pure functions; fields keep the kernel's order.
 */
public final class NodeStatsParser {
    private NodeStatsParser() {
    }

    /** The counters of a numastat file, by the kernel's names (numa_hit, numa_miss, ...). */
    public static Map<String, Long> counters(String numastat) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : numastat.split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w.length == 2) {
                m.put(w[0], parse(w[1], line));
            }
        }
        return m;
    }

    /**
     * Every field of a node meminfo file in bytes. Fields counted in huge pages (HugePages_Total,
     * _Free, _Surp) are multiplied by {@code hugePageBytes}, as numastat -m shows them.
     */
    public static Map<String, Long> meminfoBytes(String meminfo, long hugePageBytes) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : meminfo.split("\n")) {
            String[] w = line.trim().split("\\s+");
            // "Node", id, "Field:", value, ["kB"]
            if (w.length >= 4 && w[0].equals("Node") && w[2].endsWith(":")) {
                String field = w[2].substring(0, w[2].length() - 1);
                long v = parse(w[3], line);
                boolean kib = w.length >= 5 && w[4].equalsIgnoreCase("kB");
                m.put(field, kib ? v * 1024 : field.startsWith("HugePages_") ? v * hugePageBytes : v);
            }
        }
        return m;
    }

    /** The default huge page size from /proc/meminfo's {@code Hugepagesize:  2048 kB}, 0 when absent. */
    public static long hugePageBytes(String procMeminfo) {
        for (String line : procMeminfo.split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w.length >= 2 && w[0].equals("Hugepagesize:")) {
                return parse(w[1], line) * 1024;
            }
        }
        return 0;
    }

    private static long parse(String value, String line) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number '" + value + "' in line '" + line.trim() + "'");
        }
    }
}
