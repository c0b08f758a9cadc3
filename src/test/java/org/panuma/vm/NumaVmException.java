package org.panuma.vm;

/** A guest that did not boot, did not finish in time, or could not be started; carries its console. */
public final class NumaVmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String console;

    public NumaVmException(String message, String console) {
        super(message + (console.isEmpty() ? "" : "\n--- guest console ---\n" + console));
        this.console = console;
    }

    public String console() {
        return console;
    }
}
