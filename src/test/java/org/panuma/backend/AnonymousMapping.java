package org.panuma.backend;

import java.nio.ByteBuffer;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.memory.MappedMemory;

/** A test's own anonymous mapping: mmap'ed, optionally touched, always unmapped. */
public final class AnonymousMapping implements AutoCloseable {
    public final NumaSyscalls sys;
    public final long address;
    public final int pages;
    public final int pageSize;

    public AnonymousMapping(NumaSyscalls sys, int pages) {
        this.sys = sys;
        this.pages = pages;
        this.pageSize = sys.pageSize();
        this.address = MappedMemory.of(sys).mmap((long) pages * pageSize);
    }

    public long page(int i) {
        return address + (long) i * pageSize;
    }

    /** The addresses of all pages. */
    public long[] addresses() {
        long[] a = new long[pages];
        for (int i = 0; i < pages; i++) {
            a[i] = page(i);
        }
        return a;
    }

    /** The whole mapping as a direct buffer. */
    public ByteBuffer buffer() {
        return MappedMemory.of(sys).buffer(address, pages * pageSize);
    }

    /** Writes one byte to page {@code i} so the kernel backs it with memory. */
    public void touch(int i) {
        ByteBuffer b = MappedMemory.of(sys).buffer(page(i), pageSize);
        b.put(0, (byte) (i + 1));
    }

    public void touchAll() {
        for (int i = 0; i < pages; i++) {
            touch(i);
        }
    }

    @Override
    public void close() {
        MappedMemory.of(sys).munmap(address, (long) pages * pageSize);
    }
}
