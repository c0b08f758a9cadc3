package org.panuma.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
    void unknownErrno_isNotSilentlyMapped_andKeepsItsNumber() {
        assertThrows(IllegalArgumentException.class, () -> Errno.of(4095));
        SyscallException e = SyscallException.of("mbind", "len=4096", 4095);
        assertEquals(4095, e.errnoNumber());
        assertEquals(null, e.errno());
        assertEquals("errno 4095", e.errnoName());
        assertEquals("mbind(len=4096) failed: errno 4095", e.getMessage());
    }

    @Test
    void anErrnoBeyondPanumasOldList_hasItsKernelName() {
        // ENOTSUP's twin EOPNOTSUPP was known; EKEYREJECTED (129) was not before the whole table.
        SyscallException e = SyscallException.of("move_pages", "pid=1", 129);
        assertEquals(Errno.EKEYREJECTED, e.errno());
        assertEquals("move_pages(pid=1) failed: EKEYREJECTED (Key was rejected by service)", e.getMessage());
    }

    @Test
    void esrch_isAlwaysNoSuchProcess_whetherTheKernelOrProcSaysIt() {
        assertInstanceOf(NoSuchProcessException.class, SyscallException.of("move_pages", "pid=42", Errno.ESRCH));
        assertInstanceOf(NoSuchProcessException.class,
                SyscallException.of("move_pages", "pid=42", 3).withHint("it exited"));
        NoSuchProcessException proc = new NoSuchProcessException("no process with pid 42");
        assertEquals(Errno.ESRCH, proc.errno());
        assertEquals("no process with pid 42", proc.getMessage());
    }
}
