package org.panuma.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.panuma.api.Numa;
import org.panuma.api.PagePlacement;
import org.panuma.spi.CpuAndNode;

/**
 * "Where is my memory?": the running JVM's own mappings from /proc/self/maps, grouped by kind,
 * with the pages of each kind per NUMA node (move_pages in query mode, chunked by the api).
 *
 * <p>Run: {@code examples/run WhereIsMyMemory}
 */
public final class WhereIsMyMemory {

    /** Totals for one kind of mapping. */
    static final class Kind {
        int mappings;
        long bytes;
        final Map<Integer, Long> pagesByNode = new TreeMap<>();
        long notPresent;
    }

    public static void main(String[] args) throws IOException {
        Numa numa = Numa.open();
        int page = numa.pageSize();
        CpuAndNode here = numa.thread().cpuAndNode();
        System.out.printf("pid %d, backend %s, nodes with memory %s; this thread runs on cpu %d, node %d%n",
                ProcessHandle.current().pid(), numa.backend(), numa.topology().withMemory(), here.cpu(), here.node());
        Map<String, Kind> kinds = new TreeMap<>();
        for (String line : Files.readAllLines(Paths.get("/proc/self/maps"))) {
            Mapping m = Mapping.parse(line);
            if (m == null || !m.readable()) {
                continue; // guard pages and reservations hold no memory worth asking about
            }
            PagePlacement where = numa.pages().where(m.start, m.end - m.start);
            Kind k = kinds.computeIfAbsent(m.kind(), x -> new Kind());
            k.mappings++;
            k.bytes += m.end - m.start;
            where.pagesByNode().forEach((node, pages) -> k.pagesByNode.merge(node, pages, Long::sum));
            k.notPresent += where.pagesByFailure().values().stream().mapToLong(Long::longValue).sum();
        }
        int[] nodes = numa.topology().withMemory().toArray();
        StringBuilder header = new StringBuilder(String.format("%-14s %8s %12s", "kind", "mappings", "mapped MiB"));
        for (int n : nodes) {
            header.append(String.format(" %12s", "node " + n + " MiB"));
        }
        System.out.println(header.append(String.format(" %14s", "not present MiB")));
        kinds.forEach((name, k) -> {
            StringBuilder row = new StringBuilder(String.format("%-14s %8d %12.1f", name, k.mappings, mib(k.bytes)));
            for (int n : nodes) {
                row.append(String.format(" %12.1f", mib(k.pagesByNode.getOrDefault(n, 0L) * page)));
            }
            System.out.println(row.append(String.format(" %14.1f", mib(k.notPresent * page))));
        });
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    /** One line of /proc/self/maps: {@code start-end perms offset dev inode [path]}. */
    record Mapping(long start, long end, String perms, String path) {
        static Mapping parse(String line) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 5) {
                return null;
            }
            String[] range = f[0].split("-");
            return new Mapping(Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16), f[1],
                    f.length == 6 ? f[5] : "");
        }

        boolean readable() {
            // [vsyscall] lies above the user address space; move_pages cannot see it.
            return perms.charAt(0) == 'r' && !path.equals("[vsyscall]");
        }

        String kind() {
            if (path.isEmpty()) {
                return "anonymous";     // the Java heap, metaspace, thread stacks, direct buffers
            }
            if (path.startsWith("[")) {
                return path;            // [heap] (malloc), [stack], [vdso], ...
            }
            List<String> jdk = List.of(".so", ".jsa", "/modules");
            return jdk.stream().anyMatch(path::contains) ? "libraries" : "files";
        }
    }
}
