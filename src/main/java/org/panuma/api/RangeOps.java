package org.panuma.api;

import org.panuma.spi.Errno;
import org.panuma.spi.Mpol;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.SyscallException;

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
        try {
            nodes.applying(policy, () -> sys.mbind(range.start(), range.bytes(), policy.modeWord(), policy.nodes(),
                    mode.flags()));
        } catch (SyscallException e) {
            // do_mbind checks capable(CAP_SYS_NICE) for MPOL_MF_MOVE_ALL before anything else.
            if (mode.movesShared() && e.errno() == Errno.EPERM) {
                throw e.withHint(mode + " needs CAP_SYS_NICE (root, or the capability granted);"
                        + " BindMode.MOVE moves the pages only this process maps");
            }
            throw e;
        }
        if (policy.hasHomeNode()) {
            try {
                sys.setMempolicyHomeNode(range.start(), range.bytes(), policy.homeNode(), 0);
            } catch (org.panuma.spi.SyscallException e) {
                throw PolicyFeature.HOME_NODE.explain(e, nodes.kernelRelease());
            }
        }
    }

    /**
     * get_mempolicy(MPOL_F_ADDR): the policy of the mapping holding {@code address}, DEFAULT when
     * the mapping has none of its own (the kernel does not fall back to the thread's policy here).
     */
    MemoryPolicy policyAt(long address) {
        try {
            return MemoryPolicy.fromKernel(sys.getMempolicy(address, Mpol.MPOL_F_ADDR));
        } catch (SyscallException e) {
            throw e.errno() == Errno.EFAULT ? e.withHint("no mapping of this process holds 0x"
                    + Long.toHexString(address)) : e;
        }
    }

    /** get_mempolicy(MPOL_F_NODE | MPOL_F_ADDR): the node of the page at {@code address}, faulting it in if absent. */
    int nodeAt(long address) {
        try {
            return sys.getMempolicy(address, Mpol.MPOL_F_NODE | Mpol.MPOL_F_ADDR).nodeOrMode();
        } catch (SyscallException e) {
            throw e.errno() == Errno.EFAULT ? e.withHint("no mapping of this process holds 0x"
                    + Long.toHexString(address) + ", or its page cannot be faulted in") : e;
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
