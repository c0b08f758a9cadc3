package org.panuma.engine.explain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.panuma.spi.Errno;

/**
 * Explains the entries of a traced move_pages call: the lookup's decision, then each migrate_pages
 * attempt on the entry's frame grouped by pass. One home for the words that `panuma simulate`,
 * `panuma move --dry-run` and the library's prediction give per page.
 */
public final class Explainer {
    private Explainer() {
    }

    /**
     * @param trace     the call's trace (enabled before the call)
     * @param i         the entry's index
     * @param target    the entry's target node, null for a query (nodes == NULL)
     * @param status    the status the call left, null when it wrote none
     * @param callErrno the whole call's error, or null
     */
    public static Explanation entry(Trace trace, int i, Integer target, Integer status, Errno callErrno) {
        Trace.Step lookup = trace.lookup(i);
        int pfn = trace.frameOf(i);
        StringBuilder why = new StringBuilder();
        Integer pass = null;
        if (lookup != null) {
            why.append(lookup.reason());
        }
        List<Trace.Step> steps = pfn >= 0 ? trace.steps(pfn) : List.of();
        Map<String, int[]> grouped = new LinkedHashMap<>();
        for (Trace.Step s : steps) {
            String key = s.function() + ": " + s.reason();
            int[] range = grouped.computeIfAbsent(key, k -> new int[] {s.pass() + 1, s.pass() + 1});
            range[1] = s.pass() + 1;
            if (s.pass() >= 0) {
                pass = s.pass() + 1;
            }
        }
        for (Map.Entry<String, int[]> g : grouped.entrySet()) {
            int[] range = g.getValue();
            why.append(why.length() > 0 ? "; " : "")
                    .append(range[0] == 0 ? "before migration" : range[0] == range[1] ? "pass " + range[0]
                            : "passes " + range[0] + "-" + range[1])
                    .append(" ").append(g.getKey());
        }
        Explanation.Outcome outcome;
        if (target == null) {
            outcome = Explanation.Outcome.QUERIED;
        } else if (status == null) {
            outcome = Explanation.Outcome.NOT_WRITTEN;
            why.append(why.length() > 0 ? "; " : "").append(callErrno != null
                    ? "status not written: the call failed with " + callErrno.name()
                    : "status not written: this entry's run failed or came after it, the call stopped");
        } else if (status >= 0 && trace.newFrame(pfn) >= 0) {
            outcome = Explanation.Outcome.MOVED;
        } else if (status >= 0 && status.equals(target)) {
            outcome = lookup != null && lookup.rc() == status && steps.isEmpty()
                    ? Explanation.Outcome.ALREADY_THERE : Explanation.Outcome.MOVED;
        } else {
            outcome = Explanation.Outcome.FAILED;
            if (status < 0) {
                why.append(why.length() > 0 ? " - " : "").append(statusName(status));
            }
        }
        if (why.length() == 0) {
            why.append("no decision recorded");
        }
        return new Explanation(outcome, pass, why.toString());
    }

    /** A status or return code in words: a node number, or "-EBUSY" for -16. */
    public static String statusName(int rc) {
        if (rc >= 0) {
            return Integer.toString(rc);
        }
        Errno e = Errno.ofOrNull(-rc);
        return e == null ? Integer.toString(rc) : "-" + e.name();
    }
}
