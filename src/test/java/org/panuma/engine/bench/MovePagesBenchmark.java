package org.panuma.engine.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.panuma.engine.KernelProfile;
import org.panuma.engine.World;
import org.panuma.engine.migrate.MovePagesArgs;
import org.panuma.engine.migrate.SyscallResult;
import org.panuma.engine.model.Disturbances;
import org.panuma.engine.model.Nodes;
import org.panuma.engine.model.Task;
import org.panuma.engine.model.Vma;
import org.panuma.spi.NodeSet;

/**
 * move_pages over N touched anonymous pages, all to the other node, on the v6.1 profile. One op
 * is one call moving N pages: pages/s = N / (s/op). Each invocation moves the pages back and
 * forth (alternating target) so every call really migrates. Heap per page is printed at setup
 * (engine arrays: frames and ptes) and in BENCHMARKS.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MovePagesBenchmark {
    @Param({"1000000", "16000000"})
    public int pages;

    private World world;
    private long[] addrs;
    private int[] toOne;
    private int[] toZero;
    private int[] status;
    private boolean flip;
    private long ops;
    private long cpuAtStart;
    private long processCpuAtStart;

    @Setup(Level.Trial)
    public void setUp() {
        world = new World(KernelProfile.V6_1, Nodes.uniform(2, pages + 1024L), 1, Disturbances.Rates.NONE, pages + 64)
                .checkEachCall(false); // the model's speed, without its self-check after each call
        Task t = world.process(1, Task.Credentials.user(1000), NodeSet.of(0, 1), 0);
        long base = 0x7f0000000000L;
        Vma v = world.anon(t, "heap", base, pages, 0);
        addrs = new long[pages];
        toOne = new int[pages];
        toZero = new int[pages];
        status = new int[pages];
        java.util.Arrays.fill(toOne, 1);
        for (int i = 0; i < pages; i++) {
            world.touch(t, v, i, 0, i, 0);
            addrs[i] = base + ((long) i << 12);
        }
        world.settle();
        long engineBytes = world.machine().frames().retainedBytes() + 4L * pages;
        System.out.printf("# engine heap per simulated page: %.1f bytes (frames %d B + ptes %d B for %d pages)%n",
                (double) engineBytes / pages, world.machine().frames().retainedBytes(), 4L * pages, pages);
    }

    /*
     * The build machines are shared (load averages of 10-20 on 2 cores are common), so wall-clock
     * ms/op mostly measures how much CPU the benchmark thread was given. The thread's own CPU time per
     * op, printed after each iteration, is the engine's speed on one core; BENCHMARKS.md gives both.
     */
    @Setup(Level.Iteration)
    public void startCpuClock() {
        ops = 0;
        cpuAtStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        processCpuAtStart = processCpu();
    }

    /** CPU time of the whole JVM: the benchmark thread plus what its garbage costs the GC threads. */
    private static long processCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    @TearDown(Level.Iteration)
    public void printCpuClock() {
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuAtStart;
        if (ops > 0 && cpu > 0) {
            double msPerOp = cpu / 1e6 / ops;
            double processMsPerOp = (processCpu() - processCpuAtStart) / 1e6 / ops;
            System.out.printf("%n# thread CPU time: %.1f ms/op = %.2f M pages/s per core; JVM CPU time (GC, JIT too): "
                    + "%.1f ms/op (%d ops)%n", msPerOp, pages / msPerOp / 1e3, processMsPerOp, ops);
        }
    }

    @Benchmark
    public void movePagesAllToOtherNode(Blackhole bh) {
        ops++;
        flip = !flip;
        SyscallResult r = world.movePages(1, new MovePagesArgs(0, pages, addrs, flip ? toOne : toZero, status, 0));
        if (r.value() != 0) {
            throw new IllegalStateException("pages not migrated: " + r);
        }
        bh.consume(status[pages - 1]);
    }
}
