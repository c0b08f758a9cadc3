package org.panuma.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.memory.MappedMemory;

/**
 * A native backend views and unmaps only the mappings it made: any other address (the JDK's own
 * direct memory, a range past a mapping's end, a mapping already unmapped) is refused with the
 * address named, and on FFM a buffer of an unmapped mapping throws instead of touching it.
 */
class MappedMemoryIT {
    private static final String BACKENDS = "org.panuma.backend.NativeBackends#names";

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void buffer_refusesMemoryThisBackendDidNotMap(String backend) {
        NumaSyscalls sys = NativeBackends.open(backend);
        MappedMemory memory = MappedMemory.of(sys);
        ByteBuffer jdks = ByteBuffer.allocateDirect(4096);
        long foreign = sys.address(jdks);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> memory.buffer(foreign, 8));
        assertTrue(e.getMessage().contains("0x" + Long.toHexString(foreign)), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> memory.buffer(Long.MAX_VALUE - 4, 8));
        assertThrows(IllegalArgumentException.class, () -> memory.munmap(foreign, 4096));
        assertEquals(0, jdks.get(0), "the JDK's buffer is still mapped and untouched");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void buffer_staysInsideItsMapping_andUnmapTakesTheWholeMappingOnce(String backend) {
        NumaSyscalls sys = NativeBackends.open(backend);
        MappedMemory memory = MappedMemory.of(sys);
        int page = sys.pageSize();
        long a = memory.mmap(2L * page);
        memory.buffer(a + page, page).put(0, (byte) 5);
        assertEquals(5, memory.buffer(a, 2 * page).get(page));
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
                () -> memory.buffer(a + page, page + 1));
        assertTrue(past.getMessage().contains("length=" + (page + 1)), past.getMessage());
        assertThrows(IllegalArgumentException.class, () -> memory.buffer(a, -1));
        assertThrows(IllegalArgumentException.class, () -> memory.munmap(a, page), "half a mapping");
        memory.munmap(a, 2L * page);
        assertThrows(IllegalArgumentException.class, () -> memory.munmap(a, 2L * page), "unmapped already");
        assertThrows(IllegalArgumentException.class, () -> memory.buffer(a, 8), "unmapped already");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void ffmBuffer_ofAnUnmappedMapping_throwsInsteadOfTouchingIt(String backend) {
        org.junit.jupiter.api.Assumptions.assumeTrue(backend.equals("ffm"),
                "JNA's plain direct buffers cannot be invalidated (README: What stays unchecked)");
        NumaSyscalls sys = NativeBackends.open(backend);
        MappedMemory memory = MappedMemory.of(sys);
        long a = memory.mmap(sys.pageSize());
        ByteBuffer b = memory.buffer(a, sys.pageSize());
        b.put(0, (byte) 1);
        memory.munmap(a, sys.pageSize());
        assertThrows(IllegalStateException.class, () -> b.get(0));
        assertThrows(IllegalStateException.class, () -> b.put(1, (byte) 2));
    }
}
