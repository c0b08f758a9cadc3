package org.panuma.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM ask a move to stop between batches (so it can report what moved); a second
 * signal exits at once with the default action. Handlers are restored on close.
 */
final class StopSignal implements BooleanSupplier, AutoCloseable {
    private final AtomicBoolean requested = new AtomicBoolean();
    private final SignalHandler oldInt;
    private final SignalHandler oldTerm;

    StopSignal() {
        oldInt = install("INT");
        oldTerm = install("TERM");
    }

    private SignalHandler install(String name) {
        try {
            return Signal.handle(new Signal(name), sig -> {
                if (!requested.compareAndSet(false, true)) {
                    Runtime.getRuntime().halt(128 + sig.getNumber());
                }
            });
        } catch (IllegalArgumentException e) {
            return null; // the JVM reserves it (-Xrs): no graceful stop for that signal
        }
    }

    @Override
    public boolean getAsBoolean() {
        return requested.get();
    }

    @Override
    public void close() {
        if (oldInt != null) {
            Signal.handle(new Signal("INT"), oldInt);
        }
        if (oldTerm != null) {
            Signal.handle(new Signal("TERM"), oldTerm);
        }
    }
}
