package org.panuma.api;

import java.util.Objects;

/**
 * Where node-bound memory goes: a memory policy for mbind(2), and whether the kernel should be
 * strict about it ({@code MPOL_MF_STRICT}: a bind that finds pages elsewhere fails with EIO).
 *
 * <pre>{@code
 * Placement.onNode(1);              // MPOL_BIND to node 1
 * Placement.interleaved(0, 1);      // pages alternate between nodes 0 and 1
 * Placement.preferred(1).withStrict();  // node 1 if it has room
 * }</pre>
 *
 * @param policy the policy bound to the memory
 * @param strict whether mbind gets MPOL_MF_STRICT
 */
public record Placement(MemoryPolicy policy, boolean strict) {

    public Placement {
        Objects.requireNonNull(policy, "policy");
        if (policy.mode() == MemoryPolicy.Mode.DEFAULT) {
            // mbind with MPOL_DEFAULT removes a binding; as a placement it would mean "anywhere".
            throw new IllegalArgumentException("a placement needs a node policy (bind, interleave, preferred, local)");
        }
    }

    /** All pages on one node (MPOL_BIND). <pre>{@code Placement.onNode(0)}</pre> */
    public static Placement onNode(int node) {
        return new Placement(MemoryPolicy.bind(node), false);
    }

    /** Pages spread round robin over the nodes (MPOL_INTERLEAVE). <pre>{@code Placement.interleaved(0, 1)}</pre> */
    public static Placement interleaved(int... nodes) {
        return new Placement(MemoryPolicy.interleave(nodes), false);
    }

    /** Pages on the node when it has room, elsewhere otherwise (MPOL_PREFERRED). <pre>{@code Placement.preferred(1)}</pre> */
    public static Placement preferred(int node) {
        return new Placement(MemoryPolicy.preferred(node), false);
    }

    /** Any policy. <pre>{@code Placement.of(MemoryPolicy.bind(0, 1))}</pre> */
    public static Placement of(MemoryPolicy policy) {
        return new Placement(policy, false);
    }

    /** The same placement with MPOL_MF_STRICT. <pre>{@code Placement.onNode(1).withStrict()}</pre> */
    public Placement withStrict() {
        return new Placement(policy, true);
    }

    @Override
    public String toString() {
        return policy + (strict ? " strict" : "");
    }
}
