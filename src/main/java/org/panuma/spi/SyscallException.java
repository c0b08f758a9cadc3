package org.panuma.spi;

import java.util.Objects;

/**
 * A whole system call failed (it returned -1). Per-page outcomes are never exceptions; they are
 * data in the status array.
 *
 * <p>The message reads like {@code move_pages(pid=42, count=512) failed: ESRCH (No such process)}.
 */
public final class SyscallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String syscall;
    private final String arguments;
    private final Errno errno;

    /**
     * @param syscall   the kernel's name of the call, e.g. "move_pages"
     * @param arguments the arguments that identify the call, e.g. "pid=42, count=512"
     * @param errno     the errno the call set
     */
    public SyscallException(String syscall, String arguments, Errno errno) {
        this(syscall, arguments, errno, null);
    }

    private SyscallException(String syscall, String arguments, Errno errno, String hint) {
        super(syscall + "(" + arguments + ") failed: " + errno.describe() + (hint == null ? "" : ": " + hint));
        this.syscall = Objects.requireNonNull(syscall);
        this.arguments = Objects.requireNonNull(arguments);
        this.errno = Objects.requireNonNull(errno);
    }

    /** Builds the exception from a raw errno number; unknown numbers become EINVAL-free text. */
    public static SyscallException of(String syscall, String arguments, int errnoNumber) {
        Errno e = Errno.ofOrNull(errnoNumber);
        if (e == null) {
            throw new IllegalStateException(syscall + "(" + arguments + ") failed with errno "
                    + errnoNumber + ", which panuma does not know");
        }
        return new SyscallException(syscall, arguments, e);
    }

    /**
     * The same failure with what it means appended, e.g. {@code set_mempolicy(...) failed: EINVAL
     * (Invalid argument): MPOL_WEIGHTED_INTERLEAVE needs Linux 6.9 or later; this kernel is 6.1.0-27-amd64}.
     */
    public SyscallException withHint(String hint) {
        SyscallException e = new SyscallException(syscall, arguments, errno, Objects.requireNonNull(hint));
        e.initCause(this);
        return e;
    }

    public String syscall() {
        return syscall;
    }

    public String arguments() {
        return arguments;
    }

    public Errno errno() {
        return errno;
    }
}
