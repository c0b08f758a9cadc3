package org.panuma.spi;

/**
 * The memory-policy constants of {@code <linux/mempolicy.h>} (uapi), for the Java 17 code.
 *
 * <p>The FFM backend reads the same values from the generated bindings in native-bindings/;
 * {@code ConstantsMatchHeadersIT} checks that this class, the bindings and the system header agree.
 */
public final class Mpol {
    private Mpol() {
    }

    // Modes: the anonymous enum in linux/mempolicy.h.
    public static final int MPOL_DEFAULT = 0;
    public static final int MPOL_PREFERRED = 1;
    public static final int MPOL_BIND = 2;
    public static final int MPOL_INTERLEAVE = 3;
    public static final int MPOL_LOCAL = 4;
    /** Kernel 5.15: prefer the nearest of several nodes, fall back within them first. */
    public static final int MPOL_PREFERRED_MANY = 5;
    /**
     * Kernel 6.9: interleave by the weights of /sys/kernel/mm/mempolicy/weighted_interleave/nodeN.
     * Missing from uapi headers older than 6.9; native-bindings/numa.h supplies it there.
     */
    public static final int MPOL_WEIGHTED_INTERLEAVE = 6;

    // Optional mode flags, or'ed into the mode.
    public static final int MPOL_F_STATIC_NODES = 1 << 15;
    public static final int MPOL_F_RELATIVE_NODES = 1 << 14;
    public static final int MPOL_F_NUMA_BALANCING = 1 << 13;
    public static final int MPOL_MODE_FLAGS = MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES | MPOL_F_NUMA_BALANCING;

    // get_mempolicy flags.
    public static final int MPOL_F_NODE = 1 << 0;
    public static final int MPOL_F_ADDR = 1 << 1;
    public static final int MPOL_F_MEMS_ALLOWED = 1 << 2;

    // mbind / move_pages flags.
    public static final int MPOL_MF_STRICT = 1 << 0;
    public static final int MPOL_MF_MOVE = 1 << 1;
    public static final int MPOL_MF_MOVE_ALL = 1 << 2;

    /** The name of a mode (flags stripped), e.g. "MPOL_BIND". */
    public static String modeName(int mode) {
        switch (mode & ~MPOL_MODE_FLAGS) {
            case MPOL_DEFAULT: return "MPOL_DEFAULT";
            case MPOL_PREFERRED: return "MPOL_PREFERRED";
            case MPOL_BIND: return "MPOL_BIND";
            case MPOL_INTERLEAVE: return "MPOL_INTERLEAVE";
            case MPOL_LOCAL: return "MPOL_LOCAL";
            case MPOL_PREFERRED_MANY: return "MPOL_PREFERRED_MANY";
            case MPOL_WEIGHTED_INTERLEAVE: return "MPOL_WEIGHTED_INTERLEAVE";
            default: return "mode " + (mode & ~MPOL_MODE_FLAGS);
        }
    }
}
