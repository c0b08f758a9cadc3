package org.panuma.api;

import org.panuma.spi.NumaSyscalls;

/**
 * The three things the api does to a range of this process's pages — query, move, bind — once
 * the range has been checked and its memory is known to stay mapped for the call. Callers
 * ({@link Pages}, {@link NodeMemory}) own those checks.
 */
final class RangeOps {
    private final NumaSyscalls sys;
    private final NodeCheck nodes;

    RangeOps(NumaSyscalls sys, NodeCheck nodes) {
        this.sys = sys;
        this.nodes = nodes;
    }

    PagePlacement where(PageRange range) {
        int[] status = new Residency(sys).statuses(0, range.addresses());
        return new PagePlacement(range.start(), range.pageSize(), status);
    }

    MoveReport move(PageRange range, int node, MoveOptions options) {
        nodes.memoryNode(node);
        return new PageMover(sys).move(0, range.addresses(), node, options, MoveProgress.NONE);
    }

    /** mbind: the policy for future faults, and per {@code mode} for the pages already there. */
    void bind(PageRange range, MemoryPolicy policy, BindMode mode) {
        nodes.policy(policy);
        nodes.applying(policy, () -> sys.mbind(range.start(), range.bytes(), policy.modeWord(), policy.nodes(),
                mode.flags()));
        if (policy.hasHomeNode()) {
            try {
                sys.setMempolicyHomeNode(range.start(), range.bytes(), policy.homeNode(), 0);
            } catch (org.panuma.spi.SyscallException e) {
                throw PolicyFeature.HOME_NODE.explain(e, nodes.kernelRelease());
            }
        }
    }

    int pageSize() {
        return sys.pageSize();
    }

    NumaSyscalls sys() {
        return sys;
    }

    NodeCheck nodes() {
        return nodes;
    }
}
