package org.panuma.spi;

import java.util.List;

/**
 * A process as a user names it (shared vocabulary: found by os, named by the api, shown by the CLI): its pid, its arguments (/proc/PID/cmdline) and its owner (the real uid of
 * /proc/PID/status, and that user's name; -1 and "?" when unknown).
 */
public record ProcessInfo(int pid, List<String> args, int uid, String user) {
    public static final int UNKNOWN_UID = -1;

    public ProcessInfo {
        args = List.copyOf(args);
    }

    public ProcessInfo(int pid, List<String> args) {
        this(pid, args, UNKNOWN_UID, "?");
    }

    public String commandLine() {
        return String.join(" ", args); // as ps prints them
    }
}
