package org.panuma.engine;

import java.util.List;

/**
 * The simulated machine broke one of its own invariants during a system call ({@link World#checkInvariants()}):
 * the model is wrong, and its answer must not be used.
 */
public final class ModelInvariantException extends IllegalStateException {
    private final List<String> problems;

    public ModelInvariantException(String call, List<String> problems) {
        super("the engine broke its invariants in " + call + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
