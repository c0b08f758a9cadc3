package org.panuma.os;

import org.panuma.spi.Printable;
import org.panuma.spi.IdListParser;

/**
 * Parses a stat(5) line: /proc/PID/stat for a process's identity (pid, state, parent, group,
 * session, flags, start time) and /proc/PID/task/TID/stat for the CPU a thread last ran on. The
 * command name (field 2) is in parentheses and may itself hold spaces and parentheses, so the
 * fields after it are counted from the last ')'. Pure functions.
 *
 * <p>The exporter reads one task line per thread of every process at each scrape, so the fields
 * are read in place (one pass, no split, no substrings): a line costs no allocation but its result.
 */
public final class ProcStatParser {
    /** Field 3 (state) is the first after the name; fields are numbered from 1 as in stat(5). */
    private static final int FIRST_FIELD_AFTER_NAME = 3;
    static final int PPID = 4;
    static final int PGRP = 5;
    static final int SESSION = 6;
    static final int FLAGS = 9;
    static final int STARTTIME = 22;
    /** Field 39, "processor" (fs/proc/array.c do_task_stat). */
    static final int PROCESSOR = 39;
    private static final int[] IDENTITY = {PPID, PGRP, SESSION, FLAGS, STARTTIME};
    private static final String[] IDENTITY_NAMES = {"ppid", "pgrp", "session", "flags", "starttime"};

    private ProcStatParser() {
    }

    /** @throws IllegalArgumentException naming what is missing or malformed */
    public static ProcStat parse(String text) {
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open < 1 || close < open) {
            throw new IllegalArgumentException("not a /proc/PID/stat line (no command name in parentheses): "
                    + Printable.quote(abbreviate(text)));
        }
        long pid = ProcNumbers.unsigned(text.substring(0, open).strip());
        if (pid < 0 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field pid of the /proc/PID/stat line is no number: "
                    + Printable.quote(abbreviate(text.substring(0, open))));
        }
        int state = fieldStart(text, close, FIRST_FIELD_AFTER_NAME);
        if (state < 0 || fieldEnd(text, state) != state + 1) {
            throw new IllegalArgumentException("a /proc/PID/stat line without a one-letter state after the name: "
                    + Printable.quote(abbreviate(text)));
        }
        long[] v = new long[IDENTITY.length];
        int at = state;
        int field = FIRST_FIELD_AFTER_NAME;
        for (int i = 0; i < IDENTITY.length; i++) {
            at = next(text, at, IDENTITY[i] - field);
            field = IDENTITY[i];
            if (at < 0) {
                throw new IllegalArgumentException("a /proc/PID/stat line with fewer than " + STARTTIME + " fields: "
                        + Printable.quote(abbreviate(text)));
            }
            v[i] = number(text, at);
            long max = i < 3 ? Integer.MAX_VALUE : Long.MAX_VALUE;
            if (v[i] < 0 || v[i] > max) {
                throw new IllegalArgumentException("field " + IDENTITY_NAMES[i] + " of the /proc/PID/stat line is no number: "
                        + Printable.quote(abbreviate(text.substring(at, fieldEnd(text, at)))));
            }
        }
        return new ProcStat((int) pid, text.charAt(state), (int) v[0], (int) v[1], (int) v[2], v[3], v[4]);
    }

    /**
     * The CPU a thread last ran on: field 39 of its task stat line.
     *
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    public static int lastCpu(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("a task stat line has no ')' closing the command name: "
                    + Printable.quote(abbreviate(stat)));
        }
        int at = fieldStart(stat, close, PROCESSOR);
        if (at < 0) {
            throw new IllegalArgumentException("a task stat line has fewer than " + PROCESSOR
                    + " fields, the processor is field " + PROCESSOR + ": " + Printable.quote(abbreviate(stat)));
        }
        long cpu = number(stat, at);
        if (cpu < 0 || cpu > IdListParser.MAX_ID) {
            throw new IllegalArgumentException(Printable.quote(stat.substring(at, fieldEnd(stat, at))) + " in field " + PROCESSOR
                    + " of a task stat line is not a CPU number");
        }
        return (int) cpu;
    }

    /** Where field {@code n} starts, the name closing at {@code close}; -1 when the line is shorter. */
    private static int fieldStart(String s, int close, int n) {
        // The kernel writes ") " and then field 3.
        int at = close + 2;
        if (at > s.length() || s.charAt(close + 1) != ' ') {
            return -1;
        }
        return next(s, at, n - FIRST_FIELD_AFTER_NAME);
    }

    /** The start of the field {@code skip} fields after the one starting at {@code at}; -1 past the end. */
    private static int next(String s, int at, int skip) {
        for (int k = 0; k < skip; k++) {
            at = fieldEnd(s, at);
            if (at >= s.length() || s.charAt(at) != ' ') {
                return -1;
            }
            at++;
        }
        return at < s.length() && !isEnd(s.charAt(at)) ? at : -1;
    }

    /** The index after the field starting at {@code at}: the next space, newline or the end. */
    private static int fieldEnd(String s, int at) {
        int i = at;
        while (i < s.length() && !isEnd(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isEnd(char c) {
        return c == ' ' || c == '\n';
    }

    /** The field at {@code at} as 1 to 19 ASCII digits, or -1 (a sign, another character, overflow). */
    private static long number(String s, int at) {
        int end = fieldEnd(s, at);
        if (end - at > 19) {
            return -1;
        }
        long v = 0;
        for (int i = at; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
            if (v < 0) {
                return -1;
            }
        }
        return v;
    }

    private static String abbreviate(String s) {
        String line = s.strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
