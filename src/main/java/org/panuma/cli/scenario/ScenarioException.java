package org.panuma.cli.scenario;

/** A scenario file that cannot be run, with the reason in words. */
public final class ScenarioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScenarioException(String message) {
        super(message);
    }
}
