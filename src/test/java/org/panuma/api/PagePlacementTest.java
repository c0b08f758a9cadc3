package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.panuma.spi.Errno;

class PagePlacementTest {
    private final PagePlacement where = new PagePlacement(0x20000, 4096,
            new int[] {1, 1, 0, -Errno.ENOENT.number(), 1, -Errno.EFAULT.number()});

    @Test
    void countsPagesPerNodeAndPerReason() {
        assertEquals(Map.of(0, 1L, 1, 3L), where.pagesByNode());
        assertEquals(Map.of(Errno.ENOENT, 1L, Errno.EFAULT, 1L), where.pagesByFailure());
        assertEquals(1, where.dominantNode().getAsInt());
        assertFalse(where.allOn(1));
        assertEquals("6 pages, node 0: 1, node 1: 3, ENOENT: 1, EFAULT: 1", where.toString());
    }

    @Test
    void perPage_nodeReasonAndAddress() {
        assertEquals(0, where.node(2));
        assertNull(where.failure(2));
        assertEquals(-1, where.node(3));
        assertEquals(Errno.ENOENT, where.failure(3));
        assertEquals(0x20000 + 5 * 4096, where.address(5));
        assertThrows(IndexOutOfBoundsException.class, () -> where.node(6));
    }
}
