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

    /** Checks the values. <pre>{@code new MoveOptions(512, 3, false, 0, null)}</pre> */
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

    /** 8192-page batches, 3 retries, no MOVE_ALL, no throttle. <pre>{@code MoveOptions.defaults()}</pre> */
    public static MoveOptions defaults() {
        return new MoveOptions(DEFAULT_BATCH_PAGES, DEFAULT_BUSY_RETRIES, false, 0, null);
    }

    /** A copy with this batch size. <pre>{@code MoveOptions.defaults().withBatchPages(512)}</pre> */
    public MoveOptions withBatchPages(int pages) {
        return new MoveOptions(pages, busyRetries, moveAll, bytesPerSecond, stop);
    }

    /** A copy with this many retries. <pre>{@code MoveOptions.defaults().withBusyRetries(5)}</pre> */
    public MoveOptions withBusyRetries(int retries) {
        return new MoveOptions(batchPages, retries, moveAll, bytesPerSecond, stop);
    }

    /** A copy that moves shared pages too (CAP_SYS_NICE). <pre>{@code MoveOptions.defaults().withMoveAll(true)}</pre> */
    public MoveOptions withMoveAll(boolean all) {
        return new MoveOptions(batchPages, busyRetries, all, bytesPerSecond, stop);
    }

    /** A copy throttled to this many bytes per second. <pre>{@code MoveOptions.defaults().withRate(100 << 20)}</pre> */
    public MoveOptions withRate(long bytesPerSec) {
        return new MoveOptions(batchPages, busyRetries, moveAll, bytesPerSec, stop);
    }

    /** A copy that stops between batches when the signal is true. <pre>{@code MoveOptions.defaults().withStop(cancelled::get)}</pre> */
    public MoveOptions withStop(BooleanSupplier stopSignal) {
        return new MoveOptions(batchPages, busyRetries, moveAll, bytesPerSecond, stopSignal);
    }
}
