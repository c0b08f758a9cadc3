package org.panuma.os;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The page size from the process's auxiliary vector (/proc/self/auxv, entry AT_PAGESZ), which is
 * where libc's getpagesize() takes it from. Why read it here: asking libc through FFM links a
 * downcall of a shape no other call has, about a tenth of a second of CPU at every JVM start
 * (BENCHMARKS.md, item 5); the FFM backend falls back to libc when this answers nothing.
 */
public final class AuxVector {
    /** The auxiliary vector's key of the system page size (elf.h). */
    static final long AT_PAGESZ = 6;
    private static final long AT_NULL = 0;

    private AuxVector() {
    }

    /**
     * The AT_PAGESZ value of an auxiliary vector of 64-bit (key, value) pairs in native byte
     * order, or -1 when it has none (or is not such a vector). Pure function.
     */
    public static long pageSize(byte[] auxv) {
        ByteBuffer b = ByteBuffer.wrap(auxv).order(ByteOrder.nativeOrder());
        while (b.remaining() >= 16) {
            long key = b.getLong();
            long value = b.getLong();
            if (key == AT_PAGESZ) {
                return value > 0 && value <= Integer.MAX_VALUE && Long.bitCount(value) == 1 ? value : -1;
            }
            if (key == AT_NULL) {
                break;
            }
        }
        return -1;
    }

    /** This process's page size from /proc/self/auxv, or -1 when it cannot be read (not Linux, a 32-bit JVM). */
    public static int readPageSize() {
        if (!"64".equals(System.getProperty("sun.arch.data.model", "64"))) {
            return -1;
        }
        try {
            return (int) pageSize(Files.readAllBytes(Path.of("/proc/self/auxv")));
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }
}
