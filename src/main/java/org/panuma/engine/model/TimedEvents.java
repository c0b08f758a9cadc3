package org.panuma.engine.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The timed events of the system call in progress ({@link TimedEvent}): the algorithms call
 * {@link #beforePass} at the start of every migrate_pages pass and {@link #afterEntry} after each
 * entry of a lookup loop; each event fires once, the first time its moment comes (in 4.17+ a
 * move_pages call runs migrate_pages once per run of entries: "before pass 2" is the first run's
 * pass 2 that happens). Empty, and free, outside scenarios.
 */
public final class TimedEvents {
    private final List<TimedEvent> pending = new ArrayList<>();
    private final List<Integer> gone = new ArrayList<>();

    /** The events of the next call (replacing any left from the previous one). */
    public void schedule(List<TimedEvent> events) {
        pending.clear();
        gone.clear();
        pending.addAll(events);
    }

    /** Ends the call: the events that never fired (their moment did not come), which are dropped. */
    public List<TimedEvent> endCall() {
        List<TimedEvent> left = List.copyOf(pending);
        pending.clear();
        gone.clear();
        return left;
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Start of migrate_pages pass {@code pass} (0-based, as the algorithms count). */
    public void beforePass(Machine m, int pass) {
        if (!pending.isEmpty()) {
            fire(m, TimedEvent.Trigger.BEFORE_PASS, pass + 1, pass);
        }
    }

    /** The lookup loop is done with entry {@code entry}. */
    public void afterEntry(Machine m, long entry) {
        if (!pending.isEmpty()) {
            fire(m, TimedEvent.Trigger.AFTER_ENTRY, entry, -1);
        }
    }

    /** The frame went back to the allocator: events still aimed at it have no page left to act on. */
    void frameFreed(int pfn) {
        if (!pending.isEmpty()) {
            gone.add(pfn);
        }
    }

    private void fire(Machine m, TimedEvent.Trigger trigger, long at, int pass) {
        for (int i = 0; i < pending.size(); i++) {
            TimedEvent e = pending.get(i);
            if (e.trigger() != trigger || e.at() != at) {
                continue;
            }
            pending.remove(i--);
            String what;
            if (gone.contains(e.pfn())) {
                what = "nothing to do: the page was already freed";
            } else {
                what = ConcurrentPageOps.apply(m, e);
            }
            String when = trigger == TimedEvent.Trigger.BEFORE_PASS ? "before pass " + at : "after entry " + at;
            m.trace().note(e.label() + " " + when + ": " + what);
            m.trace().frame(e.pfn(), pass, "event", 0, e.label() + " " + when + ": " + what);
        }
    }
}
