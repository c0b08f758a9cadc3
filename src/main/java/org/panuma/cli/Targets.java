package org.panuma.cli;

import java.util.Set;
import java.util.TreeSet;
import org.panuma.api.Numa;
import org.panuma.api.PageCounts;
import org.panuma.api.ProcessPlacement;
import org.panuma.spi.Printable;
import org.panuma.spi.ProcessInfo;
import org.panuma.spi.Topology;

/** Small shared helpers of the process commands. */
final class Targets {
    private Targets() {
    }

    /** The nodes every table gives a column, in order: those with memory. */
    private static Set<Integer> withMemory(Topology t) {
        Set<Integer> ids = new TreeSet<>();
        t.withMemory().stream().forEach(ids::add);
        return ids;
    }

    /** The nodes to give a column: nodes with memory, plus any a page was found on. */
    static Set<Integer> columns(Topology t, ProcessPlacement p) {
        Set<Integer> ids = withMemory(t);
        p.regions().forEach(r -> ids.addAll(r.placement().byNode().keySet()));
        return ids;
    }

    static Set<Integer> columns(Topology t, org.panuma.api.MemoryUsage usage) {
        Set<Integer> ids = withMemory(t);
        ids.addAll(usage.totalByNode().keySet());
        return ids;
    }

    static Set<Integer> columns(Topology t, PageCounts... counts) {
        Set<Integer> ids = withMemory(t);
        for (PageCounts c : counts) {
            ids.addAll(c.byNode().keySet());
        }
        return ids;
    }

    /**
     * The first line of a process command's text output: the pid, the owner and the command line,
     * its control characters escaped (the target chose them, the terminal is the operator's).
     */
    static String heading(ProcessInfo p) {
        return "pid " + p.pid() + " (user " + Printable.escape(p.user()) + "): " + Printable.escape(p.commandLine());
    }

    static Numa open(CommonOptions common) {
        return Numa.open(common.backend);
    }

    /**
     * The simulated backend holds only its own simulated process: a live process of this host has
     * no pages there, and asking it would read as "no such process" although the process runs.
     */
    static void requireRealBackend(Numa numa, org.panuma.spi.ProcessInfo p) {
        if (numa.simulated()) {
            throw new UsageException("--backend " + numa.backend() + ": process " + p.pid() + " is a live process of"
                    + " this host, and the simulated backend holds only the memory of its own simulated process."
                    + " Use --backend auto (ffm or jna) for a live process; `panuma demo --mode sim` or `panuma"
                    + " simulate FILE` run the engine on its own");
        }
    }

    static String shortSize(long bytes) {
        if (bytes >= (1L << 30) && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "G";
        }
        if (bytes >= (1L << 20) && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "M";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return (bytes >> 10) + "K";
        }
        return Long.toString(bytes);
    }
}
