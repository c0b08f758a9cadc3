package org.panuma.spi;

/**
 * No process has that pid (any more): the kernel answered ESRCH, its /proc directory is gone, or
 * no process's command line matches a pattern. {@link #errno()} is always ESRCH.
 */
public final class NoSuchProcessException extends SyscallException {
    private static final long serialVersionUID = 1L;

    NoSuchProcessException(String syscall, String arguments, String message) {
        super(syscall, arguments, Errno.ESRCH.number(), message);
    }

    /**
     * A process not found by reading /proc (or by a pattern).
     *
     * @param message what was looked for and not found, e.g. "no process with pid 42"
     */
    public NoSuchProcessException(String message) {
        this("/proc", "", message);
    }
}
