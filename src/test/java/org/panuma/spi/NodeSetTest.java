package org.panuma.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NodeSetTest {

    @Test
    void kernelMask_setsBitIOfWordIOver64() {
        long[] mask = NodeSet.of(0, 3, 64, 130).toMask(3);
        assertArrayEquals(new long[] {0b1001L, 1L, 1L << 2}, mask);
        assertEquals(NodeSet.of(0, 3, 64, 130), NodeSet.fromMask(mask));
    }

    @Test
    void toString_isTheKernelListSyntax() {
        assertEquals("0-3,8,10-11", NodeSet.of(0, 1, 2, 3, 8, 10, 11).toString());
        assertEquals("", NodeSet.empty().toString());
    }

    @Test
    void maskTooSmall_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> NodeSet.of(64).toMask(1));
    }

    @Test
    void kernelMasks_haveASpareZeroWordAndRejectNodesBeyond1023() {
        assertEquals(17, NodeMasks.toKernel(NodeSet.of(1)).length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NodeMasks.toKernel(NodeSet.of(1024)));
        assertEquals("node 1024 is beyond the largest node id 1023 a kernel can have", e.getMessage());
    }

    @Test
    void negativeIds_areRejected() {
        assertThrows(IllegalArgumentException.class, () -> NodeSet.of(-1));
    }

    @Test
    void setAlgebra() {
        NodeSet a = NodeSet.of(0, 1, 2);
        NodeSet b = NodeSet.of(2, 3);
        assertEquals(NodeSet.of(0, 1, 2, 3), a.union(b));
        assertEquals(NodeSet.of(2), a.intersect(b));
        assertEquals(NodeSet.of(0, 1), a.minus(b));
    }
}
