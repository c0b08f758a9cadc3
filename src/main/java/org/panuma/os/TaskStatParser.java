package org.panuma.os;

/**
 * Reads the CPU a thread last ran on from its {@code /proc/PID/task/TID/stat} line
 * (fs/proc/array.c do_task_stat): field 39, "processor". Pure function. The second field is the
 * command name in parentheses and may itself hold spaces and parentheses, so fields are counted
 * from the last ')'.
 */
public final class TaskStatParser {
    /** Field 39 of stat(5), counted from 1; field 3 (state) is the first after the name. */
    static final int PROCESSOR_FIELD = 39;
    private static final int FIRST_FIELD_AFTER_NAME = 3;

    private TaskStatParser() {
    }

    /** The thread's last CPU. */
    public static int lastCpu(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("a task stat line has no ')' closing the command name: '"
                    + abbreviate(stat) + "'");
        }
        String[] fields = stat.substring(close + 1).strip().split(" ");
        int index = PROCESSOR_FIELD - FIRST_FIELD_AFTER_NAME;
        if (fields.length <= index) {
            throw new IllegalArgumentException("a task stat line has " + (fields.length + 2)
                    + " fields, the processor is field " + PROCESSOR_FIELD + ": '" + abbreviate(stat) + "'");
        }
        long cpu = ProcNumbers.unsigned(fields[index]);
        if (cpu < 0 || cpu > IdListParser.MAX_ID) {
            throw new IllegalArgumentException("'" + fields[index] + "' in field " + PROCESSOR_FIELD
                    + " of a task stat line is not a CPU number");
        }
        return (int) cpu;
    }

    private static String abbreviate(String s) {
        String line = s.strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
