package org.panuma.fuzz;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opentest4j.AssertionFailedError;

/**
 * Runs one fuzz case on a worker thread with a deadline and an allocation budget, so a parser
 * that loops fails the case (naming the input) instead of hanging the build, and one that blows
 * the heap up is caught while the blow-up is still small.
 *
 * <p>The budget is bytes allocated per input character (measured with the HotSpot per-thread
 * allocation counter); a parser that is linear in its input stays far below it.
 */
public final class Bounded implements AutoCloseable {
    /** Allocation per input character above which a parse counts as a blow-up. */
    public static final long BYTES_PER_CHAR = 2_000;
    /** Fixed allowance for small inputs (lists, records, exception messages). */
    public static final long BASE_BYTES = 4L << 20;

    private final long timeoutMillis;
    private ExecutorService worker = newWorker();

    public Bounded(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /** What one case did: its value (or the exception it threw) and what it allocated. */
    public record Outcome<T>(T value, Throwable thrown, long allocatedBytes) {
    }

    /**
     * Runs {@code parse}; returns its outcome, including an exception it threw.
     *
     * @throws AssertionFailedError when it runs past the deadline or past the allocation budget
     */
    public <T> Outcome<T> run(String describedInput, int inputChars, Callable<T> parse) {
        return run(describedInput, BASE_BYTES + BYTES_PER_CHAR * inputChars, parse);
    }

    /**
     * As {@link #run(String, int, Callable)} with a fixed allocation budget, for work whose size is
     * bounded by limits in the code under test rather than by its input's length.
     */
    public <T> Outcome<T> run(String describedInput, long budgetBytes, Callable<T> parse) {
        Future<Outcome<T>> f = worker.submit(() -> {
            long before = allocated();
            T value = null;
            Throwable thrown = null;
            try {
                value = parse.call();
            } catch (Throwable t) {
                thrown = t;
            }
            return new Outcome<>(value, thrown, allocated() - before);
        });
        Outcome<T> o;
        try {
            o = f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            // The stuck case may not heed the interrupt: later cases get a fresh thread.
            worker.shutdownNow();
            worker = newWorker();
            throw new AssertionFailedError("no result within " + timeoutMillis + " ms (a loop?) for input "
                    + abbreviate(describedInput));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionFailedError("the worker failed", e.getCause());
        }
        if (o.allocatedBytes() > budgetBytes) {
            throw new AssertionFailedError("allocated " + o.allocatedBytes() + " bytes (budget " + budgetBytes
                    + ") for " + abbreviate(describedInput));
        }
        return o;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        });
    }

    private static long allocated() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (mx instanceof com.sun.management.ThreadMXBean hs && hs.isThreadAllocatedMemorySupported()) {
            return hs.getCurrentThreadAllocatedBytes();
        }
        return 0;
    }

    public static String abbreviate(String s) {
        String shown = s.length() > 300 ? s.substring(0, 300) + "... (" + s.length() + " chars)" : s;
        return "'" + shown.replace("\n", "\\n").replace("\u0000", "\\0") + "'";
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
