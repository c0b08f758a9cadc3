package org.panuma.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.panuma.os.MemoryTieringReader;
import org.panuma.os.NumaBalancingReader;
import org.panuma.spi.Availability;
import org.panuma.spi.Backends;
import org.panuma.spi.MemoryTiering;
import org.panuma.spi.NumaBalancing;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.Topology;

/**
 * The entry point: a NUMA machine as one backend sees it.
 *
 * <pre>{@code
 * Numa numa = Numa.open();                 // FFM on Java 23+, JNA on 17-22
 * System.out.println(numa.topology().nodes());
 * }</pre>
 */
public final class Numa {
    private final NumaSyscalls sys;
    private volatile NodeCheck nodeCheck;

    private Numa(NumaSyscalls sys) {
        this.sys = Objects.requireNonNull(sys);
    }

    /** The backend chosen by {@code -Dpanuma.backend}, {@code PANUMA_BACKEND}, or auto. */
    public static Numa open() {
        return open(null);
    }

    /**
     * A named backend ("ffm", "jna", "sim", or "auto"); null means the configured one.
     *
     * @throws org.panuma.spi.BackendUnavailableException saying why, when it cannot run here
     */
    public static Numa open(String backend) {
        return new Numa(Backends.open(backend));
    }

    /**
     * Starts getting the configured backend ready for its first system call, on a daemon thread,
     * and returns at once. A short-lived program that is about to open a backend and make a call
     * soon after (the `where` command) gains the time the FFM backend needs to link its downcall,
     * tens of ms, by overlapping it with its other start-up work. Failures are left for
     * {@link #open} to report.
     */
    public static void prepareInBackground() {
        Backends.prepareInBackground();
    }

    /** The name that lets panuma choose the backend: FFM on Java 23+, JNA before, the first that can run. */
    public static final String AUTO = Backends.AUTO;

    /** The backends panuma has, by name ("ffm", "jna", "sim"), whether or not they can run here. */
    public static List<String> backendNames() {
        return Backends.names();
    }

    /** Each backend's availability here, with the reason when it cannot run (probed now). */
    public static Map<String, Availability> backendReport() {
        return Backends.report();
    }

    /** Wraps a backend instance (tests, custom backends). */
    public static Numa of(NumaSyscalls sys) {
        return new Numa(sys);
    }

    /** This machine's nodes, CPUs, memory and distances, read now. <pre>{@code numa.topology().withMemory()}</pre> */
    public Topology topology() {
        return sys.topology();
    }

    /** "ffm", "jna" or "sim". */
    public String backend() {
        return sys.name();
    }

    /** True when the sim backend (an engine, not a kernel) answers. <pre>{@code if (numa.simulated()) { ... }}</pre> */
    public boolean simulated() {
        return sys.simulated();
    }

    /**
     * Memory tiers, demotion and weighted-interleave weights, read now from sysfs; none on a
     * simulated machine (its nodes have no kernel behind them).
     */
    public MemoryTiering memoryTiering() {
        return simulated() ? MemoryTiering.NONE : MemoryTieringReader.readHost();
    }

    /**
     * Whether the kernel's automatic NUMA balancing is on, read now: when it is, the kernel may move
     * pages back after a move. Off on a simulated machine.
     */
    public NumaBalancing numaBalancing() {
        return simulated() ? NumaBalancing.OFF : NumaBalancingReader.read();
    }

    /** The base page size in bytes. <pre>{@code int page = numa.pageSize();}</pre> */
    public int pageSize() {
        return sys.pageSize();
    }

    /** The system calls underneath, for what this API does not cover. */
    public NumaSyscalls syscalls() {
        return sys;
    }

    /** Chunked page queries by address list, for any process. <pre>{@code numa.residency().count(pid, addresses)}</pre> */
    public Residency residency() {
        return new Residency(sys);
    }

    /** Batched moves with retries, for any process. <pre>{@code numa.mover().move(pid, addresses, 1, MoveOptions.defaults(), MoveProgress.NONE)}</pre> */
    public PageMover mover() {
        return new PageMover(sys);
    }

    /**
     * Off-heap memory placed by a memory policy (bound to a node, interleaved, preferred), freed on close.
     * <pre>{@code try (NodeMemory mem = numa.memory(MemoryPolicy.bind(0))) { ByteBuffer b = mem.allocateBuffer(4096); }}</pre>
     *
     * @throws IllegalArgumentException when the policy names a node without memory, or is DEFAULT
     */
    public NodeMemory memory(MemoryPolicy policy) {
        return new NodeMemory(rangeOps(), policy);
    }

    /** Placement queries, moves and binds of this JVM's own memory. <pre>{@code numa.pages().where(buffer)}</pre> */
    public Pages pages() {
        return new Pages(rangeOps());
    }

    /** The calling thread: its CPU and node, memory policy, pinning to a node. <pre>{@code numa.thread().cpuAndNode()}</pre> */
    public CallingThread thread() {
        return new CallingThread(sys, nodeCheck());
    }

    private RangeOps rangeOps() {
        return new RangeOps(sys, nodeCheck());
    }

    /** Node checks against one topology snapshot, read on first use (sysfs is not free). */
    NodeCheck nodeCheck() {
        NodeCheck c = nodeCheck;
        if (c == null) {
            c = new NodeCheck(sys.topology());
            nodeCheck = c;
        }
        return c;
    }
}
