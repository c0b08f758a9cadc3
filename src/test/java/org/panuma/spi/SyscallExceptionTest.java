package org.panuma.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SyscallExceptionTest {

    @Test
    void message_namesTheCallItsArgumentsAndTheErrno() {
        SyscallException e = SyscallException.of("move_pages", "pid=42, count=512", 3);
        assertEquals("move_pages(pid=42, count=512) failed: ESRCH (No such process)", e.getMessage());
        assertEquals(Errno.ESRCH, e.errno());
        assertEquals("move_pages", e.syscall());
    }

    @Test
    void errnoLookup_ignoresTheSignOfPerPageStatuses() {
        assertEquals(Errno.EFAULT, Errno.of(-14));
        assertEquals(Errno.EBUSY, Errno.of(16));
    }

    @Test
    void unknownErrno_isNotSilentlyMapped() {
        assertThrows(IllegalArgumentException.class, () -> Errno.of(4095));
        assertThrows(IllegalStateException.class, () -> SyscallException.of("mbind", "", 4095));
    }
}
