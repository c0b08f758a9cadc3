package org.panuma.spi;

/** A backend was asked for but cannot run here; the message says why and what to do. */
public final class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String backend;

    public BackendUnavailableException(String backend, String cause) {
        super("backend '" + backend + "' is unavailable: " + cause);
        this.backend = backend;
    }

    public String backend() {
        return backend;
    }
}
