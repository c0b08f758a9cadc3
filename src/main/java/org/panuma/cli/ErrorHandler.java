package org.panuma.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import org.panuma.spi.AmbiguousProcessException;
import org.panuma.api.Processes;
import org.panuma.spi.Printable;
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
        boolean json = parsed.hasMatchedOption("--json")
                || (parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--json"));
        if (json) {
            err.println(json(e, code));
            err.flush();
            return code;
        }
        err.println(cmd.getColorScheme().errorText("panuma: " + Printable.escapeKeepingLines(message(e))));
        if (debug) {
            e.printStackTrace(err);
        } else if (code == ExitCodes.INTERNAL_ERROR) {
            err.println("(rerun with --debug for the stack trace, and please report it)");
        }
        err.flush();
        return code;
    }

    /**
     * The error as one JSON object, for scripts that asked for --json:
     * {@code {"error": {"message", "exitCode", "errno" (when the kernel refused), "syscall"}}}.
     */
    static String json(Throwable e, int code) {
        com.fasterxml.jackson.databind.node.ObjectNode root = Json.object();
        com.fasterxml.jackson.databind.node.ObjectNode o = root.putObject("error");
        o.put("message", message(e));
        o.put("exitCode", code);
        Throwable cause = e;
        while (cause != null && !(cause instanceof SyscallException)) {
            cause = cause.getCause();
        }
        if (cause instanceof SyscallException s) {
            o.put("errno", s.errno().name());
            o.put("syscall", s.syscall());
        } else if (e instanceof UncheckedIOException && e.getCause() instanceof AccessDeniedException) {
            o.put("errno", "EACCES");
        }
        return Json.write(root);
    }

    /** Usage errors found while parsing: as JSON when the arguments ask for --json. */
    static final class Parameters implements CommandLine.IParameterExceptionHandler {
        private final CommandLine.IParameterExceptionHandler text;

        /** @param text picocli's own handler, for everything not under --json */
        Parameters(CommandLine.IParameterExceptionHandler text) {
            this.text = text;
        }

        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) throws Exception {
            if (!java.util.Arrays.asList(args).contains("--json")) {
                return text.handleParseException(ex, args);
            }
            PrintWriter err = ex.getCommandLine().getErr();
            err.println(json(ex, ExitCodes.USAGE));
            err.flush();
            return ExitCodes.USAGE;
        }
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
            return ExitCodes.of(s.errno());
        }
        return ExitCodes.INTERNAL_ERROR;
    }

    /**
     * Whose /proc files these are: another user's, or the caller's own process made non-dumpable
     * (it cleared its dumpable flag, or started from a set-uid file), whose files only root may read.
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
            int pid = (int) Long.parseLong(parts[2]);
            if (Processes.ownedByCaller(pid)) {
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
            return "cannot read " + Printable.escape(denied.getFile()) + ": EACCES (Permission denied)\n  " + whyDenied(denied.getFile());
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
