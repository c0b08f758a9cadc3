package org.panuma.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * `panuma where --json`. A class of its own so that {@link WhereCommand} names no Jackson type:
 * verifying a class loads the types its code assigns to one another, and the command's text
 * output then loaded Jackson's tree classes for nothing (BENCHMARKS.md, item 5).
 */
final class WhereJson {
    private WhereJson() {
    }

    /** One process: its regions, totals and usage, with the JVM's names and the folio census when given. */
    static String one(ProcessInfo p, ProcessPlacement placement, JvmNames names, Map<Long, FolioCensus> census) {
        ObjectNode root = json(p, placement);
        if (names != null) {
            names.json(root, placement);
        }
        if (census != null) {
            addFolios(root, census);
        }
        return Json.write(root);
    }

    /** Every process a pattern matched, a grand total, and those that could not be read. */
    static String many(String pattern, List<ProcessInfo> read, List<ProcessPlacement> placements, List<String> skipped) {
        ObjectNode root = Json.object();
        root.put("pattern", pattern);
        ArrayNode list = root.putArray("processes");
        Map<Integer, Long> grand = new TreeMap<>();
        for (int i = 0; i < read.size(); i++) {
            list.add(json(read.get(i), placements.get(i)));
            placements.get(i).totalBytesByNode().forEach((n, b) -> grand.merge(n, b, Long::sum));
        }
        Json.byNode(root.putObject("totals"), "bytesByNode", grand);
        ArrayNode s = root.putArray("skipped");
        skipped.forEach(s::add);
        return Json.write(root);
    }

    /** {@code "folios": {"4096": 1200, "65536": 32}} per region, or {@code "foliosUnavailable": why}. */
    private static void addFolios(ObjectNode root, Map<Long, FolioCensus> census) {
        for (JsonNode n : root.get("regions")) {
            FolioCensus c = census.get(Long.parseUnsignedLong(n.get("start").asText().substring(2), 16));
            if (c == null) {
                continue;
            }
            ObjectNode o = (ObjectNode) n;
            if (c.unavailable() != null) {
                o.put("foliosUnavailable", c.unavailable());
            } else {
                ObjectNode f = o.putObject("folios");
                c.bySize().forEach((size, count) -> f.put(Long.toString(size), count));
            }
        }
    }


    static ObjectNode json(ProcessInfo p, ProcessPlacement placement) {
        ObjectNode root = Json.object();
        root.put("pid", p.pid());
        root.put("command", p.commandLine());
        root.put("user", p.user());
        root.put("basePageSize", placement.basePageSize());
        ArrayNode regions = root.putArray("regions");
        ArrayNode pages = null;
        for (RegionPlacement r : placement.regions()) {
            ObjectNode o = regions.addObject();
            o.put("start", Json.hex(r.region().start()));
            o.put("end", Json.hex(r.region().end()));
            o.put("perms", r.region().perms());
            o.put("kind", r.region().kind().label());
            o.put("path", r.region().path());
            o.put("pageSize", r.region().pageSize());
            o.put("thpBytes", r.region().thpBytes());
            o.put("migratable", r.region().migratable());
            o.put("pagesSelected", r.pagesSelected());
            Json.byNode(o, "pagesByNode", r.placement().byNode());
            o.put("absentPages", r.absentPages());
            Json.counts(o, "absentByReason", r.placement().notOnNodes());
            if (r.pageAddresses() != null) {
                if (pages == null) {
                    pages = Json.mapper().createArrayNode();
                }
                for (int i = 0; i < r.pageAddresses().length; i++) {
                    ObjectNode pg = pages.addObject();
                    pg.put("address", Json.hex(r.pageAddresses()[i]));
                    int s = r.pages()[i];
                    if (s >= 0) {
                        pg.put("status", s);
                    } else {
                        pg.put("status", PageStatus.describe(s));
                    }
                }
            }
        }
        ObjectNode totals = root.putObject("totals");
        Json.byNode(totals, "pagesByNode", placement.totalBasePagesByNode());
        Json.byNode(totals, "bytesByNode", placement.totalBytesByNode());
        totals.put("absentPages", placement.totalAbsentBasePages());
        ObjectNode usage = root.putObject("usage");
        MemoryUsage u = MemoryUsage.of(placement);
        for (MemoryUsage.Kind k : MemoryUsage.Kind.values()) {
            Json.byNode(usage, k.label(), u.bytes().getOrDefault(k, Map.of()));
        }
        root.put("elapsedNanos", placement.elapsedNanos());
        if (pages != null) {
            root.set("pages", pages);
        }
        return root;
    }
}
