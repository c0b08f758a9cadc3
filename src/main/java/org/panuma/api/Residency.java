package org.panuma.api;

import java.util.Arrays;
import org.panuma.spi.NumaSyscalls;

/**
 * Where pages are: move_pages in query mode (nodes == NULL), in chunks so a target process is
 * never held for long (≈55 ns per page in the kernel: 64 Ki pages ≈ 4 ms).
 */
public final class Residency {
    public static final int DEFAULT_CHUNK_PAGES = 65536;

    private final NumaSyscalls sys;

    public Residency(NumaSyscalls sys) {
        this.sys = sys;
    }

    /** Per address: its node, or a negated errno (-EFAULT, -ENOENT, ...). */
    public int[] statuses(int pid, long[] addresses) {
        return statuses(pid, addresses, DEFAULT_CHUNK_PAGES);
    }

    public int[] statuses(int pid, long[] addresses, int chunkPages) {
        if (chunkPages < 1) {
            throw new IllegalArgumentException("chunk must be at least 1 page, got " + chunkPages);
        }
        int[] status = new int[addresses.length];
        Arrays.fill(status, PageStatus.NOT_PROCESSED);
        for (int from = 0; from < addresses.length; from += chunkPages) {
            int n = Math.min(chunkPages, addresses.length - from);
            sys.movePages(pid, addresses, null, status, from, n, 0);
        }
        return status;
    }

    /** Pages per node (and per errno) of these addresses. */
    public PageCounts count(int pid, long[] addresses) {
        PageCounts counts = new PageCounts();
        counts.addStatuses(statuses(pid, addresses));
        return counts;
    }
}
