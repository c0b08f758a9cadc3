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
    MOVE_STRICT(Mpol.MPOL_MF_MOVE | Mpol.MPOL_MF_STRICT);

    private final int flags;

    BindMode(int flags) {
        this.flags = flags;
    }

    /** The MPOL_MF_* flags of this mode. <pre>{@code BindMode.MOVE.flags()}</pre> */
    public int flags() {
        return flags;
    }
}
