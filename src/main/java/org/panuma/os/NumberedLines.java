package org.panuma.os;

import java.util.ArrayList;
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
        List<T> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (!line.isBlank()) {
                out.add(parser.parse(line, lineNo));
            }
        }
        return out;
    }
}
