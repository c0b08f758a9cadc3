package org.panuma.spi.memory;

import java.nio.ByteBuffer;
import org.panuma.spi.NumaSyscalls;

/**
 * Raw memory of this process: anonymous mappings and direct buffers over them. The backends
 * implement it beside {@link NumaSyscalls}, but this package is not exported from the module: an
 * application that was denied native access must not reach arbitrary memory through panuma's
 * grant, so only panuma itself (NodeMemory, the demo's target) maps and views memory. A backend
 * views only what it mapped itself, and refuses to unmap anything else.
 */
public interface MappedMemory {

    /** An anonymous, private, read-write mapping of {@code length} bytes; pages not yet touched. */
    long mmap(long length);

    /**
     * Unmaps a whole mapping that {@link #mmap(long)} made.
     *
     * @throws IllegalArgumentException when {@code [address, address + length)} is not exactly one
     *                                  live mapping of this backend (the sim backend: SyscallException EINVAL)
     */
    void munmap(long address, long length);

    /**
     * A direct buffer over {@code [address, address + length)}, which must lie inside one live
     * mapping of this backend. Where the JDK allows (the FFM backend), the buffer is a view of a
     * memory segment that {@link #munmap} closes first: using it afterwards throws
     * IllegalStateException instead of touching unmapped memory.
     *
     * @throws IllegalArgumentException for any other range (the sim backend: SyscallException EFAULT)
     */
    ByteBuffer buffer(long address, int length);

    /** The memory side of a backend; every backend panuma ships has one. */
    static MappedMemory of(NumaSyscalls sys) {
        if (sys instanceof MappedMemory m) {
            return m;
        }
        throw new UnsupportedOperationException("the backend " + sys.name() + " (" + sys.getClass().getName()
                + ") cannot map memory: it does not implement org.panuma.spi.memory.MappedMemory");
    }
}
