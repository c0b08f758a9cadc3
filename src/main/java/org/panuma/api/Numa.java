package org.panuma.api;

import java.util.Objects;
import org.panuma.spi.Backends;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.Topology;

/**
 * The entry point: a NUMA machine as one backend sees it.
 *
 * <pre>{@code
 * Numa numa = Numa.open();                 // FFM on Java 22+, JNA on 17-21
 * System.out.println(numa.topology().nodes());
 * }</pre>
 */
public final class Numa {
    private final NumaSyscalls sys;

    private Numa(NumaSyscalls sys) {
        this.sys = Objects.requireNonNull(sys);
    }

    /** The backend chosen by {@code -Dpanuma.backend}, {@code PANUMA_BACKEND}, or auto. */
    public static Numa open() {
        return open(null);
    }

    /**
     * A named backend ("ffm", "jna", "sim", or "auto"); null means the configured one.
     *
     * @throws org.panuma.spi.BackendUnavailableException saying why, when it cannot run here
     */
    public static Numa open(String backend) {
        return new Numa(Backends.open(backend));
    }

    /** Wraps a backend instance (tests, custom backends). */
    public static Numa of(NumaSyscalls sys) {
        return new Numa(sys);
    }

    public Topology topology() {
        return sys.topology();
    }

    /** "ffm", "jna" or "sim". */
    public String backend() {
        return sys.name();
    }

    public boolean simulated() {
        return sys.simulated();
    }

    public int pageSize() {
        return sys.pageSize();
    }

    /** The system calls underneath, for what this API does not cover. */
    public NumaSyscalls syscalls() {
        return sys;
    }

    public Residency residency() {
        return new Residency(sys);
    }

    public PageMover mover() {
        return new PageMover(sys);
    }
}
