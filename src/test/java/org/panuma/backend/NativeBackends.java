package org.panuma.backend;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.Stream;
import org.panuma.spi.Availability;
import org.panuma.spi.Backends;
import org.panuma.spi.NumaSyscalls;

/**
 * The real backends for parameterised tests. A backend that cannot run in this JVM (FFM on Java
 * 17) makes its cases skipped, with the reason, never passed.
 */
public final class NativeBackends {
    private NativeBackends() {
    }

    /** Argument source: the names of the native backends. */
    public static Stream<String> names() {
        return Stream.of("ffm", "jna");
    }

    /** Opens the backend, or aborts the test (skipped) saying why it cannot run here. */
    public static NumaSyscalls open(String name) {
        Availability a = Backends.availability(name);
        assumeTrue(a.available(), () -> name + " backend unavailable here: " + a.cause());
        return Backends.open(name);
    }
}
