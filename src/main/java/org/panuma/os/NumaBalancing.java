package org.panuma.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Automatic NUMA balancing, which can move pages back after panuma moves them. */
public enum NumaBalancing {
    OFF, ON, UNKNOWN;

    public static final Path SYSCTL = Path.of("/proc/sys/kernel/numa_balancing");

    /** Parses the sysctl's text: "0" is off; any other number (1, 2, 3: modes) is on. */
    public static NumaBalancing parse(String text) {
        String t = text.strip();
        if (t.equals("0")) {
            return OFF;
        }
        return t.matches("\\d+") ? ON : UNKNOWN;
    }

    public static NumaBalancing read() {
        try {
            return parse(Files.readString(SYSCTL));
        } catch (IOException e) {
            // No such sysctl: a kernel without CONFIG_NUMA_BALANCING never balances.
            return Files.exists(SYSCTL) ? UNKNOWN : OFF;
        }
    }
}
