package org.panuma.os;

import org.panuma.spi.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.panuma.spi.IdListParser;
import org.panuma.spi.MemoryTiering;
import org.panuma.spi.NodeSet;

/**
 * Builds {@link MemoryTiering} from sysfs text: a map from the path below {@code /sys}
 * ("devices/virtual/memory_tiering/memory_tier4/nodelist", "kernel/mm/numa/demotion_enabled",
 * "kernel/mm/mempolicy/weighted_interleave/node0") to the file's content. Pure function:
 * {@link MemoryTieringReader} does the reading. Missing files mean the kernel lacks the feature.
 */
public final class MemoryTieringParser {
    public static final String TIER_DIR = "devices/virtual/memory_tiering";
    public static final String DEMOTION = "kernel/mm/numa/demotion_enabled";
    public static final String WEIGHT_DIR = "kernel/mm/mempolicy/weighted_interleave";

    private static final Pattern TIER = Pattern.compile(Pattern.quote(TIER_DIR) + "/memory_tier(\\d+)/nodelist");
    private static final Pattern WEIGHT = Pattern.compile(Pattern.quote(WEIGHT_DIR) + "/node(\\d+)");

    private MemoryTieringParser() {
    }

    public static MemoryTiering parse(Map<String, String> files) {
        List<MemoryTiering.Tier> tiers = new ArrayList<>();
        SortedMap<Integer, Integer> weights = new TreeMap<>();
        for (Map.Entry<String, String> e : files.entrySet()) {
            Matcher tier = TIER.matcher(e.getKey());
            if (tier.matches()) {
                tiers.add(new MemoryTiering.Tier(number(e.getKey(), tier.group(1)), nodeList(e.getKey(), e.getValue())));
                continue;
            }
            Matcher weight = WEIGHT.matcher(e.getKey());
            if (weight.matches()) {
                int w = number(e.getKey(), e.getValue().strip());
                if (w < 1 || w > 255) {
                    throw new IllegalArgumentException(e.getKey() + ": weight " + w + " is outside 1-255");
                }
                weights.put(number(e.getKey(), weight.group(1)), w);
            }
        }
        // A lambda of this class, which the AOT cache holds linked, not Comparator.comparingInt, whose
        // own lambda the JVM links at run time: ~4 ms of `panuma nodes` (BENCHMARKS.md, item 5).
        tiers.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return new MemoryTiering(tiers, demotion(files.get(DEMOTION)), weights);
    }

    /** {@code demotion_enabled} prints "true" or "false" (mm/memory-tiers.c); older kernels took 0/1 too. */
    private static MemoryTiering.Demotion demotion(String text) {
        if (text == null) {
            return MemoryTiering.Demotion.UNKNOWN;
        }
        switch (text.strip()) {
            case "true": case "1": return MemoryTiering.Demotion.ENABLED;
            case "false": case "0": return MemoryTiering.Demotion.DISABLED;
            default: throw new IllegalArgumentException(DEMOTION + ": " + Printable.quote(text.strip()) + " is not true or false");
        }
    }

    private static NodeSet nodeList(String file, String text) {
        try {
            return NodeSet.fromBits(IdListParser.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static int number(String file, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + Printable.quote(text) + " is not a number");
        }
    }
}
