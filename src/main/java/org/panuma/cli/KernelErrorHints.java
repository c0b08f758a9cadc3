package org.panuma.cli;

import org.panuma.spi.SyscallException;

/** One line on what a whole-call errno means for panuma's calls, and what to do about it. */
final class KernelErrorHints {
    private KernelErrorHints() {
    }

    static String hint(SyscallException e) {
        switch (e.errno()) {
            case EPERM:
                return "\n  The target belongs to another user, or MOVE_ALL needs CAP_SYS_NICE: run as the"
                        + " target's user, or as root (sudo), or drop --move-all.";
            case ESRCH:
                return "\n  No process has that pid (it may have exited).";
            case ENODEV:
                return "\n  That node does not exist or has no memory: `panuma nodes` lists the nodes.";
            case EACCES:
                return "\n  That node is outside the target's cpuset (cpuset.mems).";
            case EINVAL:
                return "\n  The kernel rejected the arguments (bad flags, or no allowed node among those given).";
            case ENOSYS:
                return "\n  This kernel was built without NUMA (CONFIG_NUMA): use --backend sim to simulate.";
            default:
                return "";
        }
    }
}
