package org.panuma.exporter;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;

/**
 * Says why a process could not be read, once per process and kind of failure: an exporter
 * scraped every few seconds must not print the same line every few seconds, and must not
 * stay silent either (the errors counter says how many, this says why).
 */
final class FailureLog {
    private final PrintWriter err;
    private final Set<String> said = new HashSet<>();

    FailureLog(PrintWriter err) {
        this.err = err;
    }

    synchronized void record(int pid, RuntimeException e) {
        String what = e.getClass().getSimpleName();
        if (said.size() < 10_000 && said.add(pid + " " + what)) {
            err.println("panuma exporter: cannot read process " + pid + ": " + e.getMessage());
            err.flush();
        }
    }

    synchronized void record(String what, RuntimeException e) {
        if (said.size() < 10_000 && said.add(what + " " + e.getClass().getSimpleName())) {
            err.println("panuma exporter: cannot read " + what + ": " + e.getMessage());
            err.flush();
        }
    }
}
