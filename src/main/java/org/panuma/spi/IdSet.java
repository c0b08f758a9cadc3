package org.panuma.spi;

import java.util.Arrays;
import java.util.BitSet;
import java.util.stream.IntStream;

/**
 * An immutable set of small non-negative ids (NUMA nodes or CPUs) that converts to and from the
 * kernel's bitmask of unsigned longs ({@code nodemask_t}, {@code cpu_set_t}).
 */
public abstract class IdSet {
    private final BitSet bits;

    IdSet(BitSet bits) {
        this.bits = (BitSet) bits.clone();
    }

    static BitSet bitsOf(int... ids) {
        BitSet b = new BitSet();
        for (int id : ids) {
            if (id < 0) {
                throw new IllegalArgumentException("negative id " + id);
            }
            b.set(id);
        }
        return b;
    }

    static BitSet bitsOfMask(long[] words) {
        return BitSet.valueOf(words);
    }

    public boolean contains(int id) {
        return id >= 0 && bits.get(id);
    }

    public boolean isEmpty() {
        return bits.isEmpty();
    }

    public int size() {
        return bits.cardinality();
    }

    /** The highest id plus one, 0 when empty. */
    public int span() {
        return bits.length();
    }

    public int first() {
        return bits.nextSetBit(0);
    }

    public IntStream stream() {
        return bits.stream();
    }

    public int[] toArray() {
        return bits.stream().toArray();
    }

    /** The kernel's bitmask: {@code words} unsigned longs, bit i of word i/64 for id i. */
    public long[] toMask(int words) {
        if (span() > words * 64) {
            throw new IllegalArgumentException(this + " does not fit a mask of " + words * 64 + " bits");
        }
        return Arrays.copyOf(bits.toLongArray(), words);
    }

    BitSet bits() {
        return (BitSet) bits.clone();
    }

    /** The kernel's list syntax: "0-3,8,10-11"; empty is "". */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int i = bits.nextSetBit(0);
        while (i >= 0) {
            int end = bits.nextClearBit(i) - 1;
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(i);
            if (end > i) {
                sb.append('-').append(end);
            }
            i = bits.nextSetBit(end + 1);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((IdSet) o).bits.equals(bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }
}
