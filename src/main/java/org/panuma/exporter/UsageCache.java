package org.panuma.exporter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import org.panuma.api.ProcessNumaUsage;
import org.panuma.spi.NoSuchProcessException;

/**
 * Per-process usage, read at most once per {@code minAgeNanos}: reading numa_maps walks the
 * target's page tables under its mmap lock, so a scrape every second must not walk them every
 * second. One scrape at a time refreshes; a scrape that finds another refreshing reports what the
 * cache holds instead of waiting for it. A refresh stops at its deadline and reads the stalest
 * processes first, so a cut-short refresh still makes progress at the next scrape.
 */
final class UsageCache {
    /** A usage and when it was read (the clock's nanoseconds). */
    record Entry(ProcessNumaUsage usage, long readAt) {
    }

    /** What one refresh did. */
    record Refresh(boolean ran, int read, int exited, int failed, int deferred) {
        static final Refresh SKIPPED = new Refresh(false, 0, 0, 0, 0);
    }

    private final Map<Integer, Entry> entries = new ConcurrentHashMap<>();
    private final ReentrantLock refreshing = new ReentrantLock();
    private final IntFunction<ProcessNumaUsage> reader;
    private final LongSupplier clock;
    private final long minAgeNanos;
    private final FailureLog failures;

    /**
     * @param reader reads one process; throws {@link NoSuchProcessException} when it has exited
     * @param clock  nanoseconds, {@link System#nanoTime} outside tests
     */
    UsageCache(IntFunction<ProcessNumaUsage> reader, LongSupplier clock, long minAgeNanos, FailureLog failures) {
        this.reader = reader;
        this.clock = clock;
        this.minAgeNanos = minAgeNanos;
        this.failures = failures;
    }

    /**
     * Brings the entries of {@code pids} up to date, until {@code deadline}; forgets every other
     * process. Returns at once, with {@link Refresh#SKIPPED}, when another refresh is running.
     */
    Refresh refresh(List<Integer> pids, long deadline) {
        if (!refreshing.tryLock()) {
            return Refresh.SKIPPED;
        }
        try {
            Set<Integer> watched = new HashSet<>(pids);
            entries.keySet().retainAll(watched);
            long now = clock.getAsLong();
            List<Integer> due = new ArrayList<>();
            for (int pid : pids) {
                Entry e = entries.get(pid);
                if (e == null || now - e.readAt() >= minAgeNanos) {
                    due.add(pid);
                }
            }
            // Never read first, then the oldest reads.
            due.sort(Comparator.comparingLong(pid -> {
                Entry e = entries.get(pid);
                return e == null ? Long.MIN_VALUE : e.readAt();
            }));
            int read = 0;
            int exited = 0;
            int failed = 0;
            int deferred = 0;
            for (int pid : due) {
                if (clock.getAsLong() - deadline >= 0) {
                    deferred++;
                    continue;
                }
                try {
                    ProcessNumaUsage usage = reader.apply(pid);
                    entries.put(pid, new Entry(usage, clock.getAsLong()));
                    read++;
                } catch (NoSuchProcessException gone) {
                    // A process that exits mid-scrape is an expected event, not an error.
                    entries.remove(pid);
                    exited++;
                } catch (RuntimeException e) {
                    entries.remove(pid);
                    failures.record(pid, e);
                    failed++;
                }
            }
            return new Refresh(true, read, exited, failed, deferred);
        } finally {
            refreshing.unlock();
        }
    }

    /** The cached usage of each of {@code pids} that has one, in their order. */
    List<ProcessNumaUsage> usages(List<Integer> pids) {
        List<ProcessNumaUsage> out = new ArrayList<>();
        for (int pid : pids) {
            Entry e = entries.get(pid);
            if (e != null) {
                out.add(e.usage());
            }
        }
        return out;
    }

    int size() {
        return entries.size();
    }
}
