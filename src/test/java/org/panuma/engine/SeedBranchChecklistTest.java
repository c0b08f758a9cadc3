package org.panuma.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/seed-branches.md lists every seed branch with the class that models it and a test or
 * example scenario that reaches it. This checks each row: the seed has the line, the class cites a
 * range that holds it, and the tests and scenarios named exist.
 */
class SeedBranchChecklistTest {
    private static final Pattern LINE = Pattern.compile("(00[01]):(\\d+)");
    private static final Pattern TEST = Pattern.compile("([A-Z][A-Za-z0-9]*Test)#([A-Za-z0-9_]+)");

    @Test
    void everyRow_namesASeedLine_aClassCitingIt_andSomethingThatReachesIt() throws IOException {
        Path seeds = Paths.get(System.getProperty("panuma.seeds.dir", "../shared/seeds"));
        assumeTrue(Files.isDirectory(seeds), "no seeds at " + seeds.toAbsolutePath());
        Map<String, Map<Integer, String>> byFile = new HashMap<>();
        for (String id : new String[] {"000", "001"}) {
            try (Stream<Path> s = Files.list(seeds)) {
                byFile.put(id, SeedCitationsTest.numberedLines(s.filter(p -> p.getFileName().toString().startsWith(id + "_"))
                        .findFirst().orElseThrow()));
            }
        }
        Map<String, String> tests = new HashMap<>();
        try (Stream<Path> s = Files.walk(Paths.get("src/test/java/org/panuma/engine"))) {
            for (Path p : s.filter(x -> x.toString().endsWith("Test.java")).toList()) {
                tests.put(p.getFileName().toString().replace(".java", ""), Files.readString(p));
            }
        }
        List<String> wrong = new ArrayList<>();
        int rows = 0;
        int lines = 0;
        for (String row : Files.readAllLines(Paths.get("docs/seed-branches.md"))) {
            String[] cells = row.split("\\|");
            if (cells.length < 5 || !LINE.matcher(cells[1]).find()) {
                continue;
            }
            rows++;
            String clazz = cells[3].trim();
            Path src = Paths.get("src/main/java/org/panuma/engine/migrate", clazz + ".java");
            String code = Files.isRegularFile(src) ? Files.readString(src) : "";
            if (code.isEmpty()) {
                wrong.add(row + ": no class " + clazz);
            }
            Matcher m = LINE.matcher(cells[1]);
            while (m.find()) {
                lines++;
                int n = Integer.parseInt(m.group(2));
                if (!byFile.get(m.group(1)).containsKey(n)) {
                    wrong.add(m.group() + ": the seed has no such line");
                } else if (!cites(code, m.group(1), n)) {
                    wrong.add(m.group() + ": " + clazz + " cites no range holding it");
                }
            }
            String reached = cells[4];
            boolean any = false;
            Matcher t = TEST.matcher(reached);
            while (t.find()) {
                any = true;
                String body = tests.get(t.group(1));
                if (body == null || !body.contains("void " + t.group(2) + "(")) {
                    wrong.add(row + ": no test " + t.group());
                }
            }
            Matcher e = Pattern.compile("examples/scenarios/[a-z-]+\\.json").matcher(reached);
            while (e.find()) {
                any = true;
                if (!Files.isRegularFile(Paths.get(e.group()))) {
                    wrong.add(row + ": no scenario " + e.group());
                }
            }
            if (!any) {
                wrong.add(row + ": nothing named reaches it");
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(rows >= 70 && lines >= 250, rows + " rows, " + lines + " lines");
    }

    private static boolean cites(String code, String seed, int line) {
        Matcher c = SeedCitationsTest.CITATION.matcher(code);
        while (c.find()) {
            int from = Integer.parseInt(c.group(2));
            int to = c.group(3) == null ? from : Integer.parseInt(c.group(3));
            if (c.group(1).equals(seed) && from <= line && line <= to) {
                return true;
            }
        }
        return false;
    }
}
