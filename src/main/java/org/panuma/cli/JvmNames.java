package org.panuma.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.panuma.api.JvmRegions;
import org.panuma.api.MemoryRegion;
import org.panuma.api.ProcessPlacement;
import org.panuma.api.RegionPlacement;
import org.panuma.spi.JvmRegion;
import org.panuma.spi.JvmUnreachableException;

/**
 * `where --jvm`: a JVM's own regions (Java heap, code cache, metaspace, ...) named beside the
 * mappings they cover, or why they could not be asked for.
 */
final class JvmNames {
    private final List<JvmRegion> regions;
    private final String refused;

    private JvmNames(List<JvmRegion> regions, String refused) {
        this.regions = regions;
        this.refused = refused;
    }

    static JvmNames ask(int pid, boolean isJvm) {
        if (!isJvm) {
            return new JvmNames(List.of(), "process " + pid + " is not a HotSpot JVM (no libjvm.so mapped)");
        }
        try {
            return new JvmNames(JvmRegions.of(pid), null);
        } catch (JvmUnreachableException e) {
            return new JvmNames(List.of(), e.getMessage());
        }
    }

    /** Why the JVM could not be asked, or null. */
    String refusedReason() {
        return refused;
    }

    /** The JVM region a mapping lies in, or null. */
    JvmRegion of(MemoryRegion r) {
        for (JvmRegion j : regions) {
            if (j.overlaps(r.start(), r.end())) {
                return j;
            }
        }
        return null;
    }

    /** The path column: the mapping's path, with the JVM's name for it. */
    String label(MemoryRegion r) {
        JvmRegion j = of(r);
        return j == null ? r.path() : (r.path() + " [" + j.name() + "]").strip();
    }

    /** Bytes per node of each JVM region, from the mappings it covers. */
    Map<String, Map<Integer, Long>> bytes(ProcessPlacement placement) {
        Map<String, Map<Integer, Long>> out = new java.util.LinkedHashMap<>();
        regions.forEach(j -> out.put(j.name(), new TreeMap<>()));
        for (RegionPlacement rp : placement.regions()) {
            JvmRegion j = of(rp.region());
            if (j != null) {
                long ps = rp.region().pageSize();
                rp.placement().byNode().forEach((n, pages) -> out.get(j.name()).merge(n, pages * ps, Long::sum));
            }
        }
        return out;
    }

    /** After numastat's summary: the JVM's regions as rows of their own (part of Private). */
    void print(PrintWriter out, UsageTable table, ProcessPlacement placement, Set<Integer> nodes) {
        if (refused != null) {
            out.println("(JVM regions unknown: " + refused + ")");
            return;
        }
        out.println("of which the JVM's own (jcmd VM.info, VM.metaspace):");
        bytes(placement).forEach((name, byNode) -> table.row(name, byNode, nodes));
    }

    /** The "jvm" field of `where --json`: each JVM region and its bytes per node, or why they are unknown. */
    void json(JsonGenerator g, ProcessPlacement placement) throws IOException {
        g.writeObjectFieldStart("jvm");
        if (refused != null) {
            g.writeStringField("error", refused);
            g.writeEndObject();
            return;
        }
        g.writeArrayFieldStart("regions");
        Map<String, Map<Integer, Long>> bytes = bytes(placement);
        for (JvmRegion j : regions) {
            g.writeStartObject();
            g.writeStringField("name", j.name());
            g.writeStringField("start", Json.hex(j.start()));
            g.writeStringField("end", Json.hex(j.end()));
            Json.byNode(g, "bytesByNode", bytes.get(j.name()));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
