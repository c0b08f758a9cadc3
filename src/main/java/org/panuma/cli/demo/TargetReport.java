package org.panuma.cli.demo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the demo target's last line ({@code done passes=N corrupted=M}) means, in words. */
public final class TargetReport {
    private static final Pattern DONE = Pattern.compile("done passes=(\\d+) corrupted=(\\d+)");

    private TargetReport() {
    }

    /**
     * "(checked: ...)" for the line of a target of {@code mib} MiB, or "" for a line of another
     * shape (the target died: the line says what it said).
     */
    public static String explain(String line, long mib) {
        Matcher m = DONE.matcher(line);
        if (!m.find()) {
            return "";
        }
        long checks = Long.parseLong(m.group(1)) + 1;
        long corrupted = Long.parseLong(m.group(2));
        return String.format("(checked: the target compared all %d MiB of its memory with the pattern it had written,"
                + " %d time%s, before, during and after the move: %s)", mib, checks, checks == 1 ? "" : "s",
                corrupted == 0 ? "every byte was as written" : corrupted + " bytes differed");
    }
}
