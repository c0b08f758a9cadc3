package org.panuma.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.panuma.api.MoveReport;
import org.panuma.api.PageStatus;
import org.panuma.api.ProcessMoveReport;
import org.panuma.api.PredictedMove;
import org.panuma.engine.KernelProfile;
import org.panuma.spi.ProcessInfo;
import org.panuma.api.Outcome;

/** The text summary of a move: outcomes with explanations, before/after residency, timing. */
final class MoveSummary {
    private final PrintWriter out;
    private final long pageSize;

    MoveSummary(PrintWriter out, long pageSize) {
        this.out = out;
        this.pageSize = pageSize;
    }

    void print(ProcessInfo p, ProcessMoveReport r, Set<Integer> nodes, boolean perPage) {
        print(p, r, nodes, perPage, null);
    }

    /**
     * @param predicted non-null when {@code r} is a prediction (--dry-run): the words say so, and
     *                  per-page lines carry the prediction's certainty and reason
     */
    void print(ProcessInfo p, ProcessMoveReport r, Set<Integer> nodes, boolean perPage, PredictedMove predicted) {
        MoveReport m = r.move();
        boolean prediction = predicted != null;
        out.println(Targets.heading(p));
        if (prediction) {
            out.printf("PREDICTION (--dry-run: nothing was moved) by the engine's kernel profile %s for kernel %s%n",
                    predicted.profile(), predicted.release());
            List<String> checked = KernelProfile.byName(predicted.profile()).checkedAgainst();
            out.printf("profile %s %s%n", predicted.profile(), checked.isEmpty()
                    ? "is modelled from the kernel source, not checked against a running kernel"
                    : "was checked page by page against kernel " + String.join(" and ", checked));
        }
        out.print(headline(m, prediction));
        if (r.absentPages() > 0) {
            out.printf("; %d more page%s of the selection on no node (nothing to move)", r.absentPages(),
                    r.absentPages() == 1 ? "" : "s");
        }
        out.println();
        if (r.targetExited()) {
            out.println("the target exited during the move: this report covers what was done before that");
        } else if (m.stoppedEarly()) {
            out.println("stopped by a signal between batches: this report covers what was done before that");
        }
        if (prediction && predicted.errno() != null) {
            // The kernel would refuse before looking at any page: that is the outcome, not a
            // per-page count of pages "not reached".
            out.printf("predicted outcome: move_pages would refuse the whole call with %s; no page would be"
                    + " processed%s%n", predicted.errno().describe(),
                    KernelErrorHints.hint(org.panuma.spi.SyscallException.of("move_pages", "", predicted.errno())));
        } else {
            out.println(prediction ? "predicted outcome:" : "outcome:");
        }
        for (Map.Entry<Outcome, Long> e : prediction && predicted.errno() != null ? Map.<Outcome, Long>of().entrySet()
                : m.outcomes().asMap().entrySet()) {
            String why = OutcomeExplanations.explain(e.getKey());
            out.printf("  %-13s %10d  %s%n", e.getKey().toString(), e.getValue(), why);
        }
        if (m.notMigrated() > 0) {
            out.printf(prediction ? "  (move_pages would return %d page%s not migrated in all)%n"
                    : "  (move_pages returned %d page%s not migrated in all)%n", m.notMigrated(),
                    m.notMigrated() == 1 ? "" : "s");
        }
        StringBuilder h = new StringBuilder(String.format("%-10s", "residency"));
        for (int n : nodes) {
            h.append(String.format(" %10s", "node " + n));
        }
        out.println(h);
        out.println(row("before", r.before().byNode(), nodes));
        out.println(row(prediction ? "predicted" : "after", r.after().byNode(), nodes));
        if (prediction) {
            printPerPage(m, perPage, predicted);
            return;
        }
        double secs = m.elapsedNanos() / 1e9;
        out.printf(java.util.Locale.ROOT, "%d move_pages calls in %.3f s (%.1f MiB/s moved)%n", m.calls(), secs,
                secs > 0 ? m.moved() * pageSize / secs / (1 << 20) : 0.0);
        out.printf("page entries passed to the kernel: %d to query, %d to move%n", r.pageEntries().queried(),
                r.pageEntries().moved());
        printPerPage(m, perPage, null);
    }

    /**
     * "moved pages to node 1: 16384 requested (64.0 MiB)", or, when every requested page was there
     * already, that nothing had to move (a move that did nothing must not read as one that moved).
     */
    String headline(MoveReport m, boolean prediction) {
        String size = Bytes.human(m.requestedPages() * pageSize);
        if (m.requestedPages() > 0 && m.already() == m.requestedPages()) {
            return String.format("%s: all %d requested pages (%s) %s on node %d already", prediction
                    ? "nothing would move" : "nothing moved", m.requestedPages(), size, prediction ? "are" : "were",
                    m.targetNode());
        }
        return String.format("%s pages to node %d: %d requested (%s)", prediction ? "would move" : "moved",
                m.targetNode(), m.requestedPages(), size);
    }

    private void printPerPage(MoveReport m, boolean perPage, PredictedMove predicted) {
        if (!perPage) {
            return;
        }
        out.println(predicted != null ? "pages (predicted; * = less certain):" : "pages:");
        for (int i = 0; i < m.addresses().length; i++) {
            int st = m.status()[i];
            String what = st >= 0 ? "node " + st : PageStatus.describe(st);
            if (predicted == null) {
                out.printf("  %s  %s%n", Json.hex(m.addresses()[i]), what);
            } else {
                out.printf("  %s  %-8s%s %s%n", Json.hex(m.addresses()[i]), what,
                        predicted.lessCertain()[i] ? "*" : " ", predicted.reasons().get(i));
            }
        }
    }

    private static String row(String label, Map<Integer, Long> counts, Set<Integer> nodes) {
        StringBuilder b = new StringBuilder(String.format("%-10s", label));
        for (int n : nodes) {
            b.append(String.format(" %10d", counts.getOrDefault(n, 0L)));
        }
        return b.toString();
    }
}
