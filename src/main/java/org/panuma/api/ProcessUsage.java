package org.panuma.api;

import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.panuma.os.MapsEntry;
import org.panuma.os.NumaMapsEntry;
import org.panuma.os.PinnedProcDir;
import org.panuma.os.ProcFs;
import org.panuma.os.ProcStat;
import org.panuma.spi.NoSuchProcessException;
import org.panuma.spi.RegionKind;

/**
 * A live process's memory by kind and node counted as numastat -p counts it: the pages per node of
 * each mapping from /proc/PID/numa_maps, each mapping's kind from /proc/PID/maps, both read
 * through one pinned /proc/PID directory ({@link PinnedProcDir}). No system call of panuma's, so
 * no downcall to link: `panuma where PID` prints this in a tenth of a second
 * (BENCHMARKS.md, start-up sixth pass).
 *
 * <p>The counts per node are the ones a move_pages query of every page gives
 * ({@link ProcessMemory#where}), except for the kernel's own pages: numa_maps counts each present
 * page on its node and skips what the query answers with an errno (pages not present, the shared
 * zero page, device pages), but it also skips reserved pages, such as the two of [vdso], which the
 * query places on a node. numastat leaves them out the same way.
 *
 * @param pid   the process
 * @param usage bytes per kind and node
 * @param jvm   true when the process maps libjvm.so: a JVM, whose heap and code cache
 *              {@link JvmRegions} can name
 */
public record ProcessUsage(int pid, MemoryUsage usage, boolean jvm) {

    /**
     * Reads the process's usage; empty when its numa_maps cannot be read (a kernel without NUMA,
     * or a process the caller may not inspect): {@link ProcessMemory#where} then tells why.
     *
     * @throws NoSuchProcessException when the process does not exist or exits while it is read
     */
    public static Optional<ProcessUsage> read(int pid) {
        return read(ProcFs.system(), pid);
    }

    static Optional<ProcessUsage> read(ProcFs proc, int pid) {
        try (PinnedProcDir dir = proc.pin(pid)) {
            List<MapsEntry> maps = dir.maps();
            List<NumaMapsEntry> numaMaps = dir.numaMaps();
            Map<Long, MapsEntry> byStart = byStart(maps);
            if (!numaMaps.stream().allMatch(n -> byStart.containsKey(n.start()))) {
                // A mapping made between the two reads: maps once more, now the newer of the two.
                maps = dir.maps();
                byStart.putAll(byStart(maps));
            }
            requireUserMemory(dir.stat());
            return Optional.of(new ProcessUsage(pid, usage(numaMaps, byStart), maps.stream()
                    .anyMatch(m -> m.path().endsWith("/libjvm.so"))));
        } catch (UncheckedIOException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * As {@link ProcessMemory} refuses them (a zombie, a kernel thread), and a process still
     * exiting too: its memory is going. Asked after the reads, so that a target that exits
     * meanwhile is reported rather than counted short.
     */
    private static void requireUserMemory(ProcStat stat) {
        stat.requireUserMemory();
        if (stat.exiting()) {
            throw new NoSuchProcessException("process " + stat.pid() + " has exited while it was read: its memory is"
                    + " gone");
        }
    }

    private static Map<Long, MapsEntry> byStart(List<MapsEntry> maps) {
        Map<Long, MapsEntry> m = new HashMap<>();
        for (MapsEntry e : maps) {
            m.put(e.start(), e);
        }
        return m;
    }

    /**
     * Bytes per kind and node. A mapping that maps does not know (made between the reads) counts
     * by its numa_maps line: hugetlb, its file, else private memory.
     */
    private static MemoryUsage usage(List<NumaMapsEntry> numaMaps, Map<Long, MapsEntry> byStart) {
        Map<MemoryUsage.Kind, Map<Integer, Long>> bytes = new EnumMap<>(MemoryUsage.Kind.class);
        for (NumaMapsEntry n : numaMaps) {
            if (n.pagesByNode().isEmpty()) {
                continue;
            }
            MapsEntry m = byStart.get(n.start());
            RegionKind kind = m != null ? m.kind() : n.huge() ? RegionKind.HUGETLB : RegionKind.of(n.path(), false);
            Map<Integer, Long> row = bytes.computeIfAbsent(MemoryUsage.Kind.of(kind), k -> new TreeMap<>());
            long pageSize = n.kernelPageSize();
            n.pagesByNode().forEach((node, pages) -> row.merge(node, pages * pageSize, Long::sum));
        }
        return new MemoryUsage(bytes);
    }
}
