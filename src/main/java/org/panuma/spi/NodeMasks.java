package org.panuma.spi;

/**
 * How node masks cross into the kernel, shared by the native backends.
 *
 * <p>The kernel's {@code get_nodes()} reads {@code maxnode - 1} bits (numactl passes
 * {@code size + 1} for the same reason), refuses more than a page of bits, and checks that bits
 * beyond its MAX_NUMNODES are zero; get_mempolicy refuses a mask smaller than nr_node_ids. A
 * 1024-bit mask covers every distribution kernel's MAX_NUMNODES (CONFIG_NODES_SHIFT ≤ 10); one
 * extra zero word covers kernels that read {@code maxnode} bits rather than {@code maxnode - 1}.
 */
public final class NodeMasks {
    /** Bits in a node mask panuma hands to the kernel. */
    public static final int BITS = 1024;
    /** The maxnode argument for a mask of {@link #BITS} bits. */
    public static final long MAXNODE = BITS + 1;
    /** Words to allocate for such a mask, the spare zero word included. */
    public static final int WORDS = BITS / 64 + 1;

    /** Bytes of a cpu_set_t panuma passes to sched_{get,set}affinity (8192 CPUs). */
    public static final int CPU_SET_BYTES = 1024;

    private NodeMasks() {
    }

    public static long[] toKernel(NodeSet nodes) {
        if (nodes.span() > BITS) {
            throw new IllegalArgumentException("node " + (nodes.span() - 1) + " is beyond the largest node id "
                    + (BITS - 1) + " a kernel can have");
        }
        return nodes.toMask(WORDS);
    }
}
