package org.panuma.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The default huge page size, from /proc/meminfo's {@code Hugepagesize:  2048 kB}. */
public final class HugePageSize {
    private HugePageSize() {
    }

    /** In bytes; 0 when the kernel reports none (no hugetlb support) or /proc/meminfo cannot be read. */
    public static long defaultBytes() {
        try {
            return parse(Files.readString(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return 0;
        }
    }

    /** Pure: the size a /proc/meminfo text gives, 0 without the line. */
    public static long parse(String meminfo) {
        for (String line : meminfo.split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w.length >= 2 && w[0].equals("Hugepagesize:")) {
                return Long.parseLong(w[1]) * 1024;
            }
        }
        return 0;
    }
}
