package org.panuma.spi;

import java.util.List;

/** A command-line pattern matched several processes; the message lists them. */
public final class AmbiguousProcessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<ProcessInfo> matches;

    /** @param message names the pattern and lists the matches, their untrusted text escaped for a terminal */
    public AmbiguousProcessException(String message, List<ProcessInfo> matches) {
        super(message);
        this.matches = List.copyOf(matches);
    }

    public List<ProcessInfo> matches() {
        return matches;
    }
}
