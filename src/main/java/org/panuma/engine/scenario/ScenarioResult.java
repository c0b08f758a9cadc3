package org.panuma.engine.scenario;

import java.util.List;
import java.util.Map;
import org.panuma.engine.explain.Explanation;

/**
 * What a scenario did: per call the return value, per entry the outcome, the pass that decided it
 * and the reason in words, the notes about the whole call, and the vmstat counters it changed.
 */
public record ScenarioResult(String scenario, String profile, long seed, List<CallOutcome> calls) {

    /**
     * @param status the status the call left (null when it was not written)
     * @param pass   the 1-based migrate_pages pass that decided it, null when decided before migration
     */
    public record Entry(int index, long address, Integer targetNode, Integer status, Explanation.Outcome outcome,
                        Integer pass, String reason) {
    }

    /**
     * @param oops null, or why the simulated kernel oopsed in this call (it never returned: the return
     *             value means nothing, and no later call ran)
     */
    public record CallOutcome(String call, long returnValue, String errno, List<Entry> entries,
                              List<String> notes, Map<String, Long> vmstat, String oops) {
        public CallOutcome(String call, long returnValue, String errno, List<Entry> entries, List<String> notes,
                           Map<String, Long> vmstat) {
            this(call, returnValue, errno, entries, notes, vmstat, null);
        }
    }

    /** The report as text: one block per call, one line per entry. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("scenario ").append(scenario).append(" on simulated kernel ").append(profile)
                .append(" (seed ").append(seed).append(")\n");
        for (CallOutcome c : calls) {
            sb.append('\n').append(c.call());
            if (c.oops() != null) {
                sb.append(": kernel oops, no return (").append(c.oops()).append(')');
            } else {
                sb.append(" = ").append(c.returnValue());
            }
            if (c.errno() != null) {
                sb.append(" (").append(c.errno()).append(')');
            }
            sb.append('\n');
            for (Entry e : c.entries()) {
                sb.append(String.format("  [%d] 0x%x", e.index(), e.address()));
                if (e.targetNode() != null) {
                    sb.append(" -> node ").append(e.targetNode());
                }
                sb.append(": ").append(e.status() == null ? "status not written" : "status " + e.status())
                        .append(", ").append(e.outcome().name().toLowerCase().replace('_', ' '));
                if (e.pass() != null) {
                    sb.append(" (pass ").append(e.pass()).append(')');
                }
                sb.append(" - ").append(e.reason()).append('\n');
            }
            for (String n : c.notes()) {
                sb.append("  note: ").append(n).append('\n');
            }
            sb.append("  vmstat:");
            c.vmstat().forEach((k, v) -> {
                if (v != 0) {
                    sb.append(' ').append(k).append(' ').append(v);
                }
            });
            sb.append('\n');
        }
        return sb.toString();
    }
}
