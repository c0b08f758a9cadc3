package org.panuma.spi;

/**
 * A running JVM could not be asked about its own regions ({@link JvmRegion}): it is not a HotSpot
 * JVM, it belongs to another user, it disabled attach (-XX:+DisableAttachMechanism), it did not
 * answer, or this Java runtime has no jcmd. The message says which.
 */
public final class JvmUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JvmUnreachableException(String message) {
        super(message);
    }
}
