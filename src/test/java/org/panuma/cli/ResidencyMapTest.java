package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.panuma.api.MemoryRegion;
import org.panuma.api.Outcome;
import org.panuma.api.PageCounts;
import org.panuma.api.ProcessPlacement;
import org.panuma.api.RegionPlacement;
import org.panuma.spi.ProcessInfo;
import org.panuma.spi.Errno;
import org.panuma.spi.RegionKind;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The residency map's geometry and content, on placements built by hand (no process needed). */
class ResidencyMapTest {
    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;

    /** A region of {@code bytes} at {@code start}, {@code onNode[i]} bytes on node i, the rest absent. */
    static RegionPlacement region(long start, long bytes, String path, long... onNode) {
        MemoryRegion m = new MemoryRegion(start, start + bytes, "rw-p", path.isEmpty() ? RegionKind.ANON
                : RegionKind.FILE, path, 4096, 0, true, true);
        PageCounts c = new PageCounts();
        long present = 0;
        for (int n = 0; n < onNode.length; n++) {
            if (onNode[n] > 0) {
                c.add(Outcome.node(n), onNode[n] / 4096);
            }
            present += onNode[n];
        }
        if (bytes > present) {
            c.add(Outcome.errno(Errno.ENOENT), (bytes - present) / 4096);
        }
        return new RegionPlacement(m, bytes / 4096, c, null, null);
    }

    static ProcessPlacement placement(RegionPlacement... regions) {
        return new ProcessPlacement(42, 4096, List.of(regions));
    }

    @Test
    void treemap_givesEachWeightItsShareOfTheArea_insideTheRectangle() {
        List<Long> weights = List.of(201 * MIB, 40 * MIB, 9 * MIB, 3 * MIB, MIB, 4 * KIB);
        List<Treemap.Box> boxes = Treemap.layout(weights, 10, 120, 940, 560);
        double total = weights.stream().mapToLong(Long::longValue).sum();
        for (int i = 0; i < weights.size(); i++) {
            Treemap.Box b = boxes.get(i);
            assertEquals(940 * 560 * weights.get(i) / total, b.area(), 1e-6 * 940 * 560, "box " + i);
            assertTrue(b.x() >= 10 - 1e-9 && b.y() >= 120 - 1e-9 && b.x() + b.w() <= 950 + 1e-6
                    && b.y() + b.h() <= 680 + 1e-6, "inside: " + b);
        }
        Treemap.Box big = boxes.get(0);
        double ratio = Math.max(big.w() / big.h(), big.h() / big.w());
        assertTrue(ratio < 3, "the largest box is squarish, not a strip: " + big);
    }

    @Test
    void eightNodeColours_areFarApart() {
        // CIE76 colour difference: about 2.3 is just noticeable; 20 is clearly another colour.
        for (int a = 0; a < 8; a++) {
            for (int b = a + 1; b < 8; b++) {
                double d = deltaE(ResidencyMap.colour(a), ResidencyMap.colour(b));
                assertTrue(d > 20, "node " + a + " and node " + b + " colours differ by only " + d);
            }
            assertTrue(deltaE(ResidencyMap.colour(a), ResidencyMap.ABSENT) > 20, "node " + a + " vs absent");
        }
    }

    @Test
    void smallRegions_shareOneCell_andTheBigOnesKeepTheirOwn() {
        List<RegionPlacement> rs = new ArrayList<>();
        rs.add(region(0x10000000L, 200 * MIB, "", 150 * MIB, 50 * MIB));
        rs.add(region(0x20000000L, 30 * MIB, "/usr/lib/libbig.so", 30 * MIB));
        for (int i = 0; i < 50; i++) {
            rs.add(region(0x30000000L + i * MIB, 8 * KIB, "/usr/lib/lib" + i + ".so", 4 * KIB));
        }
        rs.add(region(0x40000000L, 64 * MIB, "", 0)); // nothing in memory: not drawn
        List<MapCells.Cell> cells = MapCells.of(new ProcessPlacement(42, 4096, rs));
        assertEquals(3, cells.size(), cells.toString());
        assertEquals("r0", cells.get(0).id());
        assertEquals(200 * MIB, cells.get(0).bytes());
        assertEquals("r1", cells.get(1).id());
        assertEquals("small", cells.get(2).id());
        assertEquals(50, cells.get(2).regions().size());
        assertEquals(50 * 4 * KIB, cells.get(2).bytes());
    }

