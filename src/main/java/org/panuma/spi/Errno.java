package org.panuma.spi;

import java.util.HashMap;
import java.util.Map;

/**
 * Linux errno values with the kernel's names and texts.
 *
 * <p>Numbers and texts are those of {@code asm-generic/errno-base.h} and {@code asm-generic/errno.h},
 * shared by x86_64 and aarch64. {@code ConstantsMatchHeadersIT} compares every number with the
 * system headers.
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    ESRCH(3, "No such process"),
    EINTR(4, "Interrupted system call"),
    EIO(5, "I/O error"),
    ENXIO(6, "No such device or address"),
    E2BIG(7, "Argument list too long"),
    ENOEXEC(8, "Exec format error"),
    EBADF(9, "Bad file number"),
    ECHILD(10, "No child processes"),
    EAGAIN(11, "Try again"),
    ENOMEM(12, "Out of memory"),
    EACCES(13, "Permission denied"),
    EFAULT(14, "Bad address"),
    EBUSY(16, "Device or resource busy"),
    EEXIST(17, "File exists"),
    EXDEV(18, "Cross-device link"),
    ENODEV(19, "No such device"),
    ENOTDIR(20, "Not a directory"),
    EINVAL(22, "Invalid argument"),
    ETXTBSY(26, "Text file busy"),
    ENOSPC(28, "No space left on device"),
    ERANGE(34, "Math result not representable"),
    EDEADLK(35, "Resource deadlock would occur"),
    ENOSYS(38, "Invalid system call number"),
    ELOOP(40, "Too many symbolic links encountered"),
    ENODATA(61, "No data available"),
    EOVERFLOW(75, "Value too large for defined data type"),
    EOPNOTSUPP(95, "Operation not supported on transport endpoint"),
    ECANCELED(125, "Operation Canceled"),
    EHWPOISON(133, "Memory page has hardware error");

    private static final Map<Integer, Errno> BY_NUMBER = new HashMap<>();

    static {
        for (Errno e : values()) {
            BY_NUMBER.put(e.number, e);
        }
    }

    private final int number;
    private final String text;

    Errno(int number, String text) {
        this.number = number;
        this.text = text;
    }

    /** The positive errno number, e.g. 3 for ESRCH. */
    public int number() {
        return number;
    }

    /** The kernel's description, e.g. "No such process". */
    public String text() {
        return text;
    }

    /** "ESRCH (No such process)". */
    public String describe() {
        return name() + " (" + text + ")";
    }

    /**
     * The errno for a number, sign ignored (per-page statuses carry it negated).
     *
     * @throws IllegalArgumentException for a number this enum does not know
     */
    public static Errno of(int number) {
        Errno e = BY_NUMBER.get(Math.abs(number));
        if (e == null) {
            throw new IllegalArgumentException("unknown errno " + number);
        }
        return e;
    }

    /** Like {@link #of(int)} but null for an unknown number. */
    public static Errno ofOrNull(int number) {
        return BY_NUMBER.get(Math.abs(number));
    }
}
