package org.panuma.os;

import org.panuma.spi.RegionKind;

import java.util.Objects;

/**
 * One line of /proc/PID/maps: {@code start-end perms offset dev inode path}.
 *
 * @param start  first byte
 * @param end    one past the last byte
 * @param perms  e.g. "rw-p"
 * @param offset file offset
 * @param device "fe:00"
 * @param inode  0 for anonymous memory
 * @param path   the path column as the kernel prints it ("" for anonymous memory, "[heap]", ...)
 * @param kind   what the mapping is
 */
public record MapsEntry(long start, long end, String perms, long offset, String device, long inode, String path,
                        RegionKind kind) {
    public MapsEntry {
        Objects.requireNonNull(perms);
        Objects.requireNonNull(path);
        Objects.requireNonNull(kind);
        if (Long.compareUnsigned(end, start) < 0) {
            throw new IllegalArgumentException("mapping ends before it starts: " + Long.toHexString(start) + "-"
                    + Long.toHexString(end));
        }
    }

    public long length() {
        return end - start;
    }

    public boolean shared() {
        return perms.length() >= 4 && perms.charAt(3) == 's';
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }
}
