package org.panuma.api;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Records a {@link MoveReport} as a JFR {@link MoveEvent}. Package-level so that every mover of
 * the api (own memory, other processes) reports the same way.
 */
final class MoveEvents {
    private MoveEvents() {
    }

    /** Starts timing a move, or null while no flight recorder runs ({@link Jfr}); pass it to {@link #commit}. */
    static MoveEvent begin() {
        if (!Jfr.recording()) {
            return null;
        }
        MoveEvent e = new MoveEvent();
        e.begin();
        return e;
    }

    static void commit(MoveEvent e, MoveReport report, int pageSize, String backend) {
        if (e == null) {
            return;
        }
        e.end();
        if (!e.shouldCommit()) {
            return;
        }
        e.pid = report.pid();
        e.targetNode = report.targetNode();
        e.pages = report.requestedPages();
        e.bytes = report.requestedPages() * pageSize;
        e.moved = report.moved();
        e.already = report.already();
        e.failed = report.failed();
        e.failures = failures(report);
        e.stoppedEarly = report.stoppedEarly();
        e.backend = backend;
        e.commit();
    }

    /** "EBUSY=2, notMigrated=1": every outcome other than moved and already. */
    static String failures(MoveReport report) {
        return report.outcomeMap().entrySet().stream()
                .filter(o -> o.getKey() != Outcome.MOVED && o.getKey() != Outcome.ALREADY)
                .map(Map.Entry::toString)
                .collect(Collectors.joining(", "));
    }
}
