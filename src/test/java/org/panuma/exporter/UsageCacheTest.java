package org.panuma.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.panuma.api.Numa;
import org.panuma.api.NumaUsage;
import org.panuma.api.ProcessNumaUsage;
import org.panuma.spi.NodeSet;

class UsageCacheTest {
    static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(1000 * SECOND);
    private final List<Integer> reads = new ArrayList<>();
    private final StringWriter errText = new StringWriter();
    private final FailureLog log = new FailureLog(new PrintWriter(errText));

    /** Records which pids were read, at the clock's time. */
    private ProcessNumaUsage read(int pid) {
        synchronized (reads) {
            reads.add(pid);
        }
        return new ProcessNumaUsage(pid, "p" + pid, "", Map.of(0, now.get()), NodeSet.of(0), 0, Map.of());
    }

    private UsageCache cache(long minAge) {
        return cache(minAge, this::read);
    }

    private UsageCache cache(long minAge, IntFunction<ProcessNumaUsage> reader) {
        return new UsageCache(reader, now::get, minAge, log);
    }

    @Test
    void aProcessIsReadAtMostOncePerMinimumAge() {
        UsageCache c = cache(10 * SECOND);
        c.refresh(List.of(1, 2), far());
        now.addAndGet(9 * SECOND);
        UsageCache.Refresh r = c.refresh(List.of(1, 2), far());
        assertEquals(0, r.read());
        assertEquals(List.of(1, 2), reads);
        now.addAndGet(SECOND);
        assertEquals(2, c.refresh(List.of(1, 2), far()).read());
        assertEquals(List.of(1, 2, 1, 2), reads);
    }

    @Test
    void aNewProcessIsReadAtOnce_andAGoneOneIsForgotten() {
        UsageCache c = cache(10 * SECOND);
        c.refresh(List.of(1, 2), far());
        c.refresh(List.of(2, 3), far());
        assertEquals(List.of(1, 2, 3), reads);
        assertEquals(2, c.size());
        assertEquals(List.of(2, 3), c.usages(List.of(1, 2, 3)).stream().map(ProcessNumaUsage::pid).toList());
    }

    @Test
    void theDeadlineDefersTheRest_andTheNextRefreshReadsTheStalestFirst() {
        // Each read takes one second of the clock.
        UsageCache c = cache(0, pid -> {
            ProcessNumaUsage u = read(pid);
            now.addAndGet(SECOND);
            return u;
        });
        UsageCache.Refresh first = c.refresh(List.of(1, 2, 3, 4), now.get() + 2 * SECOND);
        assertEquals(2, first.read());
        assertEquals(2, first.deferred());
        assertEquals(List.of(1, 2), reads);
        reads.clear();
        UsageCache.Refresh second = c.refresh(List.of(1, 2, 3, 4), now.get() + 2 * SECOND);
        assertEquals(List.of(3, 4), reads, "never-read processes come first");
        assertEquals(2, second.deferred());
        reads.clear();
        c.refresh(List.of(1, 2, 3, 4), now.get() + 2 * SECOND);
        assertEquals(List.of(1, 2), reads, "then the oldest reads");
    }

    @Test
    void aScrapeDuringAnotherScrapesRefresh_doesNotWait_andShowsTheCache() throws Exception {
        CountDownLatch inRead = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        UsageCache c = cache(0, pid -> {
            if (pid == 2) {
                inRead.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return read(pid);
        });
        c.refresh(List.of(1), far());
        CompletableFuture<UsageCache.Refresh> slow = CompletableFuture.supplyAsync(() -> c.refresh(List.of(1, 2), far()));
        assertTrue(inRead.await(10, TimeUnit.SECONDS));

        long before = System.nanoTime();
        UsageCache.Refresh second = c.refresh(List.of(1, 2), far());
        long waitedMillis = (System.nanoTime() - before) / 1_000_000;

        assertEquals(UsageCache.Refresh.SKIPPED, second);
        assertTrue(waitedMillis < 1000, "waited " + waitedMillis + " ms");
        assertEquals(List.of(1), c.usages(List.of(1, 2)).stream().map(ProcessNumaUsage::pid).toList());
        release.countDown();
        assertTrue(slow.get(10, TimeUnit.SECONDS).ran());
    }

    @Test
    void aProcessThatExits_isCountedAsExited_notAsAnError() throws Exception {
        Numa numa = Numa.open("jna");
        NumaUsage usage = NumaUsage.of(numa);
        Process p = new ProcessBuilder("sleep", "60").start();
        int pid = (int) p.pid();
        UsageCache c = cache(0, usage::process);
        assertEquals(1, c.refresh(List.of(pid), far()).read());
        p.destroy();
        p.waitFor();
        UsageCache.Refresh r = c.refresh(List.of(pid), far());
        assertEquals(1, r.exited());
        assertEquals(0, r.failed());
        assertEquals(0, c.size());
        assertEquals("", errText.toString());
    }

    @Test
    void aFailedRead_isAnError_saidOnceWithItsReason() {
        UsageCache c = cache(0, pid -> {
            throw new IllegalArgumentException("line 3 of numa_maps: 'x' is not a number");
        });
        assertEquals(1, c.refresh(List.of(7), far()).failed());
        assertEquals(1, c.refresh(List.of(7), far()).failed());
        String err = errText.toString();
        assertTrue(err.contains("process 7") && err.contains("'x' is not a number"), err);
        assertEquals(1, err.lines().count(), err);
    }

    private long far() {
        return now.get() + 1000 * SECOND;
    }
}
