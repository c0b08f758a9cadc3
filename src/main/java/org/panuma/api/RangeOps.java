package org.panuma.api;

import org.panuma.spi.Mpol;
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
        MoveEvent event = MoveEvents.begin();
        MoveReport report = new PageMover(sys).move(0, range.addresses(), node, options, MoveProgress.NONE);
        MoveEvents.commit(event, report, range.pageSize(), sys.name());
        return report;
    }

    /** mbind: the policy for future faults, and with {@code movePages} for the pages already there too. */
    void bind(PageRange range, Placement placement, boolean movePages) {
        nodes.policy(placement.policy());
        int flags = (placement.strict() ? Mpol.MPOL_MF_STRICT : 0) | (movePages ? Mpol.MPOL_MF_MOVE : 0);
        sys.mbind(range.start(), range.bytes(), placement.policy().modeWord(), placement.policy().nodes(), flags);
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
