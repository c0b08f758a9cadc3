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
 * @param homeNode  for a range's BIND or PREFERRED_MANY policy, the node to allocate from first
 *                  (set_mempolicy_home_node, Linux 5.17; see {@link #withHomeNode(int)}), or -1
 */
public record MemoryPolicy(Mode mode, NodeSet nodes, int modeFlags, int homeNode) {

    /** The node value of "no home node" (the kernel's NUMA_NO_NODE). */
    public static final int NO_HOME_NODE = -1;

    /** A policy without a home node. <pre>{@code new MemoryPolicy(Mode.BIND, NodeSet.of(1), 0)}</pre> */
    public MemoryPolicy(Mode mode, NodeSet nodes, int modeFlags) {
        this(mode, nodes, modeFlags, NO_HOME_NODE);
    }

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
        /** Prefer any of several nodes, falling back outside them only when all are full (Linux 5.15+). */
        PREFERRED_MANY(Mpol.MPOL_PREFERRED_MANY),
        /**
         * Interleave weighted by {@code /sys/kernel/mm/mempolicy/weighted_interleave/nodeN}: a node of
         * weight 3 gets three pages for every one of a node of weight 1 (Linux 6.9+).
         */
        WEIGHTED_INTERLEAVE(Mpol.MPOL_WEIGHTED_INTERLEAVE);

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
        // With MPOL_F_STATIC_NODES or MPOL_F_RELATIVE_NODES the kernel keeps (and get_mempolicy reports)
        // the nodes as given, and prefers the first that is allowed: several are fine there.
        boolean userNodes = (modeFlags & (Mpol.MPOL_F_STATIC_NODES | Mpol.MPOL_F_RELATIVE_NODES)) != 0;
        if (mode == Mode.PREFERRED && nodes.size() > 1 && !userNodes) {
            throw new IllegalArgumentException("PREFERRED takes one node, got " + nodes + "; use PREFERRED_MANY");
        }
        if (homeNode != NO_HOME_NODE) {
            if (mode != Mode.BIND && mode != Mode.PREFERRED_MANY) {
                throw new IllegalArgumentException("a home node needs a BIND or PREFERRED_MANY policy (the kernel"
                        + " answers EOPNOTSUPP for others); this policy is " + mode);
            }
            if (homeNode < 0) {
                throw new IllegalArgumentException("home node " + homeNode + " is negative; nodes are numbered from 0");
            }
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

    /**
     * Interleave over these nodes in the ratio of their weights in
     * {@code /sys/kernel/mm/mempolicy/weighted_interleave/} (Linux 6.9+; {@code panuma nodes} shows them).
     * <pre>{@code MemoryPolicy.weightedInterleave(0, 2)}</pre>
     */
    public static MemoryPolicy weightedInterleave(int... nodes) {
        return new MemoryPolicy(Mode.WEIGHTED_INTERLEAVE, nodeSet(nodes), 0);
    }

    /**
     * This BIND or PREFERRED_MANY policy with a home node: a range bound to it allocates from
     * {@code node} first, then from the policy's nodes nearest to it (set_mempolicy_home_node,
     * Linux 5.17). Only ranges take a home node (mbind); a thread's policy cannot.
     * <pre>{@code numa.memory(MemoryPolicy.bind(0, 1).withHomeNode(1))}</pre>
     */
    public MemoryPolicy withHomeNode(int node) {
        return new MemoryPolicy(mode, nodes, modeFlags, node);
    }

    /** Whether {@link #withHomeNode(int)} gave this policy a home node. <pre>{@code policy.hasHomeNode()}</pre> */
    public boolean hasHomeNode() {
        return homeNode != NO_HOME_NODE;
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
        return mode + (nodes.isEmpty() ? "" : " " + nodes) + (modeFlags == 0 ? "" : " flags 0x" + Integer.toHexString(modeFlags))
                + (hasHomeNode() ? " home " + homeNode : "");
    }
}
