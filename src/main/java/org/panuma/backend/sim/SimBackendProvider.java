package org.panuma.backend.sim;

import org.panuma.spi.Availability;
import org.panuma.spi.BackendProvider;
import org.panuma.spi.NumaSyscalls;

/** The "sim" backend: the spi on the engine. Always available; only used when asked for. */
public final class SimBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "sim";
    }

    @Override
    public Availability availability() {
        return Availability.ok();
    }

    @Override
    public NumaSyscalls create() {
        return new SimBackend(SimTopology.fromSystemProperty(), SimBackend.profileFromSystemProperty());
    }
}
