package org.panuma.reliability;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.panuma.api.MemoryPolicy;
import org.panuma.api.NodeMemory;
import org.panuma.api.Numa;

/**
 * Misuses the library from many threads at once, in its own JVM (so a crash is seen as a crash):
 * NodeMemory closed while other threads allocate, query and move in it; sizes and lengths far
 * beyond any machine; threads allocating on every node at once. Every operation must return or
 * throw an exception; the counts are printed as "[misuse] ..." lines. Exit 0 when no unexpected
 * exception type was seen.
 *
 * <p>{@code java -cp ... org.panuma.reliability.MisuseStress ROUNDS THREADS}
 */
public final class MisuseStress {
    static final Map<String, AtomicLong> OUTCOMES = new ConcurrentHashMap<>();
    static final AtomicLong OPERATIONS = new AtomicLong();

    private MisuseStress() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        Numa numa = Numa.open();
        int[] nodes = numa.topology().withMemory().toArray();
        for (int round = 0; round < rounds; round++) {
            closeWhileInUse(numa, nodes, threads);
        }
        hugeCounts(numa, nodes[0]);
        allocateOnEveryNodeAtOnce(numa, nodes, threads);
        new TreeMap<>(OUTCOMES).forEach((k, v) -> System.out.println("[misuse] outcome " + k + " = " + v.get()));
        System.out.println("[misuse] operations = " + OPERATIONS.get() + ", rounds = " + rounds + ", threads = "
                + threads + ", nodes = " + nodes.length);
        boolean unexpected = OUTCOMES.keySet().stream().anyMatch(k -> k.startsWith("UNEXPECTED"));
        System.exit(unexpected ? 1 : 0);
    }

    /** Threads allocate, query and move in one NodeMemory while the main thread closes it. */
    static void closeWhileInUse(Numa numa, int[] nodes, int threads) throws InterruptedException {
        NodeMemory mem = numa.memory(MemoryPolicy.bind(nodes[0]));
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = new Thread(() -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                for (int i = 0; i < 200; i++) {
                    op(() -> {
                        ByteBuffer b = mem.allocateBuffer(1 + r.nextInt(64 * 1024));
                        mem.where(b);
                        mem.move(b, nodes[r.nextInt(nodes.length)]);
                        if (r.nextBoolean()) {
                            mem.free(b);
                        }
                    });
                }
            });
            ts[t].start();
        }
        Thread.sleep(ThreadLocalRandom.current().nextInt(1, 20));
        op(mem::close);
        for (Thread t : ts) {
            t.join();
        }
        op(mem::close); // twice: idempotent
    }

    static void hugeCounts(Numa numa, int node) {
        try (NodeMemory mem = numa.memory(MemoryPolicy.bind(node))) {
            op(() -> mem.allocate(Long.MAX_VALUE, 1));
            op(() -> mem.allocate(1L << 52, 1));
            op(() -> mem.allocate(4096, 1L << 62));
            op(() -> mem.allocate(-1, 1));
            op(() -> mem.where(0, Long.MAX_VALUE));
            op(() -> mem.where(-4096, 8192));
            op(() -> mem.allocateBuffer(Integer.MAX_VALUE));
            long a = mem.allocate(4096, 1);
            op(() -> mem.where(a, Long.MAX_VALUE - a + 1));
            op(() -> mem.move(a, Long.MAX_VALUE, node, org.panuma.api.MoveOptions.defaults()));
            op(() -> mem.move(a, 4096, Integer.MAX_VALUE, org.panuma.api.MoveOptions.defaults()));
            op(() -> mem.move(a, 4096, -1, org.panuma.api.MoveOptions.defaults()));
            op(() -> numa.memory(MemoryPolicy.bind(Integer.MAX_VALUE)));
            op(() -> numa.memory(MemoryPolicy.bind(4096)));
        }
    }

    static void allocateOnEveryNodeAtOnce(Numa numa, int[] nodes, int threads) throws InterruptedException {
        Thread[] ts = new Thread[threads * 2];
        for (int t = 0; t < ts.length; t++) {
            int node = nodes[t % nodes.length];
            ts[t] = new Thread(() -> {
                try (NodeMemory mem = numa.memory(MemoryPolicy.bind(node))) {
                    for (int i = 0; i < 100; i++) {
                        int size = 4096 * (1 + i % 8);
                        op(() -> {
                            ByteBuffer b = mem.allocateBuffer(size);
                            for (int off = 0; off < size; off += 4096) {
                                b.put(off, (byte) 1); // every page faults in, where the policy says
                            }
                            if (!mem.where(b).allOn(node)) {
                                throw new AssertionError("a page of memory bound to node " + node + " is elsewhere: "
                                        + mem.where(b));
                            }
                            mem.free(b);
                        });
                    }
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
    }

    interface Op {
        void run() throws Exception;
    }

    static void op(Op op) {
        OPERATIONS.incrementAndGet();
        String outcome;
        try {
            op.run();
            outcome = "returned";
        } catch (IllegalStateException | IllegalArgumentException | org.panuma.spi.SyscallException e) {
            outcome = e.getClass().getSimpleName();
        } catch (Throwable e) {
            outcome = "UNEXPECTED " + e;
            e.printStackTrace();
        }
        OUTCOMES.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
    }
}
