package org.panuma.cli;

import java.util.Map;
import java.util.Set;
import org.panuma.api.ProcessPlacement;
import org.panuma.api.RegionPlacement;
import org.panuma.os.Printable;
import org.panuma.os.ProcessInfo;

/**
 * The residency map: one horizontal strip per region, its length split by node in proportion to
 * the region's pages on each node (grey: on no node), with the region's range, kind and path
 * beside it. Plain SVG, no script, so it opens anywhere.
 */
final class ResidencyMap {
    static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
        "#17becf", "#bcbd22", "#7f7f7f"};
    static final String ABSENT = "#dddddd";
    private static final int STRIP = 600;
    private static final int ROW = 22;
    private static final int LEFT = 10;

    private ResidencyMap() {
    }

    static String colour(int node) {
        return PALETTE[Math.floorMod(node, PALETTE.length)];
    }

    static String svg(ProcessInfo p, ProcessPlacement placement, Set<Integer> nodes) {
        int rows = placement.regions().size();
        int legendY = 40;
        int top = legendY + 30;
        int height = top + rows * ROW + 20;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"").append(height)
                .append("\" font-family=\"monospace\" font-size=\"12\">\n");
        s.append("<title>panuma: where pid ").append(p.pid()).append("'s memory is</title>\n");
        s.append(text(LEFT, 20, "pid " + p.pid() + ": " + p.commandLine(), "font-weight=\"bold\""));
        int x = LEFT;
        for (int n : nodes) {
            s.append(rect(x, legendY - 10, 12, 12, colour(n), "node " + n));
            s.append(text(x + 16, legendY, "node " + n, ""));
            x += 90;
        }
        s.append(rect(x, legendY - 10, 12, 12, ABSENT, "on no node"));
        s.append(text(x + 16, legendY, "on no node (never touched, swapped, not queried)", ""));
        int y = top;
        for (RegionPlacement r : placement.regions()) {
            long total = Math.max(1, r.pagesSelected());
            double cx = LEFT;
            for (Map.Entry<Integer, Long> e : r.placement().byNode().entrySet()) {
                double w = STRIP * (double) e.getValue() / total;
                s.append(rect(cx, y, w, ROW - 4, colour(e.getKey()), e.getValue() + " pages on node " + e.getKey()));
                cx += w;
            }
            double rest = LEFT + STRIP - cx;
            if (rest > 0.01) {
                s.append(rect(cx, y, rest, ROW - 4, ABSENT, r.absentPages() + " pages on no node"));
            }
            String label = Json.hex(r.region().start()) + "-" + Json.hex(r.region().end()) + " "
                    + r.region().kind().label() + " " + Bytes.human(r.region().length()) + " " + r.region().path();
            s.append(text(LEFT + STRIP + 10, y + 13, label, ""));
            y += ROW;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    static String html(ProcessInfo p, ProcessPlacement placement, Set<Integer> nodes) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>panuma where " + p.pid()
                + "</title></head>\n<body>\n<h1>Where pid " + p.pid() + "'s memory is</h1>\n<p>"
                + escape(p.commandLine()) + "</p>\n" + svg(p, placement, nodes)
                + "<p>One strip per region, split by node in proportion to its pages; hover a segment for its count."
                + "</p>\n</body></html>\n";
    }

    private static String rect(double x, double y, double w, double h, String fill, String tip) {
        return String.format(java.util.Locale.ROOT,
                "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"><title>%s</title></rect>%n",
                x, y, w, h, fill, escape(tip));
    }

    private static String text(double x, double y, String t, String attrs) {
        return String.format(java.util.Locale.ROOT, "<text x=\"%.0f\" y=\"%.0f\" %s>%s</text>%n", x, y, attrs,
                escape(t));
    }

    /**
     * Text for XML: control characters first written as visible escapes (XML 1.0 forbids most of
     * them, and a browser refuses the whole picture for one), then the markup characters.
     */
    static String escape(String s) {
        return Printable.escape(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