    @Test
    void svg_isXml_withNodeTotalsEqualToThePlacements_andTheLargestRegionTheLargestCell() throws Exception {
        ProcessPlacement p = placement(region(0x1000000L, 4 * KIB, "/lib/tiny.so", 4 * KIB),
                region(0x2000000L, 201 * MIB, "", 201 * MIB), region(0x10000000L, 40 * MIB, "", 10 * MIB, 30 * MIB),
                region(0x20000000L, 16 * MIB, "[heap]", 0, 8 * MIB));
        Set<Integer> nodes = new TreeSet<>(List.of(0, 1));
        String svg = svg(new ProcessInfo(42, List.of("a&b", "<x>")), p, nodes);
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        NodeList groups = d.getElementsByTagName("g");
        long node0 = -1;
        long node1 = -1;
        String largest = null;
        double largestArea = 0;
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("node-total")) {
                long b = Long.parseLong(g.getAttribute("data-bytes"));
                if (g.getAttribute("data-node").equals("0")) {
                    node0 = b;
                } else {
                    node1 = b;
                }
            }
            if (g.getAttribute("class").equals("cell")) {
                Element outline = null;
                NodeList rects = g.getElementsByTagName("rect");
                for (int k = 0; k < rects.getLength(); k++) {
                    if (((Element) rects.item(k)).getAttribute("class").equals("outline")) {
                        outline = (Element) rects.item(k);
                    }
                }
                double area = Double.parseDouble(outline.getAttribute("width"))
                        * Double.parseDouble(outline.getAttribute("height"));
                if (area > largestArea) {
                    largestArea = area;
                    largest = g.getAttribute("data-region");
                }
            }
        }
        assertEquals(p.totalBytesByNode().get(0), node0);
        assertEquals(4 * KIB + 201 * MIB + 10 * MIB, node0);
        assertEquals(p.totalBytesByNode().get(1), node1);
        assertEquals("1", largest, "the 201 MiB region is drawn largest");
        double inMemory = 4 * KIB + 201 * MIB + 40 * MIB + 8 * MIB;
        assertEquals(ResidencyMap.MAP_WIDTH * ResidencyMap.MAP_HEIGHT * 201 * MIB / inMemory, largestArea, 5.0,
                "its area is its share of the map (coordinates are written to 0.01 px)");
        assertTrue(svg.contains("a&amp;b &lt;x&gt;"), "the command line is escaped");
    }

    @Test
    void html_isOnePage_withTheTableAndScriptInline_andNoNetwork() throws Exception {
        ProcessPlacement p = placement(region(0x2000000L, 8 * MIB, "", 8 * MIB), region(0x3000000L, 8 * KIB, "", 0));
        StringWriter w = new StringWriter();
        ResidencyMap.html(w, new ProcessInfo(42, List.of("target")), p, Set.of(0));
        String html = w.toString();
        assertTrue(html.contains("<table id=\"regions\">"));
        assertEquals(2, html.split("<tr data-region=").length - 1, "a row per region, drawn or not");
        assertTrue(html.contains("<script>") && html.contains("aria-sort"));
        assertTrue(!html.contains("http://") || !html.replace("http://www.w3.org/2000/svg", "").contains("http://"),
                "nothing is fetched");
        assertTrue(!html.contains("https://") && !html.contains("src="), "nothing is fetched");
    }

    @Test
    void byteScale_stepsAreRound() {
        assertEquals(50 * MIB, ResidencyMap.niceStep(201 * MIB));
        assertEquals(MIB, ResidencyMap.niceStep(5 * MIB));
        assertEquals(2 * KIB, ResidencyMap.niceStep(8 * KIB));
    }

    private static double deltaE(String a, String b) {
        double[] x = lab(a);
        double[] y = lab(b);
        return Math.sqrt(Math.pow(x[0] - y[0], 2) + Math.pow(x[1] - y[1], 2) + Math.pow(x[2] - y[2], 2));
    }

    /** sRGB hex to CIE L*a*b* (D65). */
    private static double[] lab(String hex) {
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            c[i] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        double x = (0.4124 * c[0] + 0.3576 * c[1] + 0.1805 * c[2]) / 0.95047;
        double y = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
        double z = (0.0193 * c[0] + 0.1192 * c[1] + 0.9505 * c[2]) / 1.08883;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    static String svg(ProcessInfo process, ProcessPlacement p, Set<Integer> nodes) throws IOException {
        StringWriter w = new StringWriter();
        ResidencyMap.svg(w, process, p, nodes);
        return w.toString();
    }
}
