package org.panuma.cli;

/**
 * A command could not do its job for a reason the message explains completely (what was refused,
 * why, and what would allow it); it carries its own exit code.
 */
final class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CommandFailedException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
