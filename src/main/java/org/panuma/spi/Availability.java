package org.panuma.spi;

/**
 * Whether a backend can be used here, and if not, why (netty's io_uring style: a value, not a
 * crash).
 */
public record Availability(boolean available, String cause) {

    public static Availability ok() {
        return new Availability(true, "");
    }

    public static Availability unavailable(String cause) {
        return new Availability(false, cause);
    }

    /** Throws {@link BackendUnavailableException} with the cause when not available. */
    public void ensureAvailable(String backend) {
        if (!available) {
            throw new BackendUnavailableException(backend, cause);
        }
    }
}
