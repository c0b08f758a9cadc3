package org.panuma.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.panuma.spi.NumaBalancing;

/** Reads whether the kernel balances NUMA placement on its own (the numa_balancing sysctl). */
public final class NumaBalancingReader {
    public static final Path SYSCTL = Path.of("/proc/sys/kernel/numa_balancing");

    private NumaBalancingReader() {
    }

    /** Parses the sysctl's text: "0" is off; any other number (1, 2, 3: modes) is on. */
    public static NumaBalancing parse(String text) {
        String t = text.strip();
        if (t.equals("0")) {
            return NumaBalancing.OFF;
        }
        return t.matches("\\d+") ? NumaBalancing.ON : NumaBalancing.UNKNOWN;
    }

    public static NumaBalancing read() {
        try {
            return parse(Files.readString(SYSCTL));
        } catch (IOException e) {
            // No such sysctl: a kernel without CONFIG_NUMA_BALANCING never balances.
            return Files.exists(SYSCTL) ? NumaBalancing.UNKNOWN : NumaBalancing.OFF;
        }
    }
}
