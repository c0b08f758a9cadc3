package org.panuma.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import org.panuma.os.AmbiguousProcessException;
import org.panuma.os.ProcFs;
import org.panuma.os.Printable;
import org.panuma.spi.NoSuchProcessException;
import org.panuma.spi.BackendUnavailableException;
import org.panuma.spi.SyscallException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Maps an exception from a command to a message and a named exit code. No stack trace reaches a
 * user unless --debug is given.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean debug = parsed.hasMatchedOption("--debug")
                || (parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--debug"));
        int code = exitCode(e);
        // Messages quote what was typed and what processes hold: nothing in them may drive the terminal.
        err.println(cmd.getColorScheme().errorText("panuma: " + Printable.escapeKeepingLines(message(e))));
        if (debug) {
            e.printStackTrace(err);
        } else if (code == ExitCodes.INTERNAL_ERROR) {
            err.println("(rerun with --debug for the stack trace, and please report it)");
        }
        err.flush();
        return code;
    }

    static int exitCode(Throwable e) {
        if (e instanceof UsageException || e instanceof CommandLine.ParameterException
                || e instanceof AmbiguousProcessException) {
            return ExitCodes.USAGE;
        }
        if (e instanceof NoSuchProcessException) {
            return ExitCodes.NO_SUCH_PROCESS;
        }
        if (e instanceof UncheckedIOException && e.getCause() instanceof AccessDeniedException) {
            return ExitCodes.PERMISSION_DENIED;
        }
        if (e instanceof BackendUnavailableException) {
            return ExitCodes.BACKEND_UNAVAILABLE;
        }
        if (e instanceof SyscallException s) {
            return ExitCodes.of(s.errno());
        }
        return ExitCodes.INTERNAL_ERROR;
    }

    /**
     * Whose /proc files these are: another user's, or the caller's own process made non-dumpable
     * (prctl PR_SET_DUMPABLE 0, or a set-uid start), whose files only root may read.
     */
    static String whyDenied(String file) {
        String another = "Reading another user's /proc/PID files needs that user or root (sudo); so does moving"
                + " that user's pages (move_pages would refuse with EPERM).";
        String[] parts = file == null ? new String[0] : file.split("/");
        if (parts.length < 3 || !parts[1].equals("proc") || !parts[2].chars().allMatch(c -> c >= '0' && c <= '9')
                || parts[2].isEmpty() || parts[2].length() > 10) {
            return another;
        }
        try {
            ProcFs proc = ProcFs.system();
            int pid = (int) Long.parseLong(parts[2]);
            if (proc.status(pid).realUid() == proc.selfStatus().realUid()) {
                return "Process " + pid + " is yours but not dumpable (it set PR_SET_DUMPABLE to 0, or started"
                        + " set-uid): only root (sudo) may read its /proc files or move its pages.";
            }
        } catch (RuntimeException unreadable) {
            // gone, or its status unreadable too: fall back to the general reason
        }
        return another;
    }

    static String message(Throwable e) {
        if (e instanceof SyscallException s) {
            return s.getMessage() + KernelErrorHints.hint(s);
        }
        if (e instanceof UncheckedIOException && e.getCause() instanceof AccessDeniedException) {
            AccessDeniedException denied = (AccessDeniedException) e.getCause();
            return "cannot read " + denied.getFile() + ": EACCES (Permission denied)\n  " + whyDenied(denied.getFile());
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
