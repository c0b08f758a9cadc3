package org.panuma.os;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** /proc/PID/cmdline: NUL-separated arguments (empty for kernel threads and zombies). Pure function. */
public final class Cmdline {
    private Cmdline() {
    }

    public static List<String> parse(byte[] raw) {
        List<String> args = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == 0) {
                if (i > from || (i < raw.length)) {
                    args.add(new String(raw, from, i - from, StandardCharsets.UTF_8));
                }
                from = i + 1;
            }
        }
        // "a\0b\0" ends with a NUL: the loop above adds no empty tail for it.
        return args;
    }

    /** The arguments joined with spaces, as ps prints them. */
    public static String join(List<String> args) {
        return String.join(" ", args);
    }
}
