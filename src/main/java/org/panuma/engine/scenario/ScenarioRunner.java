package org.panuma.engine.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.panuma.engine.World;
import org.panuma.engine.explain.Explainer;
import org.panuma.engine.explain.Explanation;
import org.panuma.engine.explain.Trace;
import org.panuma.engine.migrate.MovePagesArgs;
import org.panuma.engine.migrate.SyscallResult;
import org.panuma.engine.model.Machine;

/** Runs a {@link Scenario}'s calls on its machine, one after the other, and explains every entry. */
public final class ScenarioRunner {
    /** What status arrays are pre-filled with, so unwritten entries show. */
    public static final int PREFILL = Integer.MIN_VALUE + 1;

    private ScenarioRunner() {
    }

    public static ScenarioResult run(Scenario s) {
        World w = s.world();
        Machine m = w.machine();
        List<ScenarioResult.CallOutcome> outcomes = new ArrayList<>();
        for (ScenarioCall call : s.calls()) {
            Map<String, Long> before = m.vmstat().snapshot();
            Trace trace = new Trace(true);
            m.setTrace(trace);
            if (call instanceof ScenarioCall.MovePages mp) {
                outcomes.add(movePages(w, mp, trace, before));
            } else {
                ScenarioCall.MigratePages mg = (ScenarioCall.MigratePages) call;
                SyscallResult r = w.migratePages(mg.caller(), mg.pid(), mg.from(), mg.to());
                outcomes.add(new ScenarioResult.CallOutcome("migrate_pages(pid=" + mg.pid() + ", from=" + mg.from()
                        + ", to=" + mg.to() + ")", r.value(), r.errno() == null ? null : r.errno().describe(),
                        List.of(), trace.notes(), m.vmstat().since(before)));
            }
            w.settle();
        }
        return new ScenarioResult(s.name(), w.profile().id(), s.seed(), outcomes);
    }

    private static ScenarioResult.CallOutcome movePages(World w, ScenarioCall.MovePages c, Trace trace,
                                                        Map<String, Long> before) {
        Machine m = w.machine();
        long[] pages = c.pages().clone();
        int[] nodes = c.nodes() == null ? null : c.nodes().clone();
        int[] status = new int[pages.length];
        Arrays.fill(status, PREFILL);
        SyscallResult r = w.movePages(c.caller(), new MovePagesArgs(c.pid(), c.count(), pages, nodes, status, c.flags()));
        List<ScenarioResult.Entry> entries = new ArrayList<>();
        for (int i = 0; i < pages.length; i++) {
            Integer target = nodes == null ? null : nodes[i];
            Integer st = status[i] == PREFILL ? null : status[i];
            Explanation e = Explainer.entry(trace, i, target, st, r.errno());
            entries.add(new ScenarioResult.Entry(i, pages[i], target, st, e.outcome(), e.pass(), e.reason()));
        }
        String desc = "move_pages(pid=" + c.pid() + ", count=" + c.count() + ", "
                + (nodes == null ? "nodes=NULL" : "nodes") + ", flags=" + c.flags() + ") as pid " + c.caller();
        return new ScenarioResult.CallOutcome(desc, r.value(), r.errno() == null ? null : r.errno().describe(), entries,
                trace.notes(), m.vmstat().since(before));
    }
}
