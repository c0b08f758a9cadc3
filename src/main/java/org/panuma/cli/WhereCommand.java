package org.panuma.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.panuma.api.FolioCensus;
import org.panuma.api.Numa;
import org.panuma.api.PageStatus;
import org.panuma.api.ProcessPlacement;
import org.panuma.api.ProcessMemory;
import org.panuma.api.RegionPlacement;
import org.panuma.api.Selection;
import org.panuma.os.ProcessInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import org.panuma.api.Outcome;

/** `panuma where PID|PATTERN`: where a live process's memory is, per region. */
@Command(name = "where", mixinStandardHelpOptions = true,
        description = {"Show where a live process's memory is: one row per region (range, permissions, kind, page"
                + " size, path) with its pages on each node, and totals. Page-exact (move_pages queries, in chunks"
                + " so the target is never held for long; a region wholly in memory is counted from numa_maps, the"
                + " same counts); regions with nothing in memory are not queried."},
        footer = {"%nExamples:",
            "  panuma where 4242                       every region of process 4242",
            "  panuma where redis-server --region heap,anon",
            "  panuma where 4242 --range 0x7f0000000000-0x7f0000200000",
            "  panuma where 4242 --addresses 0x7f3a2c001000,0x7f3a2c002000",
            "  panuma where 4242 --svg map.svg        the residency map as a picture",
            "  panuma where 4242 --region anon --folios   folios by size: 4K, 64K (mTHP), 2M (THP)",
            "  panuma where 4242 --json", "", ExitCodes.HELP})
