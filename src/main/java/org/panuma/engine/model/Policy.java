package org.panuma.engine.model;

import java.util.Objects;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/**
 * A struct mempolicy (include/linux/mempolicy.h) as mpol_new and mpol_set_nodemask leave it:
 * the mode, the optional mode flags, {@code nodes} (pol-&gt;nodes: the user's nodes within the
 * cpuset's nodes with memory; one node for MPOL_PREFERRED) and {@code userNodes}
 * (pol-&gt;w.user_nodemask, what get_mempolicy reports under MPOL_F_STATIC_NODES or
 * MPOL_F_RELATIVE_NODES). A task or VMA without a policy holds null, as the kernel holds NULL.
 */
public record Policy(int mode, int flags, NodeSet nodes, NodeSet userNodes) {
    /** MPOL_WEIGHTED_INTERLEAVE (6.9), the mode after MPOL_PREFERRED_MANY in linux/mempolicy.h. */
    public static final int MPOL_WEIGHTED_INTERLEAVE = Mpol.MPOL_PREFERRED_MANY + 1;

    /** default_policy: the system default, local allocation (mempolicy.c). */
    public static final Policy DEFAULT = new Policy(Mpol.MPOL_LOCAL, 0, NodeSet.empty(), NodeSet.empty());

    public Policy {
        Objects.requireNonNull(nodes);
        Objects.requireNonNull(userNodes);
    }

    /** mpol_store_user_nodemask: the policy remembers the nodes the user gave. */
    public boolean storesUserNodes() {
        return (flags & Mpol.MPOL_MODE_FLAGS) != 0;
    }

    public boolean interleaves() {
        return mode == Mpol.MPOL_INTERLEAVE || mode == MPOL_WEIGHTED_INTERLEAVE;
    }
}
