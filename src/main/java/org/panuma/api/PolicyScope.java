package org.panuma.api;

import org.panuma.spi.Mempolicy;
import org.panuma.spi.NumaSyscalls;

/**
 * A memory policy set on the calling thread until {@link #close()}, which restores the policy the
 * thread had before — exactly, mode flags included. Scopes nest; close them in reverse order
 * (try-with-resources does). Close on the thread that opened the scope.
 *
 * <pre>{@code
 * try (PolicyScope scope = numa.thread().usePolicy(MemoryPolicy.bind(1))) {
 *     ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);   // faulted in on node 1
 *     buf.put(0, (byte) 1);
 * }                                                          // previous policy back
 * }</pre>
 */
public final class PolicyScope implements AutoCloseable {
    private final NumaSyscalls sys;
    private final Mempolicy previous;
    private final MemoryPolicy policy;
    private final Thread owner = Thread.currentThread();
    private boolean closed;

    PolicyScope(NumaSyscalls sys, NodeCheck nodes, MemoryPolicy policy) {
        ThreadCheck.requirePlatformThread("a memory policy scope");
        nodes.threadPolicy(policy);
        this.sys = sys;
        this.policy = policy;
        this.previous = sys.getMempolicy(0, 0);
        nodes.applying(policy, () -> sys.setMempolicy(policy.modeWord(), policy.nodes()));
    }

    /** The policy in force inside this scope. <pre>{@code scope.policy()}</pre> */
    public MemoryPolicy policy() {
        return policy;
    }

    /** The policy that close restores. <pre>{@code scope.previous()}</pre> */
    public MemoryPolicy previous() {
        return MemoryPolicy.fromKernel(previous);
    }

    /**
     * Restores the previous policy; idempotent. <pre>{@code scope.close();}</pre>
     *
     * @throws IllegalStateException on another thread than the one that opened the scope (its
     *                               policy is not this thread's to change)
     */
    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a policy scope must be closed by the thread that opened it ("
                    + owner.getName() + "), not by " + Thread.currentThread().getName());
        }
        if (closed) {
            return;
        }
        closed = true;
        sys.setMempolicy(previous.modeWord(), previous.nodes());
    }
}
