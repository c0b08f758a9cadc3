package org.panuma.os;

import org.panuma.spi.Printable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.panuma.spi.IdListParser;

/**
 * Parses /proc/PID/numa_maps (mm/mempolicy.c show_numa_map). Pure function. The policy is the
 * second field except for "weighted interleave:N" and "prefer (many):N", whose names hold a space. The heap and stack
 * markers become the paths "[heap]" and "[stack]", as in maps. A path is decoded exactly: \ooo
 * escapes become their byte, anything else is kept as it is.
 */
public final class NumaMapsParser {
    private NumaMapsParser() {
    }

    public static List<NumaMapsEntry> parse(String text) {
        return NumberedLines.parseEach(text, NumaMapsParser::parseLine);
    }

    /** As {@link #parse(String)}, one line at a time. */
    static List<NumaMapsEntry> parse(java.util.Iterator<String> lines) {
        return NumberedLines.parseEach(lines, NumaMapsParser::parseLine);
    }

    static NumaMapsEntry parseLine(String line, int lineNo) {
        // The kernel separates fields with spaces and escapes the space, tab, newline and backslash
        // of a path; a carriage return (or any other byte) in a path is printed raw, so only a space
        // or a tab ends a token: "file=/tmp/evil\rheap" is one path, not a path and a heap marker.
        String[] f = words(line);
        if (f.length < 2) {
            throw new IllegalArgumentException("line " + lineNo + " of numa_maps has no policy: " + Printable.quote(line));
        }
        long start;
        try {
            start = Long.parseUnsignedLong(f[0], 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + lineNo + " of numa_maps does not start with an address: "
                    + Printable.quote(line) + "", e);
        }
        int i = 1;
        String policy = f[i++];
        // Two mode names of mm/mempolicy.c's policy_modes[] hold a space: "weighted interleave" (6.9)
        // and "prefer (many)" (MPOL_PREFERRED_MANY, 5.15).
        if (i < f.length && (policy.equals("weighted") && f[i].startsWith("interleave")
                || policy.equals("prefer") && f[i].startsWith("(many)"))) {
            policy = policy + " " + f[i++];
        }
        Map<Integer, Long> nodes = new TreeMap<>();
        long pageSize = 0;
        boolean huge = false;
        String path = "";
        for (; i < f.length; i++) {
            String t = f[i];
            if (t.equals("heap") || t.equals("stack")) {
                path = "[" + t + "]";
            } else if (t.equals("huge")) {
                huge = true;
            } else if (t.startsWith("file=")) {
                path = unescape(t.substring(5));
            } else if (t.startsWith("kernelpagesize_kB=")) {
                pageSize = ProcNumbers.kibibytes(t.substring(18));
                if (pageSize < 0) {
                    throw bad(t, line, lineNo);
                }
            } else if (t.length() > 2 && t.charAt(0) == 'N' && Character.isDigit(t.charAt(1)) && t.contains("=")) {
                int eq = t.indexOf('=');
                long node = number(t.substring(1, eq), line, lineNo);
                if (node > IdListParser.MAX_ID) {
                    throw bad(t, line, lineNo);
                }
                nodes.put((int) node, number(t.substring(eq + 1), line, lineNo));
            }
        }
        return new NumaMapsEntry(start, policy, nodes, pageSize, huge, path);
    }

    /**
     * The line's words, split at runs of the characters regex {@code \\s} matches, as
     * {@code line.strip().split("\\s+")} gives them but without a regex: an exporter parses every
     * line of every watched process at each scrape, and the regex was most of the parse.
     */
    static String[] words(String line) {
        List<String> out = new java.util.ArrayList<>(12);
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSpace(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(line.substring(start, i));
            }
        }
        return out.toArray(new String[0]);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static long number(String s, String line, int lineNo) {
        long v = ProcNumbers.unsigned(s);
        if (v < 0) {
            throw bad(s, line, lineNo);
        }
        return v;
    }

    private static IllegalArgumentException bad(String s, String line, int lineNo) {
        return new IllegalArgumentException("line " + lineNo + " of numa_maps: " + Printable.quote(s) + " is not a number the"
                + " kernel prints there, in " + Printable.quote(line));
    }

    /** The kernel escapes space, tab, newline and backslash in paths as \ooo octal (seq_file_path). */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int k = from; k < from + 3; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
