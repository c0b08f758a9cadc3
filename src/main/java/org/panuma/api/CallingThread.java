package org.panuma.api;

import java.util.Objects;
import java.util.concurrent.Callable;
import org.panuma.spi.CpuAndNode;
import org.panuma.spi.CpuSet;
import org.panuma.spi.Mempolicy;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;
import org.panuma.spi.NumaSyscalls;

/**
 * The thread that calls: where it runs, its memory policy, and scoped placement on a node. Every
 * method acts on the thread calling it (memory policy and affinity are per OS thread), so one
 * instance can be shared.
 *
 * <pre>{@code
 * CpuAndNode here = numa.thread().cpuAndNode();
 * long sum = numa.thread().runOnNode(1, () -> sumOf(segment));   // CPUs and memory of node 1
 * }</pre>
 */
public final class CallingThread {
    private final NumaSyscalls sys;
    private final NodeCheck nodes;

    CallingThread(NumaSyscalls sys, NodeCheck nodes) {
        this.sys = sys;
        this.nodes = nodes;
    }

    /** The CPU this thread runs on now, and its node (getcpu). <pre>{@code int node = numa.thread().cpuAndNode().node();}</pre> */
    public CpuAndNode cpuAndNode() {
        return sys.getcpu();
    }

    /** The CPUs this thread may run on (sched_getaffinity). <pre>{@code CpuSet cpus = numa.thread().affinity();}</pre> */
    public CpuSet affinity() {
        return sys.schedGetaffinity(0);
    }

    /** This thread's memory policy (get_mempolicy). <pre>{@code MemoryPolicy p = numa.thread().policy();}</pre> */
    public MemoryPolicy policy() {
        return MemoryPolicy.fromKernel(sys.getMempolicy(0, 0));
    }

    /** This thread's policy as the kernel states it (mode, nodes and mode flags as numbers), for a report. */
    public Mempolicy kernelPolicy() {
        return sys.getMempolicy(0, 0);
    }

    /** The nodes this thread may allocate on (get_mempolicy with MPOL_F_MEMS_ALLOWED: its cpuset's mems). */
    public NodeSet allowedNodes() {
        return sys.getMempolicy(0, Mpol.MPOL_F_MEMS_ALLOWED).nodes();
    }

    /**
     * Sets this thread's memory policy until the scope closes. <pre>{@code try (var s = numa.thread().usePolicy(MemoryPolicy.interleave(0, 1))) { ... }}</pre>
     *
     * @throws IllegalArgumentException when the policy names a node without memory
     * @throws IllegalStateException    on a virtual thread
     */
    public PolicyScope usePolicy(MemoryPolicy policy) {
        return new PolicyScope(sys, nodes, Objects.requireNonNull(policy, "policy"));
    }

    /**
     * Pins this thread to a node's CPUs with MPOL_PREFERRED for the node, until closed.
     * <pre>{@code try (NodePinning p = numa.thread().pinToNode(0)) { ... }}</pre>
     *
     * @throws IllegalArgumentException when the node does not exist, has no CPUs or no memory
     */
    public NodePinning pinToNode(int node) {
        nodes.memoryNode(node);
        return new NodePinning(sys, nodes, node, MemoryPolicy.preferred(node));
    }

    /** Pins this thread to a node's CPUs with the given memory policy, until closed. <pre>{@code numa.thread().pinToNode(1, MemoryPolicy.bind(1))}</pre> */
    public NodePinning pinToNode(int node, MemoryPolicy policy) {
        return new NodePinning(sys, nodes, node, Objects.requireNonNull(policy, "policy"));
    }

    /**
     * Runs {@code task} on this thread, pinned to the node, and restores affinity and policy after,
     * also when the task throws. <pre>{@code int n = numa.thread().runOnNode(1, () -> compute());}</pre>
     */
    public <T> T runOnNode(int node, Callable<T> task) throws Exception {
        Objects.requireNonNull(task, "task");
        try (NodePinning pinned = pinToNode(node)) {
            return task.call();
        }
    }

    /** Runs {@code task} pinned to the node; see {@link #runOnNode(int, Callable)}. <pre>{@code numa.thread().runOnNode(0, () -> work());}</pre> */
    public void runOnNode(int node, Runnable task) {
        Objects.requireNonNull(task, "task");
        try (NodePinning pinned = pinToNode(node)) {
            task.run();
        }
    }
}