public final class WhereCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID|PATTERN", description = "A pid, or a pattern found in exactly one"
            + " process's command line.")
    String target;

    @Mixin
    SelectionOptions selection;

    @Option(names = "--svg", paramLabel = "FILE", description = "Also draw the residency map as SVG into FILE.")
    Path svg;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the residency map as an HTML page.")
    Path html;

    @Option(names = "--all-regions", description = "Also list regions without any page in memory.")
    boolean allRegions;

    @Option(names = "--folios", description = "Also count each region's folios by their real size (4K pages,"
            + " multi-size THP of 16K-1M, 2M THP, hugetlb), from pagemap and /proc/kpageflags (needs root).")
    boolean folios;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ProcessInfo p = Args.process(target);
        Selection sel = Args.selection(selection, null);
        Numa numa = Targets.open(common);
        ProcessMemory memory = ProcessMemory.of(numa, p.pid());
        ProcessPlacement placement = memory.where(sel);
        Map<Long, FolioCensus> census = new java.util.LinkedHashMap<>();
        if (folios) {
            for (RegionPlacement r : placement.regions()) {
                if (r.region().hasPages() && r.region().migratable()) {
                    census.put(r.region().start(), memory.folios(r.region()));
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        Set<Integer> nodes = Targets.columns(numa.topology(), placement);
        if (svg != null) {
            OutputFile.write("--svg", svg, ResidencyMap.svg(p, placement, nodes));
        }
        if (html != null) {
            OutputFile.write("--html", html, ResidencyMap.html(p, placement, nodes));
        }
        if (common.json) {
            ObjectNode root = json(p, placement);
            if (folios) {
                addFolios(root, census);
            }
            out.println(Json.write(root));
        } else {
            printText(out, p, placement, nodes, sel.exactAddresses());
            if (folios) {
                printFolios(out, census);
            }
        }
        out.flush();
        return ExitCodes.SUCCESS;
    }

    private void printText(PrintWriter out, ProcessInfo p, ProcessPlacement placement, Set<Integer> nodes, boolean exact) {
        out.printf("pid %d: %s%n", p.pid(), p.commandLine());
        StringBuilder h = new StringBuilder(String.format("%-14s %-14s %-4s %-7s %5s", "start", "end", "perm", "kind",
                "page"));
        for (int n : nodes) {
            h.append(String.format(" %9s", "node " + n));
        }
        h.append(String.format(" %9s  %s", "absent", "path"));
        out.println(h);
        int hidden = 0;
        for (RegionPlacement r : placement.regions()) {
            if (!allRegions && !exact && !r.region().hasPages()) {
                hidden++;
                continue;
            }
            StringBuilder row = new StringBuilder(String.format("%-14s %-14s %-4s %-7s %5s",
                    Long.toHexString(r.region().start()), Long.toHexString(r.region().end()), r.region().perms(),
                    r.region().kind().label() + (r.region().thp() ? "+" : ""),
                    Targets.shortSize(r.region().pageSize())));
            Map<Integer, Long> byNode = r.placement().byNode();
            for (int n : nodes) {
                row.append(String.format(" %9d", byNode.getOrDefault(n, 0L)));
            }
            row.append(String.format(" %9d  %s", r.absentPages(), r.region().path()));
            out.println(row);
        }
        StringBuilder t = new StringBuilder(String.format("%-48s", "total (" + Targets.shortSize(placement.basePageSize())
                + " pages)"));
        Map<Integer, Long> totals = placement.totalBasePagesByNode();
        for (int n : nodes) {
            t.append(String.format(" %9d", totals.getOrDefault(n, 0L)));
        }
        t.append(String.format(" %9d", placement.totalAbsentBasePages()));
        out.println(t);
        StringBuilder bytes = new StringBuilder(String.format("%-48s", "total bytes"));
        Map<Integer, Long> b = placement.totalBytesByNode();
        for (int n : nodes) {
            bytes.append(String.format(" %9s", Bytes.human(b.getOrDefault(n, 0L))));
        }
        out.println(bytes);
        if (hidden > 0) {
            out.printf("(%d region%s with nothing in memory not shown; --all-regions shows them)%n", hidden,
                    hidden == 1 ? "" : "s");
        }
        if (placement.regions().stream().anyMatch(r -> r.region().thp())) {
            out.println("(kind+ : the region has transparent huge pages)");
        }
        if (exact) {
            out.println("pages:");
            for (RegionPlacement r : placement.regions()) {
                for (int i = 0; i < r.pageAddresses().length; i++) {
                    out.printf("  %s  %-8s %s%n", Json.hex(r.pageAddresses()[i]), r.region().kind().label(),
                            statusText(r.pages()[i]));
                }
            }
        }
    }

    /** One line per region: its folios by size, largest first ("2M x 4, 64K x 32, 4K x 1200"). */
    private static void printFolios(PrintWriter out, Map<Long, FolioCensus> census) {
        out.println("folios by size (pagemap and /proc/kpageflags):");
        for (FolioCensus c : census.values()) {
            String line;
            if (c.unavailable() != null) {
                line = c.unavailable();
            } else {
                StringBuilder sb = new StringBuilder();
                new java.util.TreeMap<>(c.bySize()).descendingMap().forEach((size, n) -> sb.append(sb.length() == 0 ? "" : ", ")
                        .append(Targets.shortSize(size)).append(" x ").append(n));
                line = sb.length() == 0 ? "none present" : sb.toString();
            }
            out.printf("  %-14s %-7s %s%n", Long.toHexString(c.region().start()), c.region().kind().label(), line);
        }
    }

    /** {@code "folios": {"4096": 1200, "65536": 32}} per region, or {@code "foliosUnavailable": why}. */
    private static void addFolios(ObjectNode root, Map<Long, FolioCensus> census) {
        for (com.fasterxml.jackson.databind.JsonNode n : root.get("regions")) {
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

    private static String statusText(int status) {
        if (status >= 0) {
            return "node " + status;
        }
        if (status == PageStatus.NOT_PROCESSED) {
            return "not queried (no movable pages in this region)";
        }
        Outcome o = Outcome.ofStatus(status);
        return o + ": " + OutcomeExplanations.explain(o);
    }

    static ObjectNode json(ProcessInfo p, ProcessPlacement placement) {
        ObjectNode root = Json.object();
        root.put("pid", p.pid());
        root.put("command", p.commandLine());
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
                    pages = Json.MAPPER.createArrayNode();
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
        root.put("elapsedNanos", placement.elapsedNanos());
        if (pages != null) {
            root.set("pages", pages);
        }
        return root;
    }

}
