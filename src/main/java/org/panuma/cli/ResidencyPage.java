package org.panuma.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.panuma.api.ProcessPlacement;
import org.panuma.api.RegionPlacement;
import org.panuma.spi.ProcessInfo;

/**
 * The residency map as one self-contained HTML page (no network: style and script inline): the
 * map beside a table of every region, sortable by any column, and details of what the pointer is
 * over (a map cell lights its table rows, a row its cell). The script is
 * residency-map.js, the style residency-map.css, both resources beside this class.
 */
final class ResidencyPage {
    private ResidencyPage() {
    }

    /** Writes the page as it goes: the table's rows (one per region, 60,000 of them or more) one at a time. */
    static void html(Writer out, ProcessInfo p, ProcessPlacement placement, Set<Integer> nodes) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>panuma where ")
                .append(p.pid()).append("</title>\n<style>\n").append(resource("residency-map.css"))
                .append("</style></head>\n<body>\n<h1>Where pid ").append(p.pid()).append("'s memory is</h1>\n<p>")
                .append(ResidencyMap.escape(p.commandLine())).append("</p>\n");
        h.append("<p class=\"note\">Each cell's area is proportional to the bytes its region has in memory, split by"
                + " node; regions under ").append(MapCells.SMALL_SHARE * 100).append("% of the total share one cell."
                + " Regions with nothing in memory are only in the table. Hover a cell or a row for its details;"
                + " click a column heading to sort.</p>\n");
        h.append("<div class=\"layout\">\n<div class=\"map\">\n");
        out.append(h);
        ResidencyMap.svg(out, p, placement, nodes);
        out.write("<pre id=\"details\" aria-live=\"polite\">hover the map or the table</pre>\n</div>\n");
        table(out, placement, nodes);
        out.write("</div>\n<script>\n");
        out.write(resource("residency-map.js"));
        out.write("</script>\n</body></html>\n");
    }

    private static void table(Writer out, ProcessPlacement placement, Set<Integer> nodes) throws IOException {
        List<RegionPlacement> regions = placement.regions();
        String[] cellOf = new String[regions.size()];
        for (MapCells.Cell c : MapCells.of(placement)) {
            c.regions().forEach(i -> cellOf[i] = c.id());
        }
        StringBuilder h = new StringBuilder();
        h.append("<div class=\"side\"><table id=\"regions\">\n<thead><tr>");
        header(h, "start", "text");
        header(h, "end", "text");
        header(h, "perm", "text");
        header(h, "kind", "text");
        header(h, "mapped", "num");
        header(h, "in memory", "num");
        for (int n : nodes) {
            h.append("<th data-type=\"num\" data-node=\"").append(n).append("\"><span class=\"swatch\" style=\"background:")
                    .append(ResidencyMap.colour(n)).append("\"></span>node ").append(n).append("</th>");
        }
        header(h, "on no node", "num");
        header(h, "path", "text");
        h.append("</tr></thead>\n<tbody>\n");
        out.append(h);
        for (int i = 0; i < regions.size(); i++) {
            RegionPlacement r = regions.get(i);
            Map<Integer, Long> byNode = MapCells.bytesByNode(r);
            h.setLength(0);
            h.append("<tr data-region=\"").append(i).append('"');
            if (cellOf[i] != null) {
                h.append(" data-cell=\"").append(cellOf[i]).append('"');
            }
            h.append('>');
            String start = String.format("%016x", r.region().start());
            String end = String.format("%016x", r.region().end());
            cell(h, start, Long.toHexString(r.region().start()));
            cell(h, end, Long.toHexString(r.region().end()));
            cell(h, r.region().perms(), r.region().perms());
            cell(h, r.region().kind().label(), r.region().kind().label() + (r.region().thp() ? "+" : ""));
            bytes(h, r.region().length());
            bytes(h, MapCells.bytesInMemory(r));
            for (int n : nodes) {
                bytes(h, byNode.getOrDefault(n, 0L));
            }
            bytes(h, r.absentPages() * r.region().pageSize());
            cell(h, MapCells.name(r), MapCells.name(r));
            h.append("</tr>\n");
            out.append(h);
        }
        out.write("</tbody>\n</table></div>\n");
    }

    private static void header(StringBuilder h, String name, String type) {
        h.append("<th data-type=\"").append(type).append("\">").append(ResidencyMap.escape(name)).append("</th>");
    }

    private static void cell(StringBuilder h, String sortValue, String shown) {
        h.append("<td data-v=\"").append(ResidencyMap.escape(sortValue)).append("\">").append(ResidencyMap.escape(shown))
                .append("</td>");
    }

    private static void bytes(StringBuilder h, long b) {
        h.append("<td class=\"n\" data-v=\"").append(b).append("\">").append(b == 0 ? "" : Bytes.human(b)).append("</td>");
    }

    private static String resource(String name) {
        try (InputStream in = ResidencyPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks org/panuma/cli/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
