package org.panuma.api;

import org.panuma.spi.Printable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.panuma.os.Cmdline;
import org.panuma.os.ProcFs;

/**
 * Which processes a monitor watches: given pids, processes whose command line contains a
 * pattern, or all of them; narrowed to one cgroup and to a minimum resident size; at most
 * {@code cap} of them, the largest first.
 *
 * @param pids        processes named by pid (one that does not exist is simply not there)
 * @param patterns    substrings of command lines
 * @param all         every process (with memory: kernel threads have none)
 * @param cap         the most processes watched; the largest by resident size are kept
 * @param cgroup      only processes in this cgroup or below it (a path inside the hierarchy,
 *                    or a directory under /sys/fs/cgroup); null for any
 * @param minRssBytes only processes with at least this many resident bytes
 */
public record ProcessSelection(List<Integer> pids, List<String> patterns, boolean all, int cap, String cgroup,
                               long minRssBytes) {
    public ProcessSelection {
        pids = List.copyOf(pids);
        patterns = List.copyOf(patterns);
        if (cap < 1) {
            throw new IllegalArgumentException("the process cap must be at least 1, got " + cap);
        }
        if (minRssBytes < 0) {
            throw new IllegalArgumentException("the minimum resident size must not be negative, got " + minRssBytes);
        }
        for (String p : patterns) {
            if (p.isBlank()) {
                throw new IllegalArgumentException("an empty pattern would match every process: use --all");
            }
        }
        for (int pid : pids) {
            if (pid <= 0) {
                throw new IllegalArgumentException(Printable.quote(pid) + " is not a valid pid (1 to " + Integer.MAX_VALUE + ")");
            }
        }
        if (pids.isEmpty() && patterns.isEmpty() && !all && cgroup == null) {
            throw new IllegalArgumentException("no processes to watch: give pids, patterns, a cgroup or all");
        }
    }

    /** A selected process and its resident size. */
    public record Selected(int pid, long residentBytes) {
    }

    /** The result of one selection. */
    public record Result(List<Selected> processes, int overCap) {
        public Result {
            processes = List.copyOf(processes);
        }
    }

    /**
     * Selects now. Processes that exit while they are looked at, or whose files may not be read,
     * are left out. A cgroup alone (no pids, patterns or all) means every process in it.
     *
     * @param excluded pids never selected by pattern (the monitor itself and its ancestors)
     */
    public Result select(Set<Integer> excluded, long basePageSize) {
        return select(ProcFs.system(), excluded, basePageSize);
    }

    /** {@link #select(Set, long)} over this /proc (tests read fixtures). */
    Result select(ProcFs proc, Set<Integer> excluded, long basePageSize) {
        Objects.requireNonNull(proc);
        Set<Integer> candidates = new LinkedHashSet<>(pids);
        boolean everyone = all || (pids.isEmpty() && patterns.isEmpty());
        if (everyone || !patterns.isEmpty()) {
            for (int pid : proc.pids()) {
                if (everyone || (!excluded.contains(pid) && matches(proc, pid))) {
                    candidates.add(pid);
                }
            }
        }
        List<Selected> out = new ArrayList<>();
        for (int pid : candidates) {
            try {
                long rss = proc.residentPages(pid) * basePageSize;
                if (rss == 0 || rss < minRssBytes) {
                    continue; // a kernel thread (no memory), or too small to matter
                }
                if (cgroup != null && !proc.cgroups(pid).isWithin(cgroup)) {
                    continue;
                }
                out.add(new Selected(pid, rss));
            } catch (RuntimeException goneOrNotOurs) {
                // exited between the listing and this read, or not readable: not watched
            }
        }
        int overCap = Math.max(0, out.size() - cap);
        if (overCap > 0) {
            out.sort(Comparator.comparingLong(Selected::residentBytes).reversed().thenComparingInt(Selected::pid));
            out = new ArrayList<>(out.subList(0, cap));
        }
        out.sort(Comparator.comparingInt(Selected::pid));
        return new Result(out, overCap);
    }

    private boolean matches(ProcFs proc, int pid) {
        List<String> args;
        try {
            args = proc.cmdline(pid);
        } catch (RuntimeException gone) {
            return false;
        }
        if (args.isEmpty()) {
            return false;
        }
        String line = Cmdline.join(args);
        for (String p : patterns) {
            if (line.contains(p)) {
                return true;
            }
        }
        return false;
    }
}
