package org.panuma.api;

import java.util.Objects;
import org.panuma.spi.Mempolicy;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/**
 * A Linux memory policy: a mode and the nodes it names, as set_mempolicy(2) and mbind(2) take it
 * and get_mempolicy(2) reports it.
 *
 * <pre>{@code
 * MemoryPolicy onNode1 = MemoryPolicy.bind(1);
 * MemoryPolicy spread  = MemoryPolicy.interleave(0, 1);
 * try (PolicyScope scope = numa.thread().usePolicy(spread)) {
 *     // allocations of this thread are interleaved over nodes 0 and 1
 * }
 * }</pre>
 *
 * @param mode      the policy's mode
 * @param nodes     the nodes it names (empty for {@link Mode#DEFAULT} and {@link Mode#LOCAL})
 * @param modeFlags optional mode flags ({@code MPOL_F_STATIC_NODES}, ...), kept so that a policy
 *                  read from the kernel can be restored exactly; 0 for the factories' policies
 */
public record MemoryPolicy(Mode mode, NodeSet nodes, int modeFlags) {

    /** The modes of {@code <linux/mempolicy.h>}. */
    public enum Mode {
        /** Fall back to the process policy, or allocate on the local node. */
        DEFAULT(Mpol.MPOL_DEFAULT),
        /** Prefer one node, fall back to others when it is full. */
        PREFERRED(Mpol.MPOL_PREFERRED),
        /** Only these nodes; allocation fails (or the OOM killer runs) when they are full. */
        BIND(Mpol.MPOL_BIND),
        /** Page by page round robin over the nodes. */
        INTERLEAVE(Mpol.MPOL_INTERLEAVE),
        /** The node of the CPU that faults the page in. */
        LOCAL(Mpol.MPOL_LOCAL),
        /** Prefer any of several nodes (Linux 5.15+). */
        PREFERRED_MANY(Mpol.MPOL_PREFERRED_MANY),
        /**
         * Interleave weighted by {@code /sys/kernel/mm/mempolicy/weighted_interleave} (Linux 6.9+;
         * MPOL_WEIGHTED_INTERLEAVE = 6 in linux/mempolicy.h, not yet in the spi's Mpol).
         */
        WEIGHTED_INTERLEAVE(6);

        private final int kernelValue;

        Mode(int kernelValue) {
            this.kernelValue = kernelValue;
        }

        /** The MPOL_* value of this mode. */
        public int kernelValue() {
            return kernelValue;
        }

        /** The mode with this MPOL_* value; IllegalArgumentException for a value panuma does not know. */
        public static Mode of(int kernelValue) {
            for (Mode m : values()) {
                if (m.kernelValue == kernelValue) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown memory policy mode " + kernelValue);
        }
    }

    /** Checks that the nodes fit the mode, as the kernel would (so misuse fails in Java, with a clear message). */
    public MemoryPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(nodes, "nodes");
        boolean needsNodes = mode != Mode.DEFAULT && mode != Mode.LOCAL && mode != Mode.PREFERRED;
        if (needsNodes && nodes.isEmpty()) {
            throw new IllegalArgumentException(mode + " needs at least one node");
        }
        if ((mode == Mode.DEFAULT || mode == Mode.LOCAL) && !nodes.isEmpty()) {
            throw new IllegalArgumentException(mode + " takes no nodes, got " + nodes);
        }
        if (mode == Mode.PREFERRED && nodes.size() > 1) {
            throw new IllegalArgumentException("PREFERRED takes one node, got " + nodes + "; use PREFERRED_MANY");
        }
    }

    /** The process's default: allocate where the thread runs. <pre>{@code MemoryPolicy.defaultPolicy()}</pre> */
    public static MemoryPolicy defaultPolicy() {
        return new MemoryPolicy(Mode.DEFAULT, NodeSet.empty(), 0);
    }

    /** Allocate on the node of the faulting CPU. <pre>{@code MemoryPolicy.local()}</pre> */
    public static MemoryPolicy local() {
        return new MemoryPolicy(Mode.LOCAL, NodeSet.empty(), 0);
    }

    /** Only on these nodes. <pre>{@code MemoryPolicy.bind(1)}</pre> */
    public static MemoryPolicy bind(int... nodes) {
        return new MemoryPolicy(Mode.BIND, nodeSet(nodes), 0);
    }

    /** Preferably on this node. <pre>{@code MemoryPolicy.preferred(1)}</pre> */
    public static MemoryPolicy preferred(int node) {
        return new MemoryPolicy(Mode.PREFERRED, nodeSet(node), 0);
    }

    /** Preferably on any of these nodes. <pre>{@code MemoryPolicy.preferredMany(0, 1)}</pre> */
    public static MemoryPolicy preferredMany(int... nodes) {
        return new MemoryPolicy(Mode.PREFERRED_MANY, nodeSet(nodes), 0);
    }

    /** Round robin over these nodes, page by page. <pre>{@code MemoryPolicy.interleave(0, 1)}</pre> */
    public static MemoryPolicy interleave(int... nodes) {
        return new MemoryPolicy(Mode.INTERLEAVE, nodeSet(nodes), 0);
    }

    /** What get_mempolicy wrote, as a policy. MPOL_PREFERRED with no node is the local policy. */
    static MemoryPolicy fromKernel(Mempolicy raw) {
        Mode mode = Mode.of(raw.mode());
        if (mode == Mode.PREFERRED && raw.nodes().isEmpty()) {
            mode = Mode.LOCAL;
        }
        NodeSet nodes = mode == Mode.DEFAULT || mode == Mode.LOCAL ? NodeSet.empty() : raw.nodes();
        return new MemoryPolicy(mode, nodes, raw.modeFlags());
    }

    /** The mode word for set_mempolicy and mbind: the mode with its optional flags. */
    int modeWord() {
        return mode.kernelValue | modeFlags;
    }

    private static NodeSet nodeSet(int... nodes) {
        for (int n : nodes) {
            if (n < 0) {
                throw new IllegalArgumentException("node " + n + " is negative; nodes are numbered from 0");
            }
        }
        return NodeSet.of(nodes);
    }

    @Override
    public String toString() {
        return mode + (nodes.isEmpty() ? "" : " " + nodes) + (modeFlags == 0 ? "" : " flags 0x" + Integer.toHexString(modeFlags));
    }
}
