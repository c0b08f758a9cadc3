package org.panuma.api;

import org.panuma.spi.Mpol;

/**
 * What mbind(2) does about pages that already exist when a range gets a new memory policy.
 *
 * <pre>{@code
 * numa.pages().bind(address, length, MemoryPolicy.bind(1), BindMode.MOVE_STRICT);
 * }</pre>
 */
public enum BindMode {
    /** Only pages faulted in from now on follow the policy; existing pages stay (flags 0). */
    FUTURE_PAGES(0),
    /** As FUTURE_PAGES, but fail with EIO when existing pages do not comply (MPOL_MF_STRICT). */
    VERIFY(Mpol.MPOL_MF_STRICT),
    /** Move existing pages to comply, as far as the kernel can (MPOL_MF_MOVE). */
    MOVE(Mpol.MPOL_MF_MOVE),
    /** Move existing pages, and fail with EIO when some could not be moved (MPOL_MF_MOVE | MPOL_MF_STRICT). */
    MOVE_STRICT(Mpol.MPOL_MF_MOVE | Mpol.MPOL_MF_STRICT),
    /**
     * As MOVE, and pages other processes map too (MPOL_MF_MOVE_ALL): MOVE leaves a page mapped by
     * another process (after a fork, a shared file) where it is. Needs CAP_SYS_NICE: without it the
     * kernel refuses the whole call with EPERM before it looks at a page.
     */
    MOVE_ALL(Mpol.MPOL_MF_MOVE_ALL),
    /** MOVE_ALL, and fail with EIO when some pages could not be moved (MPOL_MF_MOVE_ALL | MPOL_MF_STRICT). */
    MOVE_ALL_STRICT(Mpol.MPOL_MF_MOVE_ALL | Mpol.MPOL_MF_STRICT);

    private final int flags;

    BindMode(int flags) {
        this.flags = flags;
    }

    /** Whether this mode moves pages other processes map too, which needs CAP_SYS_NICE. <pre>{@code BindMode.MOVE_ALL.movesShared()}</pre> */
    public boolean movesShared() {
        return (flags & Mpol.MPOL_MF_MOVE_ALL) != 0;
    }

    /** The MPOL_MF_* flags of this mode. <pre>{@code BindMode.MOVE.flags()}</pre> */
    public int flags() {
        return flags;
    }
}
