package org.panuma.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process holds CAP_SYS_NICE, which MPOL_MF_MOVE_ALL needs (tests often run as root). */
public final class CapSysNice {
    private static final int CAP_SYS_NICE = 23;

    private CapSysNice() {
    }

    /** Bit 23 of CapEff in /proc/self/status. */
    public static boolean held() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                    return (caps & (1L << CAP_SYS_NICE)) != 0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return false;
    }
}
