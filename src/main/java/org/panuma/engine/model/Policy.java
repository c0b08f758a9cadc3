package org.panuma.engine.model;

import java.util.Objects;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/**
 * A struct mempolicy (include/linux/mempolicy.h) as mpol_new and mpol_set_nodemask leave it:
 * the mode, the optional mode flags, {@code nodes} (pol-&gt;nodes: the user's nodes within the
 * cpuset's nodes with memory; one node for MPOL_PREFERRED), {@code userNodes}
 * (pol-&gt;w.user_nodemask, what get_mempolicy reports under MPOL_F_STATIC_NODES or
 * MPOL_F_RELATIVE_NODES) and {@code homeNode} (pol-&gt;home_node of set_mempolicy_home_node, 5.17;
 * {@link #NO_NODE} when unset). A task or VMA without a policy holds null, as the kernel holds NULL.
 */
public record Policy(int mode, int flags, NodeSet nodes, NodeSet userNodes, int homeNode) {
    /** NUMA_NO_NODE. */
    public static final int NO_NODE = -1;

    /** default_policy: the system default, local allocation (mempolicy.c). */
    public static final Policy DEFAULT = new Policy(Mpol.MPOL_LOCAL, 0, NodeSet.empty(), NodeSet.empty(), NO_NODE);

    public Policy {
        Objects.requireNonNull(nodes);
        Objects.requireNonNull(userNodes);
    }

    /** mpol_store_user_nodemask: the policy remembers the nodes the user gave. */
    public boolean storesUserNodes() {
        return (flags & Mpol.MPOL_MODE_FLAGS) != 0;
    }

    public boolean interleaves() {
        return mode == Mpol.MPOL_INTERLEAVE || mode == Mpol.MPOL_WEIGHTED_INTERLEAVE;
    }

    /** The same policy with {@code node} as its home node. */
    public Policy withHomeNode(int node) {
        return new Policy(mode, flags, nodes, userNodes, node);
    }
}
