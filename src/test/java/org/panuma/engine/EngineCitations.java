package org.panuma.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The citations of one form in the engine's sources, each with where it stands: the walk the citation tests share. */
final class EngineCitations {
    static final Path ENGINE = Paths.get("src/main/java/org/panuma/engine");

    /** One citation: {@code where} is "File.java:LINE", {@code match} the pattern's groups. */
    record Citation(String where, MatchResult match) {
    }

    private EngineCitations() {
    }

    /** Every match of {@code citation} in the engine's Java sources, in file and line order. */
    static List<Citation> find(Pattern citation) throws IOException {
        List<Path> sources;
        try (Stream<Path> s = Files.walk(ENGINE)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        List<Citation> found = new ArrayList<>();
        for (Path src : sources) {
            List<String> lines = Files.readAllLines(src);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = citation.matcher(lines.get(i));
                while (m.find()) {
                    found.add(new Citation(src.getFileName() + ":" + (i + 1), m.toMatchResult()));
                }
            }
        }
        return found;
    }
}
