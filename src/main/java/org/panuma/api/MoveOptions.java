package org.panuma.api;

import java.util.function.BooleanSupplier;

/**
 * How {@link PageMover} moves: batch size, retries, MOVE_ALL, throttle, and a stop signal checked
 * between batches. Immutable; {@code with*} methods return changed copies.
 *
 * @param batchPages   pages per move_pages call; the default keeps a call near 10 ms at the
 *                     kernel's ≈1.2 µs per 4 KiB page, well under the 20 ms a target should stall
 * @param busyRetries  how often a page that came back -EBUSY (still in a per-CPU LRU cache) or
 *                     was left unprocessed by a cut-short call is tried again
 * @param moveAll      MPOL_MF_MOVE_ALL: shared pages too (needs CAP_SYS_NICE)
 * @param bytesPerSecond throttle, 0 for none
 * @param stop         checked between batches; true stops the move and reports what moved
 */
public record MoveOptions(int batchPages, int busyRetries, boolean moveAll, long bytesPerSecond,
                          BooleanSupplier stop) {
    public static final int DEFAULT_BATCH_PAGES = 8192;
    public static final int DEFAULT_BUSY_RETRIES = 3;

    public MoveOptions {
        if (batchPages < 1) {
            throw new IllegalArgumentException("batch size must be at least 1 page, got " + batchPages);
        }
        if (busyRetries < 0) {
            throw new IllegalArgumentException("retries must not be negative, got " + busyRetries);
        }
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("rate must not be negative, got " + bytesPerSecond);
        }
        if (stop == null) {
            stop = () -> false;
        }
    }

    public static MoveOptions defaults() {
        return new MoveOptions(DEFAULT_BATCH_PAGES, DEFAULT_BUSY_RETRIES, false, 0, null);
    }

    public MoveOptions withBatchPages(int pages) {
        return new MoveOptions(pages, busyRetries, moveAll, bytesPerSecond, stop);
    }

    public MoveOptions withBusyRetries(int retries) {
        return new MoveOptions(batchPages, retries, moveAll, bytesPerSecond, stop);
    }

    public MoveOptions withMoveAll(boolean all) {
        return new MoveOptions(batchPages, busyRetries, all, bytesPerSecond, stop);
    }

    public MoveOptions withRate(long bytesPerSec) {
        return new MoveOptions(batchPages, busyRetries, moveAll, bytesPerSec, stop);
    }

    public MoveOptions withStop(BooleanSupplier stopSignal) {
        return new MoveOptions(batchPages, busyRetries, moveAll, bytesPerSecond, stopSignal);
    }
}
