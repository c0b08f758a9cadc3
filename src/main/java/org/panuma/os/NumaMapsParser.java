package org.panuma.os;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses /proc/PID/numa_maps (mm/mempolicy.c show_numa_map). Pure function. The policy is the
 * second field except for "weighted interleave:N", whose name holds a space. The heap and stack
 * markers become the paths "[heap]" and "[stack]", as in maps.
 */
public final class NumaMapsParser {
    private NumaMapsParser() {
    }

    public static List<NumaMapsEntry> parse(String text) {
        List<NumaMapsEntry> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (!line.isBlank()) {
                out.add(parseLine(line, lineNo));
            }
        }
        return out;
    }

    static NumaMapsEntry parseLine(String line, int lineNo) {
        String[] f = line.strip().split(" ");
        if (f.length < 2) {
            throw new IllegalArgumentException("line " + lineNo + " of numa_maps has no policy: '" + line + "'");
        }
        long start;
        try {
            start = Long.parseUnsignedLong(f[0], 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + lineNo + " of numa_maps does not start with an address: '"
                    + line + "'", e);
        }
        int i = 1;
        String policy = f[i++];
        if (policy.equals("weighted") && i < f.length) {
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
                pageSize = number(t.substring(18), line, lineNo) * 1024;
            } else if (t.length() > 2 && t.charAt(0) == 'N' && Character.isDigit(t.charAt(1)) && t.contains("=")) {
                int eq = t.indexOf('=');
                nodes.put((int) number(t.substring(1, eq), line, lineNo), number(t.substring(eq + 1), line, lineNo));
            }
        }
        return new NumaMapsEntry(start, policy, nodes, pageSize, huge, path);
    }

    private static long number(String s, String line, int lineNo) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + lineNo + " of numa_maps: '" + s + "' is not a number in '"
                    + line + "'", e);
        }
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
