package org.panuma.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.panuma.spi.NumaBalancing;

class NumaBalancingReaderTest {
    /** 0 is off; 1 (NUMA_BALANCING_NORMAL), 2 (MEMORY_TIERING) and 3 (both) are modes of on. */
    @Test
    void sysctlText_isOffOnOrUnknown() {
        assertEquals(NumaBalancing.OFF, NumaBalancingReader.parse("0\n"));
        assertEquals(NumaBalancing.ON, NumaBalancingReader.parse("1\n"));
        assertEquals(NumaBalancing.ON, NumaBalancingReader.parse("2"));
        assertEquals(NumaBalancing.ON, NumaBalancingReader.parse("3\n"));
        assertEquals(NumaBalancing.UNKNOWN, NumaBalancingReader.parse(""));
        assertEquals(NumaBalancing.UNKNOWN, NumaBalancingReader.parse("on"));
        assertEquals(NumaBalancing.UNKNOWN, NumaBalancingReader.parse("-1"));
    }
}
