package org.panuma.vm.guest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.panuma.api.MoveReport;
import org.panuma.api.Numa;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.memory.MappedMemory;

/**
 * The JVM soak target (issue 8, item 1): THREADS threads keep checking and rewriting a pattern
 * over MIB MiB of this JVM's own memory while the main thread moves that memory back and forth
 * between nodes 0 and 1 MOVES times with the library ({@code numa.pages().move}). Prints a
 * "[soak]" line with the accounted figures and "corrupted N"; exits 0 when every byte held and
 * every move accounted for every page, 1 otherwise.
 *
 * <p>The pattern is the C soak-target's, byte for byte. A page's bytes are one of 256 templates
 * (see {@link #template}), so the writers check and write a page with bulk copies and one
 * {@link Arrays#mismatch}: every byte is still compared, at a speed that does not depend on the
 * JIT (a byte-at-a-time loop kept the emulated guest busy for minutes per pass under -Xint).
 *
 * <p>{@code java -cp panuma.jar:guest-tests.jar org.panuma.vm.guest.SoakJvmTarget MIB THREADS MOVES}
 */
public final class SoakJvmTarget {
    static final int PAGE = 4096;
    /** template[c][j] = pattern of byte j of any page whose offset constant is c (see {@link #offset}). */
    private static final byte[][] TEMPLATES = new byte[256][PAGE];

    static {
        for (int c = 0; c < 256; c++) {
            for (int j = 0; j < PAGE; j++) {
                TEMPLATES[c][j] = (byte) (j * 131 + c);
            }
        }
    }

    private SoakJvmTarget() {
    }

    public static void main(String[] args) throws Exception {
        int mib = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        int moves = Integer.parseInt(args[2]);
        Numa numa = Numa.open();
        NumaSyscalls sys = numa.syscalls();
        long length = (long) mib << 20;
        int pages = (int) (length / PAGE);
        long address = MappedMemory.of(sys).mmap(length);
        ByteBuffer all = MappedMemory.of(sys).buffer(address, (int) length);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong corrupted = new AtomicLong();
        AtomicLong passes = new AtomicLong();
        long t0 = System.nanoTime();
        for (int p = 0; p < pages; p++) {
            all.put(p * PAGE, template(p, 0));
        }
        long filled = System.nanoTime();
        List<Thread> writers = new ArrayList<>();
        // Where each writer stopped: pages [from, split) hold generation + 1, [split, to) generation.
        // Writers stop between two pages, so a starved writer (nice 19) still stops at once.
        int[] generations = new int[threads];
        int[] splits = new int[threads];
        for (int k = 0; k < threads; k++) {
            // The last writer also takes the pages the division leaves over: every page is someone's.
            int from = pages * k / threads;
            int to = pages * (k + 1) / threads;
            int w = k;
            Thread t = new Thread(() -> {
                ByteBuffer b = all.duplicate();
                byte[] seen = new byte[PAGE];
                int g = 0;
                while (true) {
                    long bad = 0;
                    for (int p = from; p < to; p++) {
                        if (stop.get()) {
                            corrupted.addAndGet(bad);
                            generations[w] = g;
                            splits[w] = p;
                            return;
                        }
                        bad += check(b, p, g, seen);
                        b.put(p * PAGE, template(p, g + 1));
                    }
                    corrupted.addAndGet(bad);
                    g++;
                    passes.incrementAndGet();
                }
            }, "writer-" + k);
            // Nice 19 with the JVM flags the test passes (ThreadPriorityPolicy=1,
            // JavaPriority1_To_OSPriority=19; the guest runs as root), as in the C target: the
            // writers take the cycles the mover leaves (the gain is not measured in isolation).
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
            writers.add(t);
        }
        SoakTally tally = new SoakTally("jvm-target-library " + mib + " MiB, " + threads + " writer threads");
        String failure = null;
        try {
            for (int m = 0; m < moves; m++) {
                long m0 = System.nanoTime();
                MoveReport r = numa.pages().move(address, length, (m + 1) % 2);
                tally.wall(System.nanoTime() - m0);
                tally.add(r);
                if (m % 10 == 9) {
                    // stderr, which the test passes through: progress shows while the target runs.
                    System.err.printf("[soak] jvm-target: %d moves, %.1f s, writer passes %d%n", m + 1,
                            (System.nanoTime() - t0) / 1e9, passes.get());
                }
            }
        } catch (Throwable e) {
            failure = e.toString();
        }
        long movesDone = System.nanoTime();
        stop.set(true);
        for (Thread t : writers) {
            t.join();
        }
        byte[] seen = new byte[PAGE];
        for (int k = 0; k < threads; k++) {
            for (int p = pages * k / threads; p < pages * (k + 1) / threads; p++) {
                corrupted.addAndGet(check(all, p, p < splits[k] ? generations[k] + 1 : generations[k], seen));
            }
        }
        System.out.println(tally.line(sys.pageSize()) + " writerPasses=" + passes.get());
        System.out.printf("[soak] jvm-target phases: fill %.1f s, moves %.1f s, stop and final check %.1f s%n",
                (filled - t0) / 1e9, (movesDone - filled) / 1e9, (System.nanoTime() - movesDone) / 1e9);
        System.out.println("corrupted " + corrupted.get());
        if (failure != null) {
            System.out.println("failure " + failure);
        }
        System.exit(corrupted.get() == 0 && failure == null ? 0 : 1);
    }

    /** Bytes of page {@code p} that differ from generation {@code g}'s pattern (all 4096 compared). */
    static long check(ByteBuffer b, int p, int g, byte[] seen) {
        b.get(p * PAGE, seen);
        byte[] want = template(p, g);
        if (Arrays.mismatch(seen, want) < 0) {
            return 0;
        }
        long bad = 0;
        for (int j = 0; j < PAGE; j++) {
            bad += seen[j] != want[j] ? 1 : 0;
        }
        return bad;
    }

    /**
     * The expected content of page {@code p} in generation {@code g}. The C target's pattern,
     * byte i = i*131 + (i >> 12)*7 + g*29 + 3 (mod 256), with i = p*4096 + j: p*4096*131 is a
     * multiple of 256, so the byte is j*131 + {@link #offset}(p, g): one of 256 templates.
     */
    static byte[] template(int p, int g) {
        return TEMPLATES[offset(p, g)];
    }

    static int offset(int p, int g) {
        return (p * 7 + g * 29 + 3) & 0xff;
    }

    /** The pattern byte at index i, as soak-target.c computes it (SoakPatternTest ties the two). */
    static byte pattern(long i, int g) {
        return (byte) (i * 131 + (i >>> 12) * 7 + g * 29 + 3);
    }
}
