package org.panuma.engine.migrate;

import org.panuma.spi.Errno;

/**
 * What a system call returned: a non-negative value, or -1 with an errno.
 *
 * @param value  the return value (-1 on failure)
 * @param errno  null on success
 */
public record SyscallResult(long value, Errno errno) {
    public static SyscallResult ok(long value) {
        return new SyscallResult(value, null);
    }

    /** From a kernel return code: negative is -errno. */
    public static SyscallResult of(long rc) {
        return rc < 0 ? new SyscallResult(-1, Errno.of((int) -rc)) : ok(rc);
    }

    public boolean failed() {
        return errno != null;
    }

    @Override
    public String toString() {
        return failed() ? "-1 (" + errno.describe() + ")" : Long.toString(value);
    }
}
