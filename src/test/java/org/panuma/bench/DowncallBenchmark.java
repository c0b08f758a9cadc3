package org.panuma.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.panuma.spi.Backends;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.memory.MappedMemory;

/**
 * The cost of one move_pages query call through each backend, for 1 and 16 touched pages of
 * this process: FFM's downcall against JNA's, the syscall itself being the same in both.
 * Run with {@code scripts/bench-downcalls} (it puts the multi-release jar on the class path).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DowncallBenchmark {
    @Param({"ffm", "jna"})
    public String backend;

    @Param({"1", "16"})
    public int pages;

    private NumaSyscalls sys;
    private long base;
    private long[] addresses;
    private int[] status;

    @Setup(Level.Trial)
    public void map() {
        sys = Backends.open(backend);
        int pageSize = sys.pageSize();
        base = MappedMemory.of(sys).mmap((long) pages * pageSize);
        addresses = new long[pages];
        for (int i = 0; i < pages; i++) {
            addresses[i] = base + (long) i * pageSize;
            MappedMemory.of(sys).buffer(addresses[i], pageSize).put(0, (byte) 1);
        }
        status = new int[pages];
    }

    @TearDown(Level.Trial)
    public void unmap() {
        MappedMemory.of(sys).munmap(base, (long) pages * sys.pageSize());
    }

    @Benchmark
    public int movePagesQuery() {
        Arrays.fill(status, Integer.MIN_VALUE);
        sys.movePages(0, addresses, null, status, 0, pages, 0);
        return status[pages - 1];
    }
}
