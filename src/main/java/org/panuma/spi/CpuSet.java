package org.panuma.spi;

import java.util.BitSet;

/** An immutable set of CPU ids ({@code cpu_set_t}). */
public final class CpuSet extends IdSet {
    private CpuSet(BitSet bits) {
        super(bits);
    }

    public static CpuSet of(int... cpus) {
        return new CpuSet(bitsOf(cpus));
    }

    public static CpuSet fromMask(long[] words) {
        return new CpuSet(bitsOfMask(words));
    }

    public static CpuSet fromBits(BitSet bits) {
        return new CpuSet(bits);
    }
}
