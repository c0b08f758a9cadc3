package org.panuma.api;

import org.panuma.spi.CpuSet;
import org.panuma.spi.Mempolicy;
import org.panuma.spi.NumaSyscalls;

/**
 * The calling thread placed on a node until {@link #close()}: its CPU affinity is the node's CPUs
 * and its memory policy the given one (by default MPOL_PREFERRED for the node, so allocations land
 * there while the node has room). Close restores both, even if restoring one of them fails.
 *
 * <pre>{@code
 * try (NodePinning pin = numa.thread().pinToNode(1)) {
 *     work();                                // runs on node 1's CPUs, allocates on node 1
 * }
 * }</pre>
 */
public final class NodePinning implements AutoCloseable {
    private final NumaSyscalls sys;
    private final int node;
    private final CpuSet previousCpus;
    private final Mempolicy previousPolicy;
    private final Thread owner = Thread.currentThread();
    private boolean closed;

    NodePinning(NumaSyscalls sys, NodeCheck nodes, int node, MemoryPolicy policy) {
        ThreadCheck.requirePlatformThread("pinning to a node");
        CpuSet cpus = nodes.cpusOf(node);
        nodes.threadPolicy(policy);
        this.sys = sys;
        this.node = node;
        this.previousCpus = sys.schedGetaffinity(0);
        this.previousPolicy = sys.getMempolicy(0, 0);
        sys.schedSetaffinity(0, cpus);
        try {
            nodes.applying(policy, () -> sys.setMempolicy(policy.modeWord(), policy.nodes()));
        } catch (RuntimeException e) {
            sys.schedSetaffinity(0, previousCpus);
            throw e;
        }
    }

    /** The node the thread is pinned to. <pre>{@code pin.node()}</pre> */
    public int node() {
        return node;
    }

    /** The CPUs the thread may run on again after close. <pre>{@code pin.previousCpus()}</pre> */
    public CpuSet previousCpus() {
        return previousCpus;
    }

    /**
     * Restores the thread's CPU affinity and memory policy; idempotent. <pre>{@code pin.close();}</pre>
     *
     * @throws IllegalStateException on another thread than the pinned one
     */
    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a node pinning must be closed by the pinned thread ("
                    + owner.getName() + "), not by " + Thread.currentThread().getName());
        }
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        try {
            sys.setMempolicy(previousPolicy.modeWord(), previousPolicy.nodes());
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            sys.schedSetaffinity(0, previousCpus);
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
