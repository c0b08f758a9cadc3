package org.panuma.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.panuma.api.ProcessPlacement;
import org.panuma.api.RegionPlacement;
import org.panuma.spi.Printable;
import org.panuma.spi.ProcessInfo;

/**
 * The residency map, drawn to scale: a treemap whose cells' areas are proportional to the bytes
 * each region has in memory (regions too small to see grouped, see {@link MapCells}), each cell
 * split by node in proportion to its bytes there. Above it the totals per node, a bar of the same
 * totals with a byte scale, and a square of a round size to read the areas by. Plain SVG, no
 * script, so it opens anywhere; the HTML page ({@link ResidencyPage}) adds the table and hovering.
 * Every element a reader (or a test) needs carries data-* attributes with exact bytes.
 */
final class ResidencyMap {
    /** Node colours: Tableau 10's first eight are told apart for 8 nodes (ResidencyMapTest measures it). */
    static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
        "#17becf", "#bcbd22", "#7f7f7f"};
    static final String ABSENT = "#dddddd";
    static final int WIDTH = 960;
    static final int MAP_WIDTH = 940;
    static final int MAP_HEIGHT = 560;
    /** From a legend row to the next (the legend wraps: 8 nodes' totals do not fit in one). */
    private static final int LEGEND_ROW = 18;
    private static final int LEFT = 10;
    private static final int BAR_WIDTH = 700;
    private static final double CHAR = 6.7;

    private ResidencyMap() {
    }

    static String colour(int node) {
        return PALETTE[Math.floorMod(node, PALETTE.length)];
    }

    /**
     * Writes the map element by element: the head (title, legend, bar: a few elements per node)
     * is laid out first, since the picture's height depends on how many rows the legend wraps
     * into, and then each cell goes out as it is drawn.
     */
    static void svg(Writer out, ProcessInfo p, ProcessPlacement placement, Set<Integer> nodes) throws IOException {
        StringBuilder head = new StringBuilder();
        head.append("<title>panuma: where pid ").append(p.pid()).append("'s memory is</title>\n");
        head.append(text(LEFT, 18, clip("pid " + p.pid() + ": " + p.commandLine(), WIDTH - 2 * LEFT),
                "font-weight=\"bold\""));
        Map<Integer, Long> totals = placement.totalBytesByNode();
        long inMemory = totals.values().stream().mapToLong(Long::longValue).sum();
        long absent = placement.totalAbsentBasePages() * placement.basePageSize();
        int legendBottom = legend(head, nodes, totals, absent);
        bar(head, nodes, totals, inMemory, legendBottom + 14);
        int mapTop = legendBottom + 78;
        int height = mapTop + MAP_HEIGHT + 10;
        out.write("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + WIDTH + " " + height
                + "\" font-family=\"monospace\" font-size=\"12\" id=\"residency-map\">\n");
        out.append(head);
        cells(out, placement, inMemory, mapTop);
        out.write("</svg>\n");
    }

    /** The page around the map: see {@link ResidencyPage}. */
    static void html(Writer out, ProcessInfo p, ProcessPlacement placement, Set<Integer> nodes) throws IOException {
        ResidencyPage.html(out, p, placement, nodes);
    }

    /**
     * Per node: its colour and its bytes in memory (exact in data-bytes), then what is on no node;
     * wrapped into rows. Returns the baseline of the last row.
     */
    private static int legend(StringBuilder s, Set<Integer> nodes, Map<Integer, Long> totals, long absent) {
        double x = LEFT;
        int y = 42;
        for (int n : nodes) {
            long b = totals.getOrDefault(n, 0L);
            String label = "node " + n + " " + Bytes.human(b);
            if (x + 16 + label.length() * CHAR > WIDTH - LEFT) {
                x = LEFT;
                y += LEGEND_ROW;
            }
            s.append("<g class=\"node-total\" data-node=\"").append(n).append("\" data-bytes=\"").append(b)
                    .append("\">");
            s.append(rect(x, y - 11, 12, 12, colour(n), "node " + n + ": " + b + " bytes in memory"));
            s.append(text(x + 16, y, label, "")).append("</g>\n");
            x += 16 + label.length() * CHAR + 18;
        }
        String label = "on no node " + Bytes.human(absent) + " (not drawn)";
        if (x + 16 + label.length() * CHAR > WIDTH - LEFT) {
            x = LEFT;
            y += LEGEND_ROW;
        }
        s.append("<g class=\"absent-total\" data-bytes=\"").append(absent).append("\">");
        s.append(rect(x, y - 11, 12, 12, ABSENT, absent + " bytes mapped but on no node (never touched, swapped)"));
        s.append(text(x + 16, y, label, "")).append("</g>\n");
        return y;
    }

    /** The node totals as one bar, length proportional to bytes, with a byte scale under it. */
    private static void bar(StringBuilder s, Set<Integer> nodes, Map<Integer, Long> totals, long inMemory, int y) {
        if (inMemory == 0) {
            s.append(text(LEFT, y + 12, "nothing of the selection is in memory", ""));
            return;
        }
        long tick = niceStep(inMemory);
        double scale = BAR_WIDTH / (double) Math.max(inMemory, tick);
        double x = LEFT;
        for (int n : nodes) {
            double w = totals.getOrDefault(n, 0L) * scale;
            if (w > 0) {
                s.append(rect(x, y, w, 14, colour(n), "node " + n + ": " + Bytes.human(totals.getOrDefault(n, 0L))));
            }
            x += w;
        }
        s.append("<g class=\"scale\" stroke=\"#444\">");
        s.append(line(LEFT, y + 18, LEFT + inMemory * scale, y + 18));
        for (long t = 0; t <= inMemory; t += tick) {
            double tx = LEFT + t * scale;
            s.append(line(tx, y + 16, tx, y + 22));
            s.append(text(tx - 2, y + 34, Bytes.human(t).replace(".0 ", " "), "stroke=\"none\" font-size=\"10\""));
        }
        s.append("</g>\n");
        s.append(text(LEFT + BAR_WIDTH + 16, y + 12, "in memory: " + Bytes.human(inMemory), ""));
    }

    /** The treemap, and a square of a round size that reads its areas. */
    private static void cells(Writer out, ProcessPlacement placement, long inMemory, int mapTop) throws IOException {
        List<MapCells.Cell> cells = MapCells.of(placement);
        if (cells.isEmpty()) {
            out.write(rect(LEFT, mapTop, MAP_WIDTH, MAP_HEIGHT, ABSENT, "nothing in memory"));
            return;
        }
        List<Treemap.Box> boxes = Treemap.layout(cells.stream().map(MapCells.Cell::bytes).toList(), LEFT, mapTop,
                MAP_WIDTH, MAP_HEIGHT);
        double pxPerByte = MAP_WIDTH * (double) MAP_HEIGHT / inMemory;
        StringBuilder element = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            element.setLength(0);
            cell(element, placement, cells.get(i), boxes.get(i));
            out.append(element);
        }
        element.setLength(0);
        scaleSquare(element, pxPerByte, mapTop);
        out.append(element);
    }

    private static void cell(StringBuilder s, ProcessPlacement placement, MapCells.Cell c, Treemap.Box b) {
        s.append("<g class=\"cell\" data-cell=\"").append(c.id()).append("\" data-bytes=\"").append(c.bytes())
                .append('"');
        if (c.regions().size() == 1) {
            s.append(" data-region=\"").append(c.regions().get(0)).append('"');
        } else {
            s.append(" data-regions=\"").append(c.regions().size()).append('"');
        }
        s.append(">\n<title>").append(escape(describe(placement, c))).append("</title>\n");
        boolean across = b.w() >= b.h();
        double at = 0;
        long total = c.bytes();
        for (Map.Entry<Integer, Long> e : c.bytesByNode().entrySet()) {
            double part = (across ? b.w() : b.h()) * e.getValue() / total;
            s.append(across ? plain(b.x() + at, b.y(), part, b.h(), colour(e.getKey()))
                    : plain(b.x(), b.y() + at, b.w(), part, colour(e.getKey())));
            at += part;
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"none\""
                + " stroke=\"#fff\" stroke-width=\"1.5\" class=\"outline\"/>%n", b.x(), b.y(), b.w(), b.h()));
        if (b.w() > 40 && b.h() > 16) {
            String name = shortName(c.label());
            String size = Bytes.human(total);
            String attrs = "fill=\"#fff\" stroke=\"#000\" stroke-width=\"2.5\" paint-order=\"stroke\" font-size=\"11\"";
            s.append(text(b.x() + 4, b.y() + 13, clip(name, b.w() - 8), attrs));
            if (b.h() > 30) {
                s.append(text(b.x() + 4, b.y() + 26, clip(size, b.w() - 8), attrs));
            }
        }
        s.append("</g>\n");
    }

    /** A cell's hover text: what it is, its size, its bytes per node. */
    static String describe(ProcessPlacement placement, MapCells.Cell c) {
        StringBuilder d = new StringBuilder();
        if (c.regions().size() == 1) {
            RegionPlacement r = placement.regions().get(c.regions().get(0));
            d.append(Json.hex(r.region().start())).append('-').append(Json.hex(r.region().end())).append(' ')
                    .append(r.region().perms()).append(' ').append(r.region().kind().label()).append(' ')
                    .append(MapCells.name(r)).append("\nmapped ").append(Bytes.human(r.region().length()));
        } else {
            d.append(c.label()).append(" (each under ").append(MapCells.SMALL_SHARE * 100).append("% of the total)");
        }
        d.append("\nin memory ").append(Bytes.human(c.bytes()));
        c.bytesByNode().forEach((n, b) -> d.append("\n  node ").append(n).append(": ").append(Bytes.human(b)));
        return d.toString();
    }

    /** A square whose area stands for a round number of bytes (a power of two), 8 to 40 px wide. */
    private static void scaleSquare(StringBuilder s, double pxPerByte, int mapTop) {
        long bytes = 4096;
        while (Math.sqrt(bytes * 2 * pxPerByte) <= 40) {
            bytes *= 2;
        }
        double side = Math.sqrt(bytes * pxPerByte);
        double x = LEFT + BAR_WIDTH + 16;
        double y = mapTop - 8 - side;
        s.append("<g class=\"scale-square\" data-bytes=\"").append(bytes).append("\">");
        s.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\""
                + " fill=\"none\" stroke=\"#444\"/>", x, y, side, side));
        s.append(text(x + side + 6, mapTop - 10, "area of " + Bytes.human(bytes).replace(".0 ", " "), ""));
        s.append("</g>\n");
    }

    /** The step of the byte scale: 1, 2 or 5 times a power of ten MiB (or KiB), about 5 ticks over the total. */
    static long niceStep(long total) {
        long unit = total >= 1 << 20 ? 1 << 20 : 1 << 10;
        double raw = total / 5.0 / unit;
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
        double m = raw / p;
        double step = (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
        return Math.max(1, (long) step) * unit;
    }

    /** The last path component of a file ("libc.so.6"), the whole name otherwise ("[heap]"). */
    private static String shortName(String name) {
        int slash = name.lastIndexOf('/');
        return slash >= 0 && slash < name.length() - 1 ? name.substring(slash + 1) : name;
    }

    private static String clip(String t, double width) {
        int max = (int) (width / CHAR);
        if (t.length() <= max) {
            return t;
        }
        return max <= 1 ? "" : t.substring(0, max - 1) + "\u2026";
    }

    private static String plain(double x, double y, double w, double h, String fill) {
        return String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>%n",
                x, y, w, h, fill);
    }

    private static String rect(double x, double y, double w, double h, String fill, String tip) {
        return String.format(Locale.ROOT,
                "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"><title>%s</title></rect>%n",
                x, y, w, h, fill, escape(tip));
    }

    private static String line(double x1, double y1, double x2, double y2) {
        return String.format(Locale.ROOT, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>", x1, y1, x2, y2);
    }

    private static String text(double x, double y, String t, String attrs) {
        return String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%.0f\" %s>%s</text>%n", x, y, attrs, escape(t));
    }

    /**
     * Text for XML: control characters first written as visible escapes (XML 1.0 forbids most of
     * them, and a browser refuses the whole picture for one), then the markup characters.
     */
    static String escape(String s) {
        return Printable.escape(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
