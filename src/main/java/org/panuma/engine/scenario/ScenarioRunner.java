package org.panuma.engine.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.panuma.engine.KernelOops;
import org.panuma.engine.World;
import org.panuma.engine.explain.Explainer;
import org.panuma.engine.explain.Explanation;
import org.panuma.engine.explain.Trace;
import org.panuma.engine.migrate.MovePagesArgs;
import org.panuma.engine.migrate.SyscallResult;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.TimedEvent;

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
        for (int index = 0; index < s.calls().size(); index++) {
            ScenarioCall call = s.calls().get(index);
            Map<String, Long> before = m.vmstat().snapshot();
            Trace trace = new Trace(true);
            m.setTrace(trace);
            List<TimedEvent> events = new ArrayList<>();
            for (ScenarioEvent e : call.events()) {
                events.add(e.resolve(m));
            }
            m.events().schedule(events);
            try {
                if (call instanceof ScenarioCall.MovePages mp) {
                    outcomes.add(movePages(w, mp, trace, before));
                } else {
                    ScenarioCall.MigratePages mg = (ScenarioCall.MigratePages) call;
                    SyscallResult r = w.migratePages(mg.caller(), mg.pid(), mg.from(), mg.to());
                    noteUnfired(m);
                    outcomes.add(new ScenarioResult.CallOutcome("migrate_pages(pid=" + mg.pid() + ", from=" + mg.from()
                            + ", to=" + mg.to() + ")", r.value(), r.errno() == null ? null : r.errno().describe(),
                            List.of(), trace.notes(), m.vmstat().since(before)));
                }
            } catch (KernelOops oops) {
                // The call never returns and the machine keeps the locks it held: no later call runs.
                noteUnfired(m);
                int left = s.calls().size() - index - 1;
                List<String> notes = new ArrayList<>(trace.notes());
                if (left > 0) {
                    notes.add("the " + left + " later call(s) did not run: the kernel oopsed");
                }
                String what = call instanceof ScenarioCall.MovePages ? "move_pages" : "migrate_pages";
                outcomes.add(new ScenarioResult.CallOutcome(what + " (calls[" + index + "])", -1, null, List.of(), notes,
                        m.vmstat().since(before), oops.getMessage()));
                break;
            }
            w.settle();
        }
        return new ScenarioResult(s.name(), w.profile().id(), s.seed(), outcomes);
    }

    /** Events whose moment never came in the call are dropped, and the report says so. */
    private static void noteUnfired(Machine m) {
        for (TimedEvent e : m.events().endCall()) {
            m.trace().note(e.label() + " did not fire: the call ended before "
                    + (e.trigger() == TimedEvent.Trigger.BEFORE_PASS ? "migrate_pages' pass " + e.at()
                    : "the lookup reached entry " + e.at()));
        }
    }

    private static ScenarioResult.CallOutcome movePages(World w, ScenarioCall.MovePages c, Trace trace,
                                                        Map<String, Long> before) {
        Machine m = w.machine();
        long[] pages = c.pages().clone();
        int[] nodes = c.nodes() == null ? null : c.nodes().clone();
        int[] status = new int[pages.length];
        Arrays.fill(status, PREFILL);
        SyscallResult r = w.movePages(c.caller(), new MovePagesArgs(c.pid(), c.count(), pages, nodes, status, c.flags()));
        noteUnfired(m);
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
