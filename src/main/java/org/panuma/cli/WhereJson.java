package org.panuma.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.panuma.api.FolioCensus;
import org.panuma.api.MemoryUsage;
import org.panuma.api.PageStatus;
import org.panuma.api.ProcessPlacement;
import org.panuma.api.RegionPlacement;
import org.panuma.spi.ProcessInfo;

/**
 * `panuma where --json`, written region by region as it goes out: a process of 60,000 mappings
 * is never held as a document (a Jackson tree took a node per field, about 15 per region, and
 * then the whole text as one String). The keys, their order and the indentation are those of
 * the tree it replaced ({@code WhereJsonTest} checks the text against Jackson's rendering of it).
 * A class of its own so that {@link WhereCommand} names no Jackson type: verifying a class loads
 * the types its code assigns to one another, and the command's text output then loaded Jackson
 * for nothing (BENCHMARKS.md, item 5).
 */
final class WhereJson {
    private WhereJson() {
    }

    /** One process: its regions, totals and usage, with the JVM's names and the folio census when given. */
    static void one(Writer out, ProcessInfo p, ProcessPlacement placement, JvmNames names,
                    Map<Long, FolioCensus> census) throws IOException {
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartObject();
            process(g, p, placement, census);
            if (names != null) {
                names.json(g, placement);
            }
            g.writeEndObject();
        }
    }

    /** Every process a pattern matched, a grand total, and those that could not be read. */
    static void many(Writer out, String pattern, List<ProcessInfo> read, List<ProcessPlacement> placements,
                     List<String> skipped) throws IOException {
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartObject();
            g.writeStringField("pattern", pattern);
            g.writeArrayFieldStart("processes");
            Map<Integer, Long> grand = new TreeMap<>();
            for (int i = 0; i < read.size(); i++) {
                g.writeStartObject();
                process(g, read.get(i), placements.get(i), null);
                g.writeEndObject();
                placements.get(i).totalBytesByNode().forEach((n, b) -> grand.merge(n, b, Long::sum));
            }
            g.writeEndArray();
            g.writeObjectFieldStart("totals");
            Json.byNode(g, "bytesByNode", grand);
            g.writeEndObject();
            g.writeArrayFieldStart("skipped");
            for (String s : skipped) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** A process's fields: who it is, its regions (each with its folios when counted), totals, usage and pages. */
    private static void process(JsonGenerator g, ProcessInfo p, ProcessPlacement placement,
                                Map<Long, FolioCensus> census) throws IOException {
        g.writeNumberField("pid", p.pid());
        g.writeStringField("command", p.commandLine());
        g.writeStringField("user", p.user());
        g.writeNumberField("basePageSize", placement.basePageSize());
        g.writeArrayFieldStart("regions");
        boolean pages = false;
        for (RegionPlacement r : placement.regions()) {
            region(g, r, census == null ? null : census.get(r.region().start()));
            pages |= r.pageAddresses() != null;
        }
        g.writeEndArray();
        g.writeObjectFieldStart("totals");
        Json.byNode(g, "pagesByNode", placement.totalBasePagesByNode());
        Json.byNode(g, "bytesByNode", placement.totalBytesByNode());
        g.writeNumberField("absentPages", placement.totalAbsentBasePages());
        g.writeEndObject();
        g.writeObjectFieldStart("usage");
        MemoryUsage u = MemoryUsage.of(placement);
        for (MemoryUsage.Kind k : MemoryUsage.Kind.values()) {
            Json.byNode(g, k.label(), u.bytes().getOrDefault(k, Map.of()));
        }
        g.writeEndObject();
        g.writeNumberField("elapsedNanos", placement.elapsedNanos());
        if (pages) {
            g.writeArrayFieldStart("pages");
            for (RegionPlacement r : placement.regions()) {
                pages(g, r);
            }
            g.writeEndArray();
        }
    }

    private static void region(JsonGenerator g, RegionPlacement r, FolioCensus folios) throws IOException {
        g.writeStartObject();
        g.writeStringField("start", Json.hex(r.region().start()));
        g.writeStringField("end", Json.hex(r.region().end()));
        g.writeStringField("perms", r.region().perms());
        g.writeStringField("kind", r.region().kind().label());
        g.writeStringField("path", r.region().path());
        g.writeNumberField("pageSize", r.region().pageSize());
        g.writeNumberField("thpBytes", r.region().thpBytes());
        g.writeBooleanField("migratable", r.region().migratable());
        g.writeNumberField("pagesSelected", r.pagesSelected());
        Json.byNode(g, "pagesByNode", r.placement().byNode());
        g.writeNumberField("absentPages", r.absentPages());
        Json.counts(g, "absentByReason", r.placement().notOnNodes());
        if (folios != null) {
            folios(g, folios);
        }
        g.writeEndObject();
    }

    /** {@code "folios": {"4096": 1200, "65536": 32}}, or {@code "foliosUnavailable": why}. */
    private static void folios(JsonGenerator g, FolioCensus c) throws IOException {
        if (c.unavailable() != null) {
            g.writeStringField("foliosUnavailable", c.unavailable());
            return;
        }
        g.writeObjectFieldStart("folios");
        for (Map.Entry<Long, Long> e : c.bySize().entrySet()) {
            g.writeNumberField(Long.toString(e.getKey()), e.getValue());
        }
        g.writeEndObject();
    }

    /** Each page asked for by address (--addresses), with its node or why it is on none. */
    private static void pages(JsonGenerator g, RegionPlacement r) throws IOException {
        if (r.pageAddresses() == null) {
            return;
        }
        for (int i = 0; i < r.pageAddresses().length; i++) {
            g.writeStartObject();
            g.writeStringField("address", Json.hex(r.pageAddresses()[i]));
            int s = r.pages()[i];
            if (s >= 0) {
                g.writeNumberField("status", s);
            } else {
                g.writeStringField("status", PageStatus.describe(s));
            }
            g.writeEndObject();
        }
    }
}
