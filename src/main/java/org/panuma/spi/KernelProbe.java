package org.panuma.spi;

/**
 * Asks the kernel once whether a backend's system calls get through: get_mempolicy with
 * MPOL_F_MEMS_ALLOWED, which changes nothing and needs no privilege, answers on every NUMA
 * kernel. A seccomp filter (containers' default profiles often have one) that blocks the NUMA
 * calls makes it fail with EPERM; a kernel built without NUMA with ENOSYS. Either way the backend
 * is reported unavailable with the reason, instead of failing at the first real call.
 */
public final class KernelProbe {
    private KernelProbe() {
    }

    public static Availability probe(NumaSyscalls sys) {
        try {
            sys.getMempolicy(0, Mpol.MPOL_F_MEMS_ALLOWED);
            return Availability.ok();
        } catch (SyscallException e) {
            return Availability.unavailable(e.errnoName() + reason(e.errno()) + ": " + e.getMessage());
        }
    }

    private static String reason(Errno e) {
        if (e == Errno.EPERM) {
            return " (seccomp?): a seccomp filter blocks the NUMA system calls; allow get_mempolicy,"
                    + " set_mempolicy, mbind, move_pages and migrate_pages (e.g. docker --security-opt"
                    + " seccomp=PROFILE)";
        }
        if (e == Errno.ENOSYS) {
            return " (a kernel built without CONFIG_NUMA?)";
        }
        return "";
    }
}
