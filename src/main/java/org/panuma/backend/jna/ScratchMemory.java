package org.panuma.backend.jna;

import com.sun.jna.Memory;

/**
 * Per-thread native scratch buffers for move_pages' three arrays, grown on demand and reused, so
 * a call does not pay for malloc, free and a Cleaner registration three times.
 */
final class ScratchMemory {
    private static final ThreadLocal<ScratchMemory> PER_THREAD = ThreadLocal.withInitial(ScratchMemory::new);
    /** Buffers above this many bytes are not kept after the call (a 1M-page batch is 8 MiB). */
    private static final long KEEP_LIMIT = 1L << 20;

    private Memory pages;
    private Memory nodes;
    private Memory status;

    static ScratchMemory get() {
        return PER_THREAD.get();
    }

    Memory pages(long bytes) {
        return pages = fit(pages, bytes);
    }

    Memory nodes(long bytes) {
        return nodes = fit(nodes, bytes);
    }

    Memory status(long bytes) {
        return status = fit(status, bytes);
    }

    /** Drops buffers that grew past the keep limit, after a call. */
    void trim() {
        if (pages != null && pages.size() > KEEP_LIMIT) {
            pages = null;
        }
        if (nodes != null && nodes.size() > KEEP_LIMIT) {
            nodes = null;
        }
        if (status != null && status.size() > KEEP_LIMIT) {
            status = null;
        }
    }

    private static Memory fit(Memory m, long bytes) {
        long want = Math.max(bytes, 64);
        return m != null && m.size() >= want ? m : new Memory(want);
    }
}
