package org.panuma.os;

import org.panuma.spi.Printable;
import org.panuma.spi.RegionKind;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Parses /proc/PID/smaps: a maps line, then "Key:   N kB" lines, then "VmFlags: ...". Pure
 * function; keys it does not use are skipped, so newer kernels' extra keys do no harm.
 */
public final class SmapsParser {
    private SmapsParser() {
    }

    public static List<SmapsEntry> parse(String text) {
        return parse(Lines.of(text));
    }

    /** As {@link #parse(String)}, one line at a time: only the entries are kept, never the whole text. */
    static List<SmapsEntry> parse(Iterator<String> lines) {
        List<SmapsEntry> out = new ArrayList<>();
        Block b = null;
        int lineNo = 0;
        while (lines.hasNext()) {
            String line = lines.next();
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (!isKey(line, colon)) {
                if (b != null) {
                    out.add(b.build());
                }
                b = new Block(MapsParser.parseLine(line, lineNo));
                continue;
            }
            if (b == null) {
                throw new IllegalArgumentException("line " + lineNo + " comes before any mapping: " + Printable.quote(line));
            }
            b.put(line.substring(0, colon), line.substring(colon + 1).strip(), lineNo);
        }
        if (b != null) {
            out.add(b.build());
        }
        return out;
    }

    /**
     * True when the line is "Key: value": letters, digits and '_' before the first colon. A plain
     * loop: smaps has some 25 lines per mapping, and a stream per line cost a fifth of `panuma
     * where`'s scan of a small process (interpreted, at start-up).
     */
    private static boolean isKey(String line, int colon) {
        if (colon <= 0) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            char c = line.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_') {
                return false;
            }
        }
        return true;
    }

    /** The words of a VmFlags value, split at runs of whitespace (as split("\\s+") would). */
    static List<String> words(String value) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && isSpace(value.charAt(i))) {
                i++;
            }
            int j = i;
            while (j < n && !isSpace(value.charAt(j))) {
                j++;
            }
            if (j > i) {
                out.add(value.substring(i, j));
            }
            i = j;
        }
        return out;
    }

    /** The characters of the regex class \s. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static final class Block {
        final MapsEntry mapping;
        long kernelPageSize;
        long rss;
        long anonHuge;
        long swap;
        long hugetlb;
        boolean thpEligible;
        List<String> flags = List.of();

        Block(MapsEntry mapping) {
            this.mapping = mapping;
        }

        void put(String key, String value, int lineNo) {
            switch (key) {
                case "KernelPageSize":
                    kernelPageSize = kb(value, lineNo);
                    break;
                case "Rss":
                    rss = kb(value, lineNo);
                    break;
                case "AnonHugePages":
                    anonHuge = kb(value, lineNo);
                    break;
                case "Swap":
                    swap = kb(value, lineNo);
                    break;
                case "Private_Hugetlb":
                case "Shared_Hugetlb":
                    hugetlb += kb(value, lineNo);
                    break;
                case "THPeligible":
                    thpEligible = value.equals("1");
                    break;
                case "VmFlags":
                    flags = words(value);
                    break;
                default:
                    break;
            }
        }

        SmapsEntry build() {
            RegionKind kind = mapping.kind();
            MapsEntry m = mapping;
            boolean hugetlbFlag = flags.contains("ht");
            if ((hugetlbFlag || hugetlb > 0) && kind != RegionKind.HUGETLB) {
                m = new MapsEntry(m.start(), m.end(), m.perms(), m.offset(), m.device(), m.inode(), m.path(),
                        RegionKind.HUGETLB);
            }
            return new SmapsEntry(m, kernelPageSize, rss, anonHuge, swap, hugetlb, thpEligible, flags);
        }

        private static long kb(String value, int lineNo) {
            String v = value.endsWith("kB") ? value.substring(0, value.length() - 2).strip() : value;
            long bytes = ProcNumbers.kibibytes(v);
            if (bytes < 0) {
                throw new IllegalArgumentException("line " + lineNo + ": " + Printable.quote(value) + " is not a size in kB");
            }
            return bytes;
        }
    }
}
