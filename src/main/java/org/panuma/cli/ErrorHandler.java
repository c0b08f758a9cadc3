package org.panuma.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import org.panuma.os.AmbiguousProcessException;
import org.panuma.os.NoSuchProcessException;
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
        err.println(cmd.getColorScheme().errorText("panuma: " + message(e)));
        if (debug) {
            e.printStackTrace(err);
        } else if (code == ExitCodes.INTERNAL_ERROR) {
            err.println("(rerun with --debug for the stack trace, and please report it)");
        }
        err.flush();
        return code;
    }

    static int exitCode(Throwable e) {
        if (e instanceof CommandFailedException f) {
            return f.exitCode();
        }
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
            switch (s.errno()) {
                case EPERM:
                case EACCES:
                    return ExitCodes.PERMISSION_DENIED;
                case ESRCH:
                    return ExitCodes.NO_SUCH_PROCESS;
                default:
                    return ExitCodes.KERNEL_ERROR;
            }
        }
        return ExitCodes.INTERNAL_ERROR;
    }

    static String message(Throwable e) {
        if (e instanceof SyscallException s) {
            return s.getMessage() + KernelErrorHints.hint(s);
        }
        if (e instanceof UncheckedIOException && e.getCause() instanceof AccessDeniedException) {
            AccessDeniedException denied = (AccessDeniedException) e.getCause();
            return "cannot read " + denied.getFile() + ": EACCES (Permission denied)"
                    + "\n  Reading another user's /proc/PID files needs that user or root (sudo); so does moving"
                    + " that user's pages (move_pages would refuse with EPERM).";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
