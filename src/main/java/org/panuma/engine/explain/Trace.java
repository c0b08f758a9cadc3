package org.panuma.engine.explain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the algorithms did, page by page, for explanations: the lookup decision of each move_pages
 * entry, and each attempt migrate_pages made on a frame (pass, function, return code, reason).
 * Off (and free) unless enabled: the benchmark runs without it.
 */
public final class Trace {
    /** One decision: in which pass (0-based; -1 before migrate_pages), by which kernel function, with which rc. */
    public record Step(int pass, String function, int rc, String reason) {
    }

    private final boolean enabled;
    private final Map<Integer, Step> entryLookup = new HashMap<>();
    private final Map<Integer, Integer> entryFrame = new HashMap<>();
    private final Map<Integer, List<Step>> frameSteps = new HashMap<>();
    private final Map<Integer, Integer> movedTo = new HashMap<>();
    private final List<String> callNotes = new ArrayList<>();

    public Trace(boolean enabled) {
        this.enabled = enabled;
    }

    public static Trace off() {
        return new Trace(false);
    }

    public boolean on() {
        return enabled;
    }

    /** The lookup stage decided entry {@code i} (status from follow_page, permission, isolation). */
    public void entry(int i, int pfn, String function, int rc, String reason) {
        if (!enabled) {
            return;
        }
        entryLookup.put(i, new Step(-1, function, rc, reason));
        if (pfn >= 0) {
            entryFrame.put(i, pfn);
        }
    }

    /** migrate_pages worked on frame {@code pfn}. */
    public void frame(int pfn, int pass, String function, int rc, String reason) {
        if (!enabled) {
            return;
        }
        frameSteps.computeIfAbsent(pfn, k -> new ArrayList<>()).add(new Step(pass, function, rc, reason));
    }

    public void moved(int oldPfn, int newPfn) {
        if (enabled) {
            movedTo.put(oldPfn, newPfn);
        }
    }

    /** A note about the whole call ("node 7 has no memory: -ENODEV at entry 3"). */
    public void note(String text) {
        if (enabled) {
            callNotes.add(text);
        }
    }

    public Step lookup(int entry) {
        return entryLookup.get(entry);
    }

    public int frameOf(int entry) {
        return entryFrame.getOrDefault(entry, -1);
    }

    public List<Step> steps(int pfn) {
        return frameSteps.getOrDefault(pfn, List.of());
    }

    public int newFrame(int oldPfn) {
        return movedTo.getOrDefault(oldPfn, -1);
    }

    public List<String> notes() {
        return List.copyOf(callNotes);
    }
}
