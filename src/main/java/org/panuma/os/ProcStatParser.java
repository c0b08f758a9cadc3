package org.panuma.os;

/**
 * Parses /proc/PID/stat. The command name (field 2) is in parentheses and may itself hold spaces
 * and parentheses, so the fields after it are counted from the last ')'. Pure function.
 */
public final class ProcStatParser {
    private ProcStatParser() {
    }

    /** @throws IllegalArgumentException naming what is missing or malformed */
    public static ProcStat parse(String text) {
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open < 1 || close < open) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: no (command name)");
        }
        String[] f = text.substring(close + 1).strip().split(" ");
        // f[0] is field 3 (state); field n is f[n - 3].
        if (f.length < 20 || f[0].length() != 1) {
            throw new IllegalArgumentException("a /proc/PID/stat line with " + (f.length + 2) + " fields, need 22");
        }
        return new ProcStat((int) field("pid", text.substring(0, open).strip(), Integer.MAX_VALUE), f[0].charAt(0),
                (int) field("ppid", f[1], Integer.MAX_VALUE), (int) field("pgrp", f[2], Integer.MAX_VALUE),
                (int) field("session", f[3], Integer.MAX_VALUE), field("flags", f[6], Long.MAX_VALUE),
                field("starttime", f[19], Long.MAX_VALUE));
    }

    private static long field(String name, String text, long max) {
        long v = ProcNumbers.unsigned(text);
        if (v < 0 || v > max) {
            throw new IllegalArgumentException("/proc/PID/stat field " + name + ": '" + text + "' is no number");
        }
        return v;
    }
}
