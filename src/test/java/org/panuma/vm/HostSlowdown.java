package org.panuma.vm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * How much slower than an idle machine this host runs now, measured, so that guest time limits
 * scale with it instead of failing a loaded machine's run (issue 17, finding 10). A QEMU guest
 * under TCG is CPU threads on the host: what slows it is the host's CPUs being shared. The
 * calibration runs a fixed CPU-bound workload on one thread and divides its wall-clock time by the
 * CPU time it got: 1.0 on an idle machine, about 3 where three runnable threads share each core.
 * It needs no reference figure from another machine. Measured once, at the first use (about
 * 0.1 s of CPU in all), clamped to [1, 4] so a freak sample can neither shorten a limit nor make it endless.
 */
public final class HostSlowdown {
    private static final double MAX = 4.0;
    private static volatile Double measured;

    private HostSlowdown() {
    }

    /** The factor, measured on first use; -Dpanuma.vm.slowdown overrides it. */
    public static double factor() {
        Double f = measured;
        if (f == null) {
            String forced = System.getProperty("panuma.vm.slowdown");
            f = forced != null ? Double.parseDouble(forced) : clamp(measure());
            measured = f;
            System.out.printf("[numa-vm] host slowdown %.2f (wall/CPU time of a fixed workload): guest limits x%.2f%n",
                    f, f);
        }
        return f;
    }

    /** {@code base} times {@link #factor()}. */
    public static Duration scale(Duration base) {
        return Duration.ofMillis((long) (base.toMillis() * factor()));
    }

    static double clamp(double f) {
        return Double.isNaN(f) ? 1.0 : Math.max(1.0, Math.min(MAX, f));
    }

    /** Median of three runs of wall / CPU time for the same work. */
    static double measure() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            return 1.0;
        }
        double[] ratios = new double[3];
        long sink = 0;
        for (int i = 0; i < ratios.length; i++) {
            long wall0 = System.nanoTime();
            long cpu0 = threads.getCurrentThreadCpuTime();
            sink += work();
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            long wall = System.nanoTime() - wall0;
            ratios[i] = cpu <= 0 ? 1.0 : (double) wall / cpu;
        }
        java.util.Arrays.sort(ratios);
        return sink == 42 ? 1.0 : ratios[1];
    }

    /** A fixed CPU-bound workload (xorshift), about 30 ms on an idle core; its result keeps it from being elided. */
    private static long work() {
        long x = 88172645463325252L;
        long sum = 0;
        for (int i = 0; i < 20_000_000; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            sum += x & 0xff;
        }
        return sum;
    }
}
