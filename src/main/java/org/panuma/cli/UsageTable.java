package org.panuma.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.panuma.api.MemoryUsage;
import org.panuma.spi.Printable;
import org.panuma.spi.ProcessInfo;

/**
 * numastat's tables: a process's memory by kind (Huge, Heap, Stack, Private, File, Shm) per node
 * with a total, or, for several processes, one row each with a grand total. Same layout as
 * numastat -p (18-character labels, 15-character columns), so the two read side by side.
 */
final class UsageTable {
    /** The unit of the numbers: numastat's MB (MiB, two decimals), base pages, or bytes. */
    enum Unit {
        MB("MBs"), PAGES("pages"), BYTES("bytes");

        final String plural;

        Unit(String plural) {
            this.plural = plural;
        }
    }

    private final PrintWriter out;
    private final Unit unit;
    private final long basePageSize;

    UsageTable(PrintWriter out, Unit unit, long basePageSize) {
        this.out = out;
        this.unit = unit;
        this.basePageSize = basePageSize;
    }

    /** One process: a row per kind, then the total. */
    void print(ProcessInfo p, MemoryUsage usage, Set<Integer> nodes) {
        out.println("Per-node process memory usage (in " + unit.plural + ") for PID " + p.pid() + " (" + name(p) + ") (user "
                + Printable.escape(p.user()) + ")");
        header("", nodes);
        for (MemoryUsage.Kind k : MemoryUsage.Kind.values()) {
            row(k.label(), usage.bytes().getOrDefault(k, Map.of()), nodes);
        }
        rule(nodes);
        row("Total", usage.totalByNode(), nodes);
    }

    /** Several processes: a row each, then the grand total. */
    void print(List<ProcessInfo> processes, List<MemoryUsage> usages, Set<Integer> nodes) {
        out.println("Per-node process memory usage (in " + unit.plural + ")");
        header("PID", nodes);
        Map<Integer, Long> grand = new java.util.TreeMap<>();
        for (int i = 0; i < processes.size(); i++) {
            ProcessInfo p = processes.get(i);
            Map<Integer, Long> byNode = usages.get(i).totalByNode();
            row(p.pid() + " (" + name(p) + ")", byNode, nodes);
            byNode.forEach((n, b) -> grand.merge(n, b, Long::sum));
        }
        rule(nodes);
        row("Total", grand, nodes);
    }

    private void header(String first, Set<Integer> nodes) {
        StringBuilder h = new StringBuilder(Columns.left(first, 18));
        StringBuilder dashes = new StringBuilder(Columns.left(first.isEmpty() ? "" : "-".repeat(16), 18));
        for (int n : nodes) {
            h.append(Columns.right("Node " + n, 15)).append(' ');
            dashes.append("-".repeat(15)).append(' ');
        }
        h.append(Columns.right("Total", 15));
        dashes.append("-".repeat(15));
        out.println(h);
        out.println(dashes);
    }

    private void rule(Set<Integer> nodes) {
        out.println("-".repeat(16) + "  " + ("-".repeat(15) + " ").repeat(nodes.size()) + "-".repeat(15));
    }

    void row(String label, Map<Integer, Long> bytesByNode, Set<Integer> nodes) {
        StringBuilder b = new StringBuilder(Columns.left(label.length() > 17 ? label.substring(0, 17) : label, 18));
        long total = 0;
        for (int n : nodes) {
            long v = bytesByNode.getOrDefault(n, 0L);
            total += v;
            b.append(Columns.right(value(v), 15)).append(' ');
        }
        b.append(Columns.right(value(total), 15));
        out.println(b);
    }

    String value(long bytes) {
        return switch (unit) {
            case MB -> bytes >= 0 && bytes < 1L << 53 ? Columns.fixed(bytes, 20, 2)
                    : String.format(Locale.ROOT, "%.2f", bytes / (double) (1 << 20));
            case PAGES -> Long.toString(bytes / basePageSize);
            case BYTES -> Long.toString(bytes);
        };
    }

    /** The program's name, as numastat shows it: the last part of argv[0]. */
    static String name(ProcessInfo p) {
        if (p.args().isEmpty()) {
            return "?";
        }
        String a0 = p.args().get(0);
        // argv[0] is the target's to choose: nothing in it may drive the terminal.
        return Printable.escape(a0.substring(a0.lastIndexOf('/') + 1));
    }
}
