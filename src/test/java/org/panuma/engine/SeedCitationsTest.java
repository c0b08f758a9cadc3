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
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine cites the seeds by the viewer's line numbers: {@code [000:744 alloc_pages_node]} says
 * that line 744 of {@code 000_*.txt} (2.6.19) holds {@code alloc_pages_node}; {@code [001:1061-1065
 * node_state]} that one of lines 1061 to 1065 of {@code 001_*.txt} (2.6.27) does. Every citation in
 * src/main/java/org/panuma/engine must name a line the seed has and a word that line says.
 *
 * <p>The seeds live in {@code ../shared/seeds} beside the project (as in CI), or where
 * {@code -Dpanuma.seeds.dir} points; without them the test is skipped and says so.
 */
class SeedCitationsTest {
    static final Pattern CITATION = Pattern.compile("\\[(00[01]):(\\d+)(?:-(\\d+))? ([A-Za-z_][A-Za-z0-9_]*)\\]");
    /** Fewer would mean the engine stopped citing, not that it cites correctly. */
    static final int AT_LEAST = 60;

    @Test
    void everyCitedSeedLineExists_andSaysTheCitedWord() throws IOException {
        Path seeds = Paths.get(System.getProperty("panuma.seeds.dir", "../shared/seeds"));
        assumeTrue(Files.isDirectory(seeds), "no seeds at " + seeds.toAbsolutePath()
                + " (CI has shared/ beside the clone; elsewhere pass -Dpanuma.seeds.dir=DIR)");
        Map<String, Map<Integer, String>> byFile = new HashMap<>();
        for (String id : new String[] {"000", "001"}) {
            try (Stream<Path> s = Files.list(seeds)) {
                Path file = s.filter(p -> p.getFileName().toString().startsWith(id + "_")).findFirst()
                        .orElseThrow(() -> new AssertionError("no seed " + id + "_*.txt in " + seeds));
                byFile.put(id, numberedLines(file));
            }
        }
        List<EngineCitations.Citation> citations = EngineCitations.find(CITATION);
        List<String> wrong = new ArrayList<>();
        for (EngineCitations.Citation c : citations) {
            MatchResult m = c.match();
            Map<Integer, String> seed = byFile.get(m.group(1));
            int from = Integer.parseInt(m.group(2));
            int to = m.group(3) == null ? from : Integer.parseInt(m.group(3));
            boolean found = false;
            boolean exists = false;
            for (int n = from; n <= to; n++) {
                String text = seed.get(n);
                exists |= text != null;
                found |= text != null && text.contains(m.group(4));
            }
            if (!found) {
                wrong.add(c.where() + " " + m.group() + ": "
                        + (exists ? "the seed's line says " + seed.get(from) : "the seed has no such line"));
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(citations.size() >= AT_LEAST, "only " + citations.size() + " seed citations in the engine");
    }

    /** The viewer's number at the start of each line, and the line's text. */
    static Map<Integer, String> numberedLines(Path file) throws IOException {
        Map<Integer, String> m = new HashMap<>();
        Pattern numbered = Pattern.compile("^(\\d+) ?(.*)$");
        for (String line : Files.readAllLines(file)) {
            Matcher x = numbered.matcher(line);
            if (x.matches()) {
                m.putIfAbsent(Integer.parseInt(x.group(1)), x.group(2));
            }
        }
        return m;
    }
}
