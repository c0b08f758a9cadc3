package org.panuma.vm;

import java.time.Duration;

/**
 * Inside a guest: the host's slowdown measured when it was booted ({@link HostSlowdown}), handed
 * in as an environment variable, and the guest tests' time limits scaled by it. Outside a guest
 * (or without the variable) the factor is 1.
 */
public final class GuestSlowdown {
    public static final String ENV = "PANUMA_SLOWDOWN";

    private GuestSlowdown() {
    }

    public static double factor() {
        String v = System.getenv(ENV);
        try {
            return v == null ? 1.0 : HostSlowdown.clamp(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return 1.0;
        }
    }

    /** A wait's limit as it would be on an idle host, times the slowdown. */
    public static Duration scaled(Duration idle) {
        return Duration.ofMillis((long) (idle.toMillis() * factor()));
    }
}
