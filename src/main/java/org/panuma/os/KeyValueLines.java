package org.panuma.os;

import org.panuma.spi.Printable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the "name value" lines of {@code /sys/devices/system/node/nodeN/numastat} and
 * {@code vmstat} (drivers/base/node.c). Pure function.
 */
public final class KeyValueLines {
    private KeyValueLines() {
    }

    public static Map<String, Long> parse(String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] w = line.strip().split("\\s+");
            long v = w.length == 2 ? ProcNumbers.unsigned(w[1]) : -1;
            if (v < 0) {
                throw new IllegalArgumentException("line " + lineNo + " is not 'name number': " + Printable.quote(line.strip()));
            }
            out.put(w[0], v);
        }
        return out;
    }
}
