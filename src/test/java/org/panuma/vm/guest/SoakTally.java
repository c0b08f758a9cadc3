package org.panuma.vm.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.panuma.api.MoveReport;

/**
 * The figures of a soak, built from real move reports: every move must account for every page
 * (each page has exactly one outcome, and moved + already + the rest = requested). Printed as one
 * "[soak]" line for RELIABILITY.md.
 */
final class SoakTally {
    final String name;
    long moves;
    long requestedPages;
    long movedPages;
    long alreadyPages;
    long failedPages;
    long nanos;
    /** Each move's wall time as the caller saw it (JVM start included for the CLI): where the soak's time goes. */
    private final List<Long> wallNanos = new ArrayList<>();

    SoakTally(String name) {
        this.name = name;
    }

    /** Adds one move, after checking that its counts add up from independent parts. */
    void add(MoveReport r) {
        long outcomes = r.outcomeMap().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(r.requestedPages(), outcomes, "pages with an outcome vs pages requested: " + r.outcomeMap());
        long other = outcomes - r.moved() - r.already();
        assertEquals(r.requestedPages(), r.moved() + r.already() + other, "moved + already + failed");
        add(r.requestedPages(), r.moved(), r.already(), other, r.elapsedNanos());
    }

    void add(long requested, long moved, long already, long failed, long elapsedNanos) {
        moves++;
        requestedPages += requested;
        movedPages += moved;
        alreadyPages += already;
        failedPages += failed;
        nanos += elapsedNanos;
    }

    /** Records one move's wall time, measured by the caller around the whole move. */
    void wall(long nanos) {
        wallNanos.add(nanos);
    }

    String line(int pageSize) {
        List<Long> w = wallNanos.stream().sorted().toList();
        String walls = w.isEmpty() ? "" : String.format(" moveWallSeconds(median=%.2f max=%.2f total=%.1f)",
                w.get(w.size() / 2) / 1e9, w.get(w.size() - 1) / 1e9, w.stream().mapToLong(Long::longValue).sum() / 1e9);
        return String.format("[soak] %s: moves=%d requestedPages=%d movedPages=%d alreadyPages=%d failedPages=%d"
                        + " bytesMoved=%d movingSeconds=%.1f%s", name, moves, requestedPages, movedPages, alreadyPages,
                failedPages, movedPages * pageSize, nanos / 1e9, walls);
    }
}
