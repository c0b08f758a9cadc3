package org.panuma.cli.demo;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.panuma.api.Numa;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.memory.MappedMemory;

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
    private PatternTarget() {
    }

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 64;
        NumaSyscalls sys = Numa.open().syscalls();
        MappedMemory memory = MappedMemory.of(sys);
        long length = mib << 20;
        long address = memory.mmap(length);
        if (args.length > 1) {
            sys.mbind(address, length, Mpol.MPOL_BIND, NodeSet.of(Integer.parseInt(args[1])), 0);
        }
        int chunk = 1 << 20;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong corrupted = new AtomicLong();
        long passes = 0;
        write(memory, address, length, chunk, 0);
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
            corrupted.addAndGet(check(memory, address, length, chunk, generation));
            generation++;
            write(memory, address, length, chunk, generation);
            passes++;
        }
        corrupted.addAndGet(check(memory, address, length, chunk, generation));
        System.out.printf("done passes=%d corrupted=%d%n", passes, corrupted.get());
        memory.munmap(address, length);
    }

    /** Byte i of generation g: a function of both, so a stale or misplaced page is caught. */
    static byte expected(long offset, int generation) {
        return (byte) ((offset * 31 + (offset >>> 12) * 7 + generation) & 0xff);
    }

    private static void write(MappedMemory memory, long address, long length, int chunk, int generation) {
        for (long off = 0; off < length; off += chunk) {
            ByteBuffer b = memory.buffer(address + off, (int) Math.min(chunk, length - off));
            for (int i = 0; i < b.capacity(); i++) {
                b.put(i, expected(off + i, generation));
            }
        }
    }

    private static long check(MappedMemory memory, long address, long length, int chunk, int generation) {
        long bad = 0;
        for (long off = 0; off < length; off += chunk) {
            ByteBuffer b = memory.buffer(address + off, (int) Math.min(chunk, length - off));
            for (int i = 0; i < b.capacity(); i++) {
                if (b.get(i) != expected(off + i, generation)) {
                    bad++;
                }
            }
        }
        return bad;
    }
}
