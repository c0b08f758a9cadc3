package org.panuma.cli.scenario;

import org.panuma.spi.Printable;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.Task;
import org.panuma.engine.model.TimedEvent;
import org.panuma.engine.model.Vma;
import org.panuma.engine.scenario.ScenarioEvent;

/**
 * The {@code "events"} of a call (docs/scenarios.md, "Timed events"): read and checked field by
 * field, each bad value named with its field. Whether the address has a page is the engine's
 * question when the call begins ({@link ScenarioEvent#resolve}).
 */
final class ScenarioEvents {
    /** migrate_pages makes at most ten passes. */
    static final int MAX_PASS = 10;
    static final int MAX_REFS = 1024;

    private ScenarioEvents() {
    }

    /**
     * The events of {@code call}.
     *
     * @param entries the call's move_pages entries, or -1 for a call without entries (migrate_pages)
     * @param target  the task whose pages the call moves (the default "pid" of an event)
     */
    static List<ScenarioEvent> parse(Machine m, JsonNode call, String where, Task target, int entries) {
        JsonNode list = call.path("events");
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new ScenarioException(where + ".events: an array of events is expected, not " + list);
        }
        ScenarioLimits.check(where + ".events (count)", list.size(), 0, ScenarioLimits.MAX_EVENTS);
        List<ScenarioEvent> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(one(m, list.get(i), where + ".events[" + i + "]", target, entries));
        }
        return out;
    }

    private static ScenarioEvent one(Machine m, JsonNode e, String where, Task target, int entries) {
        if (!e.isObject()) {
            throw new ScenarioException(where + ": an event is an object like {\"beforePass\": 2, \"action\": \"unlock\","
                    + " \"vma\": \"heap\", \"page\": 0}, not " + e);
        }
        boolean pass = e.has("beforePass");
        boolean entry = e.has("afterEntry");
        if (pass == entry) {
            throw new ScenarioException(where + ": give exactly one of \"beforePass\" (1 to " + MAX_PASS
                    + ") and \"afterEntry\" (an entry index)");
        }
        TimedEvent.Trigger trigger = pass ? TimedEvent.Trigger.BEFORE_PASS : TimedEvent.Trigger.AFTER_ENTRY;
        int at;
        if (pass) {
            at = (int) ScenarioLimits.check(where + ".beforePass", whole(e.get("beforePass"), where + ".beforePass"), 1, MAX_PASS);
        } else {
            if (entries < 0) {
                throw new ScenarioException(where + ".afterEntry: migrate_pages has no entries; use \"beforePass\"");
            }
            if (entries == 0) {
                throw new ScenarioException(where + ".afterEntry: the call has no entries; use \"beforePass\"");
            }
            at = (int) ScenarioLimits.check(where + ".afterEntry", whole(e.get("afterEntry"), where + ".afterEntry"), 0, entries - 1);
        }
        String actionName = e.path("action").asText("");
        TimedEvent.Action action = TimedEvent.Action.byJsonName(actionName);
        if (action == null) {
            throw new ScenarioException(where + ".action: unknown "
                    + Printable.quote(e.path("action").asText(String.valueOf(e.get("action")))) + " (" + Arrays.stream(TimedEvent.Action.values()).map(TimedEvent.Action::jsonName)
                    .collect(Collectors.joining(", ")) + ")");
        }
        int refs = 1;
        if (e.has("refs")) {
            if (action != TimedEvent.Action.GET && action != TimedEvent.Action.PUT) {
                throw new ScenarioException(where + ".refs: only \"get\" and \"put\" take refs, not " + Printable.quote(actionName));
            }
            refs = (int) ScenarioLimits.check(where + ".refs", whole(e.get("refs"), where + ".refs"), 1, MAX_REFS);
        }
        Task task = target;
        if (e.has("pid")) {
            long pid = whole(e.get("pid"), where + ".pid");
            task = pid > 0 && pid <= Integer.MAX_VALUE ? m.task((int) pid) : null;
            if (task == null) {
                throw new ScenarioException(where + ".pid: no task " + pid);
            }
        }
        if (task == null || task.mm() == null) {
            throw new ScenarioException(where + ".pid: " + (task == null ? "the call's target does not exist"
                    : "pid " + task.pid() + " is a kernel thread: it has no pages"));
        }
        String vmaName = e.path("vma").asText("");
        Vma vma = task.mm().vmas().stream().filter(v -> v.name().equals(vmaName)).findFirst().orElse(null);
        if (vma == null) {
            throw new ScenarioException(where + ".vma: no VMA " + Printable.quote(vmaName) + " in pid " + task.pid());
        }
        int slot = (int) ScenarioLimits.check(where + ".page", whole(e.path("page"), where + ".page"), 0, vma.pages() - 1L);
        return new ScenarioEvent(trigger, at, action, vma, slot, refs, where);
    }

    private static long whole(JsonNode n, String where) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new ScenarioException(where + ": " + Printable.quote(n == null || n.isMissingNode() ? "" : n.asText(n.toString()))
                    + " is not a whole number");
        }
        return n.asLong();
    }
}
