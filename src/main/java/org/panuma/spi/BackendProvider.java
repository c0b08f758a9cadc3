package org.panuma.spi;

/**
 * A backend's factory, loaded by class name by {@link Backends} so that a Java 17 runtime never
 * links the FFM backend.
 */
public interface BackendProvider {

    /** "ffm", "jna" or "sim". */
    String name();

    /** Cheap to call; never throws. */
    Availability availability();

    /** Creates the backend; only called when available. */
    NumaSyscalls create();

    /**
     * Makes this backend's first system calls cheaper when done ahead (FFM: links its downcall,
     * tens of ms at a JVM's first call); a no-op by default. Called on a background thread by
     * {@link Backends#prepareInBackground}, while the caller does other work.
     */
    default void prepareCalls() {
    }
}
