package org.panuma.api;

import org.panuma.spi.Errno;
import org.panuma.spi.KernelRelease;
import org.panuma.spi.SyscallException;

/**
 * The memory-policy features newer than the kernels panuma otherwise needs, with the release that
 * brought each, so that a kernel without one fails with its errno and the version that has it
 * (an older kernel answers EINVAL to a mode it does not know, mpol_new's {@code mode >= MPOL_MAX},
 * and ENOSYS to a system call it does not have).
 */
enum PolicyFeature {
    PREFERRED_MANY("MPOL_PREFERRED_MANY", 5, 15, Errno.EINVAL),
    HOME_NODE("set_mempolicy_home_node", 5, 17, Errno.ENOSYS),
    WEIGHTED_INTERLEAVE("MPOL_WEIGHTED_INTERLEAVE", 6, 9, Errno.EINVAL);

    private final String name;
    private final int major;
    private final int minor;
    private final Errno whenMissing;

    PolicyFeature(String name, int major, int minor, Errno whenMissing) {
        this.name = name;
        this.major = major;
        this.minor = minor;
        this.whenMissing = whenMissing;
    }

    /** The feature a policy's mode needs, or null for modes every supported kernel has. */
    static PolicyFeature of(MemoryPolicy.Mode mode) {
        switch (mode) {
            case PREFERRED_MANY: return PREFERRED_MANY;
            case WEIGHTED_INTERLEAVE: return WEIGHTED_INTERLEAVE;
            default: return null;
        }
    }

    /**
     * {@code e} with a hint naming the kernel version this feature needs, when the errno is the one
     * a kernel without the feature gives and the running kernel is older (or its release cannot be
     * read); {@code e} itself otherwise.
     */
    SyscallException explain(SyscallException e, String kernelRelease) {
        if (e.errno() != whenMissing) {
            return e;
        }
        KernelRelease release = parse(kernelRelease);
        if (release != null && release.atLeast(major, minor)) {
            return e;
        }
        return e.withHint(name + " needs Linux " + major + "." + minor + " or later"
                + (release == null ? "" : "; this kernel is " + kernelRelease));
    }

    /** Also reads the sim backend's "simulated v6.1" as release 6.1. */
    private static KernelRelease parse(String text) {
        try {
            return KernelRelease.parse(text.replaceFirst("^simulated v", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
