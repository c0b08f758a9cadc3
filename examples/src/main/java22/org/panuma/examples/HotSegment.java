package org.panuma.examples;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.panuma.api.MoveReport;
import org.panuma.api.Numa;
import org.panuma.api.foreign.NodeArena;

/**
 * Moves a hot segment next to the thread that uses it, and measures the access time before and
 * after. The segment starts on the node farthest from the worker's node (a {@link NodeArena}
 * bound there); the worker, pinned to its node, sums the segment; then the segment is moved to
 * the worker's node and summed again. Java 23+ (MemorySegment).
 *
 * <p>Run: {@code examples/run HotSegment [MiB] [passes]}. On a single-node machine the move finds
 * every page already there and the two times differ only by noise; in the NUMA VM or on a
 * multi-socket machine the second is the local access time.
 */
public final class HotSegment {

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 64;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Numa numa = Numa.open();
        int workerNode = numa.thread().cpuAndNode().node();
        int farNode = farthestFrom(numa, workerNode);
        System.out.printf("backend %s; worker on node %d, segment starts on node %d (distance %d)%n",
                numa.backend(), workerNode, farNode, numa.topology().distance(workerNode, farNode));
        warmUp();
        try (NodeArena arena = NodeArena.ofNode(numa, farNode)) {
            MemorySegment hot = arena.allocate(mib << 20, 4096);
            hot.fill((byte) 1);
            System.out.println("before: " + arena.where(hot));
            double before = numa.thread().runOnNode(workerNode, () -> nanosPerPass(hot, passes));
            MoveReport moved = arena.move(hot, workerNode);
            System.out.printf("moved %d pages, %d already there, %d failed%s in %.1f ms%n", moved.moved(),
                    moved.already(), moved.failed(), moved.failed() == 0 ? "" : " " + moved.outcomeMap(),
                    moved.elapsedNanos() / 1e6);
            System.out.println("after:  " + arena.where(hot));
            double after = numa.thread().runOnNode(workerNode, () -> nanosPerPass(hot, passes));
            System.out.printf("sum of %d MiB: %.2f ms per pass before, %.2f ms after (%.2fx)%n", mib, before / 1e6,
                    after / 1e6, before / after);
        }
    }

    /** Compiles the sum loop on a small segment first, so both measurements time compiled code. */
    private static void warmUp() {
        try (java.lang.foreign.Arena warm = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment small = warm.allocate(256 * 1024);
            for (int i = 0; i < 2000; i++) {
                sum(small);
            }
        }
    }

    /** The node with the largest distance from {@code node} among nodes with memory (itself when alone). */
    static int farthestFrom(Numa numa, int node) {
        int far = node;
        int worst = -1;
        for (int n : numa.topology().withMemory().toArray()) {
            int d = numa.topology().distance(node, n);
            if (d > worst) {
                worst = d;
                far = n;
            }
        }
        return far;
    }

    /**
     * The median time of {@code passes} sums of the segment, after untimed passes that get the sum
     * loop compiled (otherwise the first measurement times the interpreter, not the memory).
     */
    static double nanosPerPass(MemorySegment s, int passes) {
        long sink = 0;
        for (int i = 0; i < 3; i++) {
            sink += sum(s);
        }
        long[] times = new long[Math.max(1, passes)];
        for (int p = 0; p < times.length; p++) {
            long start = System.nanoTime();
            sink += sum(s);
            times[p] = System.nanoTime() - start;
        }
        if (sink == 42) {
            System.out.println(); // keeps the sums from being optimised away
        }
        java.util.Arrays.sort(times);
        return times[times.length / 2];
    }

    private static long sum(MemorySegment s) {
        long total = 0;
        long n = s.byteSize() / Long.BYTES;
        for (long i = 0; i < n; i++) {
            total += s.getAtIndex(ValueLayout.JAVA_LONG, i);
        }
        return total;
    }
}
