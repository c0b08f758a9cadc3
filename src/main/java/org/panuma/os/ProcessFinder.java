package org.panuma.os;

import org.panuma.spi.NoSuchProcessException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds a process by pid or by a pattern matched against command lines, like numastat -p: an
 * all-digit argument is a pid; anything else must occur in exactly one process's command line
 * (arguments joined by spaces). The finder's own process and its ancestors (the shell that ran
 * it, whose command line holds the pattern too) are never matches.
 */
public final class ProcessFinder {
    private final ProcFs proc;
    private final Set<Integer> excluded;

    /**
     * @param excluded pids never to match (this process and its ancestors)
     */
    public ProcessFinder(ProcFs proc, Set<Integer> excluded) {
        this.proc = proc;
        this.excluded = Set.copyOf(excluded);
    }

    /** A finder over /proc that excludes this JVM and its ancestors. */
    public static ProcessFinder system() {
        java.util.Set<Integer> self = new java.util.HashSet<>();
        ProcessHandle h = ProcessHandle.current();
        while (h != null) {
            self.add((int) h.pid());
            h = h.parent().orElse(null);
        }
        return new ProcessFinder(ProcFs.system(), self);
    }

    /**
     * @throws NoSuchProcessException      when the pid does not exist or nothing matches
     * @throws AmbiguousProcessException   when the pattern matches several processes
     * @throws IllegalArgumentException    for an empty argument or a pid out of range
     */
    public ProcessInfo find(String pidOrPattern) {
        String s = pidOrPattern == null ? "" : pidOrPattern.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("an empty process name: give a pid or a command-line pattern");
        }
        // "-1" is a (bad) pid, not a pattern to look for.
        String digits = s.startsWith("-") ? s.substring(1) : s;
        if (!digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return byPid(s);
        }
        List<ProcessInfo> matches = matching(s);
        if (matches.isEmpty()) {
            throw new NoSuchProcessException("no process's command line contains '" + s + "'");
        }
        if (matches.size() > 1) {
            throw new AmbiguousProcessException(s, matches);
        }
        return matches.get(0);
    }

    /** Every process whose command line contains the pattern, except the excluded ones. */
    public List<ProcessInfo> matching(String pattern) {
        List<ProcessInfo> out = new ArrayList<>();
        for (int pid : proc.pids()) {
            if (excluded.contains(pid)) {
                continue;
            }
            List<String> args;
            try {
                args = proc.cmdline(pid);
            } catch (RuntimeException gone) {
                continue; // exited while we looked, or not ours to read
            }
            if (!args.isEmpty() && Cmdline.join(args).contains(pattern)) {
                out.add(new ProcessInfo(pid, args));
            }
        }
        return out;
    }

    private ProcessInfo byPid(String s) {
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            v = -1;
        }
        if (v <= 0 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + s + "' is not a valid pid (1 to " + Integer.MAX_VALUE + ")");
        }
        int pid = (int) v;
        if (!proc.exists(pid)) {
            throw new NoSuchProcessException("no process with pid " + pid);
        }
        return new ProcessInfo(pid, proc.cmdline(pid));
    }
}
