package org.panuma.cli;

import org.panuma.spi.Errno;

/** panuma's exit codes; documented in --help and the README. */
public final class ExitCodes {
    /** Everything asked for was done. */
    public static final int SUCCESS = 0;
    /** The command ran, but some pages were not moved (see the summary). */
    public static final int PAGES_NOT_MOVED = 1;
    /** Bad command line: the message names the bad value. */
    public static final int USAGE = 2;
    /** The kernel said EPERM/EACCES for the whole call: the message says what would allow it. */
    public static final int PERMISSION_DENIED = 3;
    /** No such process (ESRCH), or a pattern matched none. */
    public static final int NO_SUCH_PROCESS = 4;
    /** The backend asked for cannot run here: the message says why. */
    public static final int BACKEND_UNAVAILABLE = 5;
    /** Any other whole-call kernel error (ENODEV, EINVAL, ...), named in the message. */
    public static final int KERNEL_ERROR = 6;
    /** `panuma run`: the command was found but could not be executed (as in POSIX shells). */
    public static final int COMMAND_NOT_EXECUTABLE = 126;
    /** `panuma run`: no such command (as in POSIX shells). */
    public static final int COMMAND_NOT_FOUND = 127;
    /** A bug in panuma: please report it (--debug shows the stack trace). */
    public static final int INTERNAL_ERROR = 70;

    /** The table for --help footers. */
    public static final String HELP = "Exit codes:%n"
            + "  0  success%n"
            + "  1  some pages were not moved%n"
            + "  2  usage error (the message names the bad value)%n"
            + "  3  permission denied (the message says what would allow it)%n"
            + "  4  no such process%n"
            + "  5  backend unavailable (the message says why)%n"
            + "  6  the kernel refused the call (the errno is named)%n"
            + " 70  internal error (rerun with --debug)%n"
            + "126  run: the command cannot be executed%n"
            + "127  run: no such command";

    private ExitCodes() {
    }

    /**
     * The exit code of a whole call that failed with this errno (null: a number outside the
     * kernel's table): the one table of errno to exit code, for real calls and predicted ones.
     */
    static int of(Errno errno) {
        if (errno == null) {
            return KERNEL_ERROR;
        }
        return switch (errno) {
            case EPERM, EACCES -> PERMISSION_DENIED;
            case ESRCH -> NO_SUCH_PROCESS;
            default -> KERNEL_ERROR;
        };
    }
}
