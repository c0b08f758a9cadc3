package org.panuma.spi;

import java.util.BitSet;

/** An immutable set of NUMA node ids ({@code nodemask_t}). */
public final class NodeSet extends IdSet {
    private static final NodeSet EMPTY = new NodeSet(new BitSet());

    private NodeSet(BitSet bits) {
        super(bits);
    }

    public static NodeSet of(int... nodes) {
        return new NodeSet(bitsOf(nodes));
    }

    public static NodeSet empty() {
        return EMPTY;
    }

    public static NodeSet fromMask(long[] words) {
        return new NodeSet(bitsOfMask(words));
    }

    public static NodeSet fromBits(BitSet bits) {
        return new NodeSet(bits);
    }

    public NodeSet union(NodeSet other) {
        BitSet b = bits();
        b.or(other.bits());
        return new NodeSet(b);
    }

    public NodeSet intersect(NodeSet other) {
        BitSet b = bits();
        b.and(other.bits());
        return new NodeSet(b);
    }

    public NodeSet minus(NodeSet other) {
        BitSet b = bits();
        b.andNot(other.bits());
        return new NodeSet(b);
    }
}
