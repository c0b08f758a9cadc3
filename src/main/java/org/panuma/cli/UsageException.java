package org.panuma.cli;

/** A bad value on the command line; the message names it. Exit code {@link ExitCodes#USAGE}. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
