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
}
