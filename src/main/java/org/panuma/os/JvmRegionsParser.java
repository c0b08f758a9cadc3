package org.panuma.os;

import java.util.ArrayList;
import java.util.List;
import org.panuma.spi.JvmRegion;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ranges a HotSpot JVM names in `jcmd PID VM.info` and `jcmd PID VM.metaspace vslist`. Pure
 * functions over that text:
 * <ul>
 *   <li>Java heap: the first heap line's reserved range, e.g. {@code garbage-first heap total
 *       reserved 6172672K, ... [0x0000000687400000, 0x0000000800000000)} (G1); Parallel and
 *       Serial print one line per generation, whose ranges together are the heap;</li>
 *   <li>code cache: {@code bounds [low, high_used, high]} of each CodeHeap;</li>
 *   <li>compressed class space: {@code Compressed class space mapped at: A-B};</li>
 *   <li>CDS archive: {@code CDS archive(s) mapped at: [A-B-C)};</li>
 *   <li>metaspace: each {@code - node #N: base A: reserved=K KB} of the non-class space.</li>
 * </ul>
 */
public final class JvmRegionsParser {
    private static final Pattern HEAP_LINE = Pattern.compile(
            "^\\s*(garbage-first heap|PSYoungGen|ParOldGen|def new generation|tenured generation|Shenandoah)"
                    + ".*\\[(0x[0-9a-f]+), (?:0x[0-9a-f]+, )?(0x[0-9a-f]+)\\)", Pattern.MULTILINE);
    private static final Pattern HEAP_ADDRESS = Pattern.compile(
            "^Heap address: (0x[0-9a-f]+), size: (\\d+) MB", Pattern.MULTILINE);
    private static final Pattern CODE_BOUNDS = Pattern.compile(
            "^\\s*bounds \\[(0x[0-9a-f]+), 0x[0-9a-f]+, (0x[0-9a-f]+)\\]", Pattern.MULTILINE);
    private static final Pattern CLASS_SPACE = Pattern.compile(
            "^Compressed class space mapped at: (0x[0-9a-f]+)-(0x[0-9a-f]+)", Pattern.MULTILINE);
    private static final Pattern CDS = Pattern.compile(
            "^CDS archive\\(s\\) mapped at: \\[(0x[0-9a-f]+)-(?:0x[0-9a-f]+-)?(0x[0-9a-f]+)\\)", Pattern.MULTILINE);
    private static final Pattern NODE = Pattern.compile(
            "^- node #\\d+: base (0x[0-9a-f]+): reserved=([0-9.]+) KB", Pattern.MULTILINE);

    private JvmRegionsParser() {
    }

    /** The regions VM.info names (heap, code cache, class space, CDS archive), each once. */
    public static List<JvmRegion> vmInfo(String text) {
        List<JvmRegion> out = new ArrayList<>();
        long heapStart = -1;
        long heapEnd = -1;
        // Only the first block of heap lines: VM.info repeats them in its GC event log.
        Matcher h = HEAP_LINE.matcher(text);
        int lastEnd = -1;
        while (h.find()) {
            if (lastEnd >= 0 && text.substring(lastEnd, h.start()).contains("\n\n")) {
                break;
            }
            long s = hex(h.group(2));
            long e = hex(h.group(3));
            heapStart = heapStart < 0 ? s : Math.min(heapStart, s);
            heapEnd = Math.max(heapEnd, e);
            lastEnd = h.end();
        }
        if (heapStart < 0) {
            Matcher a = HEAP_ADDRESS.matcher(text);
            if (a.find()) {
                heapStart = hex(a.group(1));
                heapEnd = heapStart + Long.parseLong(a.group(2)) * (1L << 20);
            }
        }
        if (heapStart >= 0) {
            out.add(new JvmRegion("java-heap", heapStart, heapEnd));
        }
        Matcher c = CODE_BOUNDS.matcher(text);
        long codeStart = -1;
        long codeEnd = -1;
        while (c.find()) {
            long s = hex(c.group(1));
            codeStart = codeStart < 0 ? s : Math.min(codeStart, s);
            codeEnd = Math.max(codeEnd, hex(c.group(2)));
        }
        if (codeStart >= 0) {
            out.add(new JvmRegion("code-cache", codeStart, codeEnd));
        }
        Matcher k = CLASS_SPACE.matcher(text);
        if (k.find()) {
            out.add(new JvmRegion("class-space", hex(k.group(1)), hex(k.group(2))));
        }
        Matcher d = CDS.matcher(text);
        if (d.find()) {
            out.add(new JvmRegion("cds-archive", hex(d.group(1)), hex(d.group(2))));
        }
        return out;
    }

    /**
     * The metaspace's non-class nodes from VM.metaspace vslist (the class space's node is the
     * compressed class space, named by {@link #vmInfo}).
     */
    public static List<JvmRegion> metaspace(String text, List<JvmRegion> known) {
        List<JvmRegion> out = new ArrayList<>();
        Matcher m = NODE.matcher(text);
        while (m.find()) {
            long base = hex(m.group(1));
            long end = base + (long) (Double.parseDouble(m.group(2)) * 1024);
            if (known.stream().noneMatch(r -> r.overlaps(base, end))) {
                out.add(new JvmRegion("metaspace", base, end));
            }
        }
        return out;
    }

    private static long hex(String s) {
        return Long.parseUnsignedLong(s.substring(2), 16);
    }
}
