package org.panuma.api;

import java.nio.ByteBuffer;
import org.panuma.spi.NumaSyscalls;

/**
 * The address of a direct buffer's index 0, whatever its position. Backends read a buffer's
 * address differently (FFM's MemorySegment.ofBuffer starts at the position, JNA at index 0, the
 * sim backend knows only the buffers it handed out), so the buffer is passed as is when its
 * position is 0 and as a cleared duplicate otherwise.
 */
final class BufferAddress {
    private BufferAddress() {
    }

    static long ofIndexZero(NumaSyscalls sys, ByteBuffer buffer) {
        return sys.address(buffer.position() == 0 ? buffer : buffer.duplicate().clear());
    }
}
