package org.panuma.os;

/** No process has that pid, or no process's command line matches the pattern. */
public final class NoSuchProcessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoSuchProcessException(String message) {
        super(message);
    }
}
