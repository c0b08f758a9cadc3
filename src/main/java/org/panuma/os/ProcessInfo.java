package org.panuma.os;

import java.util.List;

/** A process: its pid and its arguments (/proc/PID/cmdline). */
public record ProcessInfo(int pid, List<String> args) {
    public ProcessInfo {
        args = List.copyOf(args);
    }

    public String commandLine() {
        return Cmdline.join(args);
    }
}
