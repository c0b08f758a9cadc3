package org.panuma.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether panuma talks to a person at a terminal (progress bars) or to a pipe (silent progress). */
final class Terminal {
    private Terminal() {
    }

    static boolean interactive() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        // Java 22+ returns a Console even when redirected; Console.isTerminal() tells.
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // Java 17-21: a console exists only on a terminal
        }
    }
}
