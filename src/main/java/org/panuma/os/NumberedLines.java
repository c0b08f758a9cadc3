package org.panuma.os;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The one-entry-per-line shape of /proc files (maps, numa_maps): blank lines skipped, lines numbered from 1. */
final class NumberedLines {
    /** Parses one non-blank line; {@code lineNo} is for its error message. */
    interface LineParser<T> {
        T parse(String line, int lineNo);
    }

    private NumberedLines() {
    }

    static <T> List<T> parseEach(String text, LineParser<T> parser) {
        return parseEach(Lines.of(text), parser);
    }

    /** As {@link #parseEach(String, LineParser)}, one line at a time (a file read as it is parsed). */
    static <T> List<T> parseEach(Iterator<String> lines, LineParser<T> parser) {
        List<T> out = new ArrayList<>();
        int lineNo = 0;
        while (lines.hasNext()) {
            String line = lines.next();
            lineNo++;
            if (!line.isBlank()) {
                out.add(parser.parse(line, lineNo));
            }
        }
        return out;
    }
}
