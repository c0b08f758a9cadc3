package org.panuma.spi;

import java.util.Objects;

/**
 * A whole system call failed (it returned -1). Per-page outcomes are never exceptions; they are
 * data in the status array. ESRCH is always the subtype {@link NoSuchProcessException}, which
 * also tells a process gone from /proc: one type to catch for "no such process".
 *
 * <p>The message reads like {@code move_pages(pid=42, count=512) failed: ESRCH (No such process)}.
 * An errno outside the kernel's table keeps its number: {@code failed: errno 600}.
 */
public sealed class SyscallException extends RuntimeException permits NoSuchProcessException {
    private static final long serialVersionUID = 1L;

    private final String syscall;
    private final String arguments;
    private final int errnoNumber;
    /** What the failure means, when someone who knows added it ({@link #withHint}); null otherwise. */
    private String hint;

    SyscallException(String syscall, String arguments, int errnoNumber, String message) {
        super(message);
        if (errnoNumber <= 0) {
            throw new IllegalArgumentException("errno " + errnoNumber + " is not positive");
        }
        this.syscall = Objects.requireNonNull(syscall);
        this.arguments = Objects.requireNonNull(arguments);
        this.errnoNumber = errnoNumber;
    }

    private static String message(String syscall, String arguments, int errnoNumber, String hint) {
        Errno e = Errno.ofOrNull(errnoNumber);
        return syscall + "(" + arguments + ") failed: " + (e == null ? Errno.name(errnoNumber) : e.describe())
                + (hint == null ? "" : ": " + hint);
    }

    /**
     * @param syscall   the kernel's name of the call, e.g. "move_pages"
     * @param arguments the arguments that identify the call, e.g. "pid=42, count=512"
     * @param errno     the errno the call set
     */
    public static SyscallException of(String syscall, String arguments, Errno errno) {
        return of(syscall, arguments, errno.number());
    }

    /** From a raw errno number (sign ignored); a number outside the kernel's table keeps it. */
    public static SyscallException of(String syscall, String arguments, int errnoNumber) {
        int n = Math.abs(errnoNumber);
        String message = message(syscall, arguments, n, null);
        return n == Errno.ESRCH.number() ? new NoSuchProcessException(syscall, arguments, message)
                : new SyscallException(syscall, arguments, n, message);
    }

    /**
     * The same failure with what it means appended, e.g. {@code set_mempolicy(...) failed: EINVAL
     * (Invalid argument): MPOL_WEIGHTED_INTERLEAVE needs Linux 6.9 or later; this kernel is 6.1.0-27-amd64}.
     */
    public SyscallException withHint(String hint) {
        String message = message(syscall, arguments, errnoNumber, Objects.requireNonNull(hint));
        SyscallException e = this instanceof NoSuchProcessException ? new NoSuchProcessException(syscall, arguments,
                message) : new SyscallException(syscall, arguments, errnoNumber, message);
        e.hint = hint;
        e.initCause(this);
        return e;
    }

    /**
     * What the failure means, as {@link #withHint} added it (e.g. "MPOL_WEIGHTED_INTERLEAVE needs
     * Linux 6.9 or later; this kernel is 6.1.0-27-amd64"), or null when nothing was added.
     */
    public String hint() {
        return hint;
    }

    public String syscall() {
        return syscall;
    }

    public String arguments() {
        return arguments;
    }

    /** The errno, or null for a number outside the kernel's table (see {@link #errnoNumber()}). */
    public Errno errno() {
        return Errno.ofOrNull(errnoNumber);
    }

    /** The errno's number, positive. */
    public int errnoNumber() {
        return errnoNumber;
    }

    /** The kernel's name of the errno ("EPERM"), or "errno N" outside its table. */
    public String errnoName() {
        return Errno.name(errnoNumber);
    }
}
