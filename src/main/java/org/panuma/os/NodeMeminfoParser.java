package org.panuma.os;

import org.panuma.spi.Printable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads one field of a node's {@code /sys/devices/system/node/nodeN/meminfo}, whose lines look
 * like {@code "Node 0 MemTotal:       16338504 kB"}. Pure function.
 */
public final class NodeMeminfoParser {
    private NodeMeminfoParser() {
    }

    /** The field in bytes, or empty when the text has no such field. */
    public static OptionalLong bytes(String meminfo, String field) {
        for (String line : meminfo.split("\n")) {
            String[] words = line.trim().split("\\s+");
            // "Node", id, "Field:", value, "kB"
            if (words.length >= 4 && words[2].equals(field + ":")) {
                try {
                    long value = Long.parseLong(words[3]);
                    boolean kib = words.length >= 5 && words[4].equalsIgnoreCase("kB");
                    return OptionalLong.of(kib ? value * 1024 : value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad value " + Printable.quote(words[3]) + " for " + field
                            + " in node meminfo line " + Printable.quote(line.trim()));
                }
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Every field: values with a "kB" unit in bytes, the others (HugePages_Total, _Free, _Surp)
     * as the counts they are.
     */
    public static Map<String, Long> all(String meminfo) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : meminfo.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length < 4 || !words[2].endsWith(":")) {
                continue;
            }
            String field = words[2].substring(0, words[2].length() - 1);
            boolean kib = words.length >= 5 && words[4].equalsIgnoreCase("kB");
            long value = kib ? ProcNumbers.kibibytes(words[3]) : ProcNumbers.unsigned(words[3]);
            if (value < 0) {
                throw new IllegalArgumentException("bad value " + Printable.quote(words[3]) + " for " + field
                        + " in node meminfo line " + Printable.quote(line.trim()));
            }
            out.put(field, value);
        }
        return out;
    }
}
