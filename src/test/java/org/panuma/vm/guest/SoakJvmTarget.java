package org.panuma.vm.guest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.panuma.api.MoveReport;
import org.panuma.api.Numa;
import org.panuma.spi.NumaSyscalls;

/**
 * The JVM soak target (issue 8, item 1): THREADS threads keep rewriting and checking a pattern
 * over MIB MiB of this JVM's own memory while the main thread moves that memory back and forth
 * between nodes 0 and 1 MOVES times with the library ({@code numa.pages().move}). Prints a
 * "[soak]" line with the accounted figures and "corrupted N"; exits 0 when every byte held and
 * every move accounted for every page, 1 otherwise.
 *
 * <p>{@code java -cp panuma.jar:guest-tests.jar org.panuma.vm.guest.SoakJvmTarget MIB THREADS MOVES}
 */
public final class SoakJvmTarget {
    private SoakJvmTarget() {
    }

    public static void main(String[] args) throws Exception {
        int mib = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        int moves = Integer.parseInt(args[2]);
        Numa numa = Numa.open();
        NumaSyscalls sys = numa.syscalls();
        long length = (long) mib << 20;
        long address = sys.mmap(length);
        ByteBuffer all = sys.buffer(address, (int) length);
        int slice = (int) (length / threads) & ~4095;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong corrupted = new AtomicLong();
        AtomicLong passes = new AtomicLong();
        for (int i = 0; i < length; i++) {
            all.put(i, pattern(i, 0));
        }
        List<Thread> writers = new ArrayList<>();
        int[] generations = new int[threads];
        for (int k = 0; k < threads; k++) {
            int from = k * slice;
            int w = k;
            Thread t = new Thread(() -> {
                ByteBuffer b = all.duplicate();
                int g = 0;
                while (!stop.get()) {
                    long bad = 0;
                    for (int i = from; i < from + slice; i++) {
                        bad += b.get(i) != pattern(i, g) ? 1 : 0;
                        b.put(i, pattern(i, g + 1));
                    }
                    corrupted.addAndGet(bad);
                    g++;
                    passes.incrementAndGet();
                }
                generations[w] = g;
            }, "writer-" + k);
            t.start();
            writers.add(t);
        }
        SoakTally tally = new SoakTally("jvm-target-library " + mib + " MiB, " + threads + " writer threads");
        String failure = null;
        try {
            for (int m = 0; m < moves; m++) {
                MoveReport r = numa.pages().move(address, length, (m + 1) % 2);
                tally.add(r);
            }
        } catch (Throwable e) {
            failure = e.toString();
        }
        stop.set(true);
        for (Thread t : writers) {
            t.join();
        }
        for (int k = 0; k < threads; k++) {
            for (int i = k * slice; i < (k + 1) * slice; i++) {
                if (all.get(i) != pattern(i, generations[k])) {
                    corrupted.incrementAndGet();
                }
            }
        }
        System.out.println(tally.line(sys.pageSize()) + " writerPasses=" + passes.get());
        System.out.println("corrupted " + corrupted.get());
        if (failure != null) {
            System.out.println("failure " + failure);
        }
        System.exit(corrupted.get() == 0 && failure == null ? 0 : 1);
    }

    static byte pattern(int i, int g) {
        return (byte) (i * 131 + (i >>> 12) * 7 + g * 29 + 3);
    }
}
