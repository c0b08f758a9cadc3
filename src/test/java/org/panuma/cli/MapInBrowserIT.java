package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML residency map in a real browser: headless Chromium (Debian's {@code chromium}, which
 * ./run-tests installs) loads the page that {@code where --html} wrote for a live target, with a
 * check script of this test appended (src/test/resources/map/check-map.js). What the browser laid
 * out is compared with the same run's {@code --json}: the largest shape is the region with the
 * most bytes in memory, the node totals are the JSON's, the table sorts, hovering shows details,
 * and the page's script raised no error. A screenshot (target/map-in-browser/residency-map.png)
 * must show node 0's colour over its share of the map. Skipped when Chromium or gcc is absent.
 */
class MapInBrowserIT {
    static final int ANON_PAGES = 2560;

    @TempDir
    Path dir;

    @Test
    void theBrowserDrawsTheLargestRegionLargest_withTheJsonTotals_andNoScriptError() throws Exception {
        Path chromium = chromium().orElse(null);
        assumeTrue(chromium != null, "no chromium on PATH (./run-tests installs Debian's chromium as root)");
        Path page = dir.resolve("map.html");
        JsonNode json;
        try (LiveTarget target = LiveTarget.start(dir, 64, ANON_PAGES)) {
            Run run = Run.of("where", Integer.toString(target.pid()), "--html", page.toString(), "--json");
            assertEquals(0, run.exitCode, run.toString());
            json = run.json();
        }
        Path checked = dir.resolve("checked.html");
        Files.writeString(checked, withCheckScript(Files.readString(page)));

        long t0 = System.nanoTime();
        String dom = runChromium(chromium, "--dump-dom", checked.toUri().toString());
        Matcher m = Pattern.compile("<pre id=\"panuma-check\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "the check script wrote its result: " + dom.substring(0, Math.min(dom.length(), 2000)));
        JsonNode check = new ObjectMapper().readTree(unescapeHtml(m.group(1)));

        assertEquals(0, check.get("errors").size(), "script errors: " + check.get("errors"));
        int largest = largestRegionInMemory(json);
        assertEquals(Integer.toString(largest), check.get("largestShapeRegion").asText(),
                "the largest shape is region " + largest + " of the JSON: " + check);
        JsonNode bytesByNode = json.get("totals").get("bytesByNode");
        assertEquals(bytesByNode.size(), check.get("totals").size(), check.toString());
        bytesByNode.fields().forEachRemaining(e -> assertEquals(e.getValue().asLong(),
                check.get("totals").get(e.getKey()).asLong(), "node " + e.getKey() + "'s total"));
        assertEquals(json.get("regions").size(), check.get("rows").asInt(), "a table row per region");
        assertEquals("descending", check.get("sortState").asText());
        JsonNode column = check.get("inMemoryColumn");
        for (int i = 1; i < column.size(); i++) {
            assertTrue(column.get(i - 1).asLong() >= column.get(i).asLong(), "sorted by bytes in memory: " + column);
        }
        assertEquals(Integer.toString(largest), check.get("firstRowRegion").asText());
        String start = json.get("regions").get(largest).get("start").asText();
        assertTrue(check.get("details").asText().startsWith(start), "hover details name the region: " + check);
        assertEquals(1, check.get("litRows").asInt(), "hovering the cell lights its row");

        Path shot = Paths.get("target", "map-in-browser", "residency-map.png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        runChromium(chromium, "--screenshot=" + shot, "--window-size=1500,1000", "--hide-scrollbars",
                page.toUri().toString());
        BufferedImage image = ImageIO.read(shot.toFile());
        assertTrue(image != null && image.getWidth() == 1500, "a 1500 px wide screenshot at " + shot);
        long node0 = bytesByNode.get("0").asLong();
        long inMemory = 0;
        for (JsonNode b : bytesByNode) {
            inMemory += b.asLong();
        }
        double expected = ResidencyMap.MAP_WIDTH * ResidencyMap.MAP_HEIGHT * (double) node0 / inMemory;
        long painted = pixelsOf(image, Integer.parseInt(ResidencyMap.colour(0).substring(1), 16));
        assertTrue(painted > 0.8 * expected, "node 0's colour covers " + painted + " px of the screenshot, its share"
                + " of the map is " + (long) expected + " px");
        System.out.printf("MapInBrowserIT: two Chromium runs took %.1f s; screenshot %s%n",
                (System.nanoTime() - t0) / 1e9, shot);
    }

    /** The page with an error hook first in its head and the check script last in its body. */
    static String withCheckScript(String html) throws IOException {
        String check;
        try (InputStream in = MapInBrowserIT.class.getResourceAsStream("/map/check-map.js")) {
            check = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String hook = "<script>window.__panumaErrors=[];window.addEventListener('error',function(e){"
                + "window.__panumaErrors.push(String(e.message));});</script>";
        assertTrue(html.contains("<head>") && html.contains("</body>"), "a whole page");
        return html.replace("<head>", "<head>" + hook).replace("</body>", "<script>\n" + check + "</script>\n</body>");
    }

    /** The index (in the JSON's regions) of the region with the most bytes on nodes. */
    static int largestRegionInMemory(JsonNode json) {
        int best = -1;
        long bestBytes = -1;
        for (int i = 0; i < json.get("regions").size(); i++) {
            JsonNode r = json.get("regions").get(i);
            long pages = 0;
            for (JsonNode n : r.get("pagesByNode")) {
                pages += n.asLong();
            }
            long bytes = pages * r.get("pageSize").asLong();
            if (bytes > bestBytes) {
                bestBytes = bytes;
                best = i;
            }
        }
        return best;
    }

    static long pixelsOf(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    static Optional<Path> chromium() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(path.split(File.pathSeparator)).flatMap(d -> Stream.of(Paths.get(d, "chromium"),
                Paths.get(d, "chromium-browser"))).filter(Files::isExecutable).findFirst();
    }

    /**
     * One headless Chromium run over a local file; its standard output. No sandbox: as root (CI)
     * Chromium refuses to start with one, and the page is our own file.
     */
    String runChromium(Path chromium, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--disable-dev-shm-usage", "--user-data-dir=" + dir.resolve("profile")));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("chromium.out");
        Path err = dir.resolve("chromium.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 3 min: " + Files.readString(err));
        }
        assertEquals(0, p.exitValue(), "chromium " + String.join(" ", args) + ": " + Files.readString(err));
        return Files.readString(out);
    }

    private static String unescapeHtml(String s) {
        return s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
