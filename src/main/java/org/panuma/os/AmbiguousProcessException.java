package org.panuma.os;

import java.util.List;

/** A command-line pattern matched several processes; the message lists them. */
public final class AmbiguousProcessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<ProcessInfo> matches;

    public AmbiguousProcessException(String pattern, List<ProcessInfo> matches) {
        super(message(pattern, matches));
        this.matches = List.copyOf(matches);
    }

    public List<ProcessInfo> matches() {
        return matches;
    }

    private static String message(String pattern, List<ProcessInfo> matches) {
        StringBuilder sb = new StringBuilder("'" + pattern + "' matches " + matches.size()
                + " processes; name one by pid (pid  user  command line):");
        for (ProcessInfo p : matches) {
            String cmd = Printable.escape(p.commandLine());
            sb.append("\n  ").append(p.pid()).append("  ").append(Printable.escape(p.user())).append("  ")
                    .append(cmd.length() > 100 ? cmd.substring(0, 97) + "..." : cmd);
        }
        return sb.toString();
    }
}
