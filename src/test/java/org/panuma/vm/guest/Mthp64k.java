package org.panuma.vm.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * 64 KiB multi-size THP (6.8+) turned on for a test and back off after it:
 * {@code /sys/kernel/mm/transparent_hugepage/hugepages-64kB/enabled} set to {@code always}, then
 * restored to the setting it had. On a kernel without the control (6.1) nothing changes and
 * {@link #available()} is false.
 */
final class Mthp64k implements AutoCloseable {
    static final Path CONTROL = Paths.get("/sys/kernel/mm/transparent_hugepage/hugepages-64kB/enabled");
    static final int KIB = 64;

    private final String before;

    private Mthp64k(String before) {
        this.before = before;
    }

    static Mthp64k enable() throws IOException {
        if (!Files.exists(CONTROL)) {
            return new Mthp64k(null);
        }
        String now = Files.readString(CONTROL);
        Files.writeString(CONTROL, "always");
        return new Mthp64k(now.substring(now.indexOf('[') + 1, now.indexOf(']')));
    }

    boolean available() {
        return before != null;
    }

    @Override
    public void close() throws IOException {
        if (before != null) {
            Files.writeString(CONTROL, before);
        }
    }
}
