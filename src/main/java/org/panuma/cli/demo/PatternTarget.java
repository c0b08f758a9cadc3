package org.panuma.cli.demo;

import org.panuma.spi.Printable;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.panuma.api.MemoryPolicy;
import org.panuma.api.NodeMemory;
import org.panuma.api.Numa;

/**
 * A live target for demos and tests: maps memory, fills it with a pattern, then keeps rewriting
 * and checking the pattern (each pass uses the next generation number) until its standard input
 * closes or it reads "stop". It prints one line {@code ready <start-hex> <end-hex>} when the
 * memory is written, and at the end {@code done passes=N corrupted=M}.
 *
 * <p>Usage: {@code java -cp panuma.jar org.panuma.cli.demo.PatternTarget MiB [NODE]}; with NODE the
 * memory is bound to that node (mbind MPOL_BIND) before it is first written.
 */
public final class PatternTarget {
    /** The largest target one direct buffer holds. */
    static final long MAX_MIB = (Integer.MAX_VALUE >> 20);

    private PatternTarget() {
    }

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 64;
        if (mib < 1 || mib > MAX_MIB) {
            throw new IllegalArgumentException("MiB: " + Printable.quote(args[0]) + " is out of range (1 to " + MAX_MIB + ")");
        }
        // Without NODE, MPOL_LOCAL: the faulting CPU's node, as the default policy places pages.
        MemoryPolicy policy = args.length > 1 ? MemoryPolicy.bind(Integer.parseInt(args[1])) : MemoryPolicy.local();
        try (NodeMemory memory = Numa.open().memory(policy)) {
            run(memory, memory.allocateBuffer((int) (mib << 20)));
        }
    }

    private static void run(NodeMemory memory, ByteBuffer buffer) {
        long address = memory.address(buffer);
        long length = buffer.capacity();
        int chunk = 1 << 20;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong corrupted = new AtomicLong();
        long passes = 0;
        write(buffer, chunk, 0);
        System.out.printf("ready %x %x%n", address, address + length);
        System.out.flush();
        Thread watcher = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null && !line.strip().equals("stop")) {
                    // keep reading until "stop" or end of input
                }
            } catch (Exception ignored) {
                // input gone: stop as well
            }
            stop.set(true);
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
        int generation = 0;
        while (!stop.get()) {
            corrupted.addAndGet(check(buffer, chunk, generation));
            generation++;
            write(buffer, chunk, generation);
            passes++;
        }
        corrupted.addAndGet(check(buffer, chunk, generation));
        System.out.printf("done passes=%d corrupted=%d%n", passes, corrupted.get());
    }

    /** Byte i of generation g: a function of both, so a stale or misplaced page is caught. */
    static byte expected(long offset, int generation) {
        return (byte) ((offset * 31 + (offset >>> 12) * 7 + generation) & 0xff);
    }

    private static void write(ByteBuffer all, int chunk, int generation) {
        int length = all.capacity();
        for (int off = 0; off < length; off += chunk) {
            ByteBuffer b = all.slice(off, Math.min(chunk, length - off));
            for (int i = 0; i < b.capacity(); i++) {
                b.put(i, expected(off + i, generation));
            }
        }
    }

    private static long check(ByteBuffer all, int chunk, int generation) {
        long bad = 0;
        int length = all.capacity();
        for (int off = 0; off < length; off += chunk) {
            ByteBuffer b = all.slice(off, Math.min(chunk, length - off));
            for (int i = 0; i < b.capacity(); i++) {
                if (b.get(i) != expected(off + i, generation)) {
                    bad++;
                }
            }
        }
        return bad;
    }
}
