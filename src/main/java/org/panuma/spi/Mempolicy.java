package org.panuma.spi;

import java.util.Objects;

/**
 * What get_mempolicy(2) wrote: the mode (with its optional mode flags) and the node mask.
 * With {@code MPOL_F_NODE} the kernel writes a node id into the mode word instead; see
 * {@link #nodeOrMode()}.
 */
public record Mempolicy(int modeWord, NodeSet nodes) {
    public Mempolicy {
        Objects.requireNonNull(nodes);
    }

    /** The mode without optional flags, e.g. {@link Mpol#MPOL_BIND}. */
    public int mode() {
        return modeWord & ~Mpol.MPOL_MODE_FLAGS;
    }

    /** The optional mode flags (MPOL_F_STATIC_NODES, ...). */
    public int modeFlags() {
        return modeWord & Mpol.MPOL_MODE_FLAGS;
    }

    /** The raw mode word: a node id when MPOL_F_NODE was passed. */
    public int nodeOrMode() {
        return modeWord;
    }

    @Override
    public String toString() {
        return Mpol.modeName(modeWord) + (nodes.isEmpty() ? "" : " nodes " + nodes);
    }
}
