package org.panuma.os;

import org.panuma.spi.Printable;
import org.panuma.spi.RegionKind;

import java.util.List;

/**
 * Parses /proc/PID/maps. Pure function. Each line is
 * {@code 7f00-7f10 rw-p 00000000 fe:00 1234   /path with spaces}; the path may be absent.
 */
public final class MapsParser {
    private MapsParser() {
    }

    /** @throws IllegalArgumentException naming the line, when a line is not a maps line */
    public static List<MapsEntry> parse(String text) {
        return NumberedLines.parseEach(text, MapsParser::parseLine);
    }

    /** As {@link #parse(String)}, one line at a time (a file read as it is parsed). */
    static List<MapsEntry> parse(java.util.Iterator<String> lines) {
        return NumberedLines.parseEach(lines, MapsParser::parseLine);
    }

    /** One maps line (also the header line of each smaps block). */
    public static MapsEntry parseLine(String line, int lineNo) {
        try {
            int[] pos = {0};
            String range = field(line, pos);
            String perms = field(line, pos);
            String offset = field(line, pos);
            String dev = field(line, pos);
            String inode = field(line, pos);
            String path = pos[0] < line.length() ? line.substring(pos[0]).strip() : "";
            int dash = range.indexOf('-');
            if (dash < 0 || perms.length() != 4) {
                throw new IllegalArgumentException("not an address range and permissions");
            }
            long start = Long.parseUnsignedLong(range.substring(0, dash), 16);
            long end = Long.parseUnsignedLong(range.substring(dash + 1), 16);
            boolean shared = perms.charAt(3) == 's';
            return new MapsEntry(start, end, perms, Long.parseUnsignedLong(offset, 16), dev,
                    Long.parseLong(inode), path, RegionKind.of(path, shared));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("line " + lineNo + " is not a maps line (" + e.getMessage() + "): "
                    + Printable.quote(line) + "", e);
        }
    }

    private static String field(String line, int[] pos) {
        int i = pos[0];
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        int j = i;
        while (j < line.length() && line.charAt(j) != ' ') {
            j++;
        }
        if (i == j) {
            throw new IllegalArgumentException("missing field");
        }
        pos[0] = j;
        return line.substring(i, j);
    }
}
