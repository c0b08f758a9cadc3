package org.panuma.os;

import org.panuma.spi.AmbiguousProcessException;
import org.panuma.spi.NoSuchProcessException;
import org.panuma.spi.Printable;
import org.panuma.spi.ProcessInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds a process by pid or by a pattern matched against command lines, like numastat -p: an
 * all-digit argument is a pid; anything else must occur in exactly one process's command line
 * (arguments joined by spaces). The finder's own process and its ancestors (the shell that ran
 * it, whose command line holds the pattern too) are never matches, and neither are its pipeline
 * siblings (the same parent and process group: {@code tee} in {@code panuma where app | tee
 * app.log} holds the pattern too). A pattern with digits and no letter ({@code 0-}, {@code 12.})
 * is refused as a mistyped pid rather than searched for. Every process found carries its owner.
 */
public final class ProcessFinder {
    private final ProcFs proc;
    /** Made when a pattern is first matched: a pid needs no exclusions. */
    private final java.util.function.Supplier<Exclusions> exclusions;
    private Exclusions made;

    /**
     * @param pids the pids never to match (this process and its ancestors)
     * @param self the finder's own process, whose pipeline siblings never match (null: none)
     */
    private record Exclusions(Set<Integer> pids, ProcStat self) {
    }

    /**
     * @param excluded pids never to match (this process and its ancestors)
     */
    public ProcessFinder(ProcFs proc, Set<Integer> excluded) {
        this(proc, excluded, null);
    }

    /**
     * @param excluded pids never to match (this process and its ancestors)
     * @param self     the finder's own process, whose pipeline siblings never match (null: none)
     */
    public ProcessFinder(ProcFs proc, Set<Integer> excluded, ProcStat self) {
        this(proc, () -> new Exclusions(Set.copyOf(excluded), self));
    }

    private ProcessFinder(ProcFs proc, java.util.function.Supplier<Exclusions> exclusions) {
        this.proc = proc;
        this.exclusions = exclusions;
    }

    /**
     * A finder over /proc that excludes this JVM and its ancestors. They are looked up when a
     * pattern is first matched: walking the ancestors and reading this JVM's stat is a few ms of
     * a `panuma where PID` that a pid does not need.
     */
    public static ProcessFinder system() {
        ProcFs proc = ProcFs.system();
        return new ProcessFinder(proc, () -> {
            java.util.Set<Integer> self = new java.util.HashSet<>();
            ProcessHandle h = ProcessHandle.current();
            while (h != null) {
                self.add((int) h.pid());
                h = h.parent().orElse(null);
            }
            ProcStat own;
            try {
                own = proc.stat((int) ProcessHandle.current().pid());
            } catch (RuntimeException e) {
                own = null;
            }
            return new Exclusions(self, own);
        });
    }

    private Exclusions exclusions() {
        if (made == null) {
            made = exclusions.get();
        }
        return made;
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
        if (looksLikeANumber(s)) {
            throw new IllegalArgumentException(Printable.quote(s) + " looks like a mistyped pid; give a pid (digits only) or a"
                    + " pattern with a letter in it");
        }
        List<ProcessInfo> matches = matching(s);
        if (matches.isEmpty()) {
            throw new NoSuchProcessException("no process's command line contains " + Printable.quote(s));
        }
        if (matches.size() > 1) {
            throw new AmbiguousProcessException(ambiguity(s, matches), matches);
        }
        return matches.get(0);
    }

    /** Every process whose command line contains the pattern, except the excluded ones. */
    public List<ProcessInfo> matching(String pattern) {
        List<ProcessInfo> out = new ArrayList<>();
        for (int pid : proc.pids()) {
            if (exclusions().pids().contains(pid)) {
                continue;
            }
            List<String> args;
            try {
                args = proc.cmdline(pid);
            } catch (RuntimeException gone) {
                continue; // exited while we looked, or not ours to read
            }
            if (!args.isEmpty() && Cmdline.join(args).contains(pattern) && !pipelineSibling(pid)) {
                out.add(withOwner(pid, args));
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
            throw new IllegalArgumentException(Printable.quote(s) + " is not a valid pid (1 to " + Integer.MAX_VALUE + ")");
        }
        int pid = (int) v;
        if (!proc.exists(pid)) {
            throw new NoSuchProcessException("no process with pid " + pid);
        }
        return withOwner(pid, proc.cmdline(pid));
    }

    /** A process named by pid, with its arguments and owner. */
    public ProcessInfo info(int pid) {
        return withOwner(pid, proc.cmdline(pid));
    }

    private ProcessInfo withOwner(int pid, List<String> args) {
        int uid;
        try {
            uid = proc.status(pid).realUid();
        } catch (RuntimeException unreadable) {
            return new ProcessInfo(pid, args);
        }
        return new ProcessInfo(pid, args, uid, UserNames.of(uid));
    }

    /** Another member of the finder's own pipeline: the same parent and the same process group. */
    private boolean pipelineSibling(int pid) {
        ProcStat self = exclusions().self();
        if (self == null) {
            return false;
        }
        try {
            ProcStat other = proc.stat(pid);
            return other.ppid() == self.ppid() && other.pgrp() == self.pgrp();
        } catch (RuntimeException gone) {
            return false;
        }
    }

    /** Digits and no letter: "0-", "12.", "+5" are typing slips for a pid, not text to search for. */
    static boolean looksLikeANumber(String s) {
        boolean digit = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isLetter(c)) {
                return false;
            }
            digit |= Character.isDigit(c);
        }
        return digit;
    }

    private static String ambiguity(String pattern, List<ProcessInfo> matches) {
        StringBuilder sb = new StringBuilder(Printable.quote(pattern) + " matches " + matches.size()
                + " processes; name one by pid (pid  user  command line):");
        for (ProcessInfo p : matches) {
            String cmd = Printable.escape(p.commandLine());
            sb.append("\n  ").append(p.pid()).append("  ").append(Printable.escape(p.user())).append("  ")
                    .append(cmd.length() > 100 ? cmd.substring(0, 97) + "..." : cmd);
        }
        return sb.toString();
    }
}
