package org.panuma.engine.scenario;

import java.util.Objects;
import org.panuma.engine.model.AddressSpace;
import org.panuma.engine.model.Frames;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.PageFlags;
import org.panuma.engine.model.Pte;
import org.panuma.engine.model.TimedEvent;
import org.panuma.engine.model.Vma;

/**
 * A timed event of a scenario call (docs/scenarios.md, "Timed events"), its page named by VMA and
 * slot; {@link #resolve} turns it into the {@link TimedEvent} on the page that slot maps as the
 * call begins.
 *
 * @param where how the scenario names the event ("calls[1].events[0]"), for messages
 */
public record ScenarioEvent(TimedEvent.Trigger trigger, int at, TimedEvent.Action action, Vma vma, int slot, int refs,
                            String where) {
    public ScenarioEvent {
        Objects.requireNonNull(trigger);
        Objects.requireNonNull(action);
        Objects.requireNonNull(vma);
        Objects.requireNonNull(where);
    }

    /**
     * The event on the page its address maps now: a base page, not the zero page, a file or shmem
     * page for truncate.
     *
     * @throws IllegalArgumentException naming the event when the address has no such page
     */
    public TimedEvent resolve(Machine m) {
        int pte = vma.pte(slot);
        String what = vma.name() + " page " + slot;
        if (!Pte.isPresent(pte) && !Pte.isMigration(pte)) {
            throw new IllegalArgumentException(where + ": " + what + " has no page when the call begins ("
                    + (Pte.isNone(pte) ? "never touched" : "swapped out") + ")");
        }
        int pfn = Pte.pfn(pte);
        Frames f = m.frames();
        if (pfn == m.zeroPfn()) {
            throw new IllegalArgumentException(where + ": " + what + " maps the shared zero page, which no event can change");
        }
        if (f.nrPages(pfn) > 1) {
            throw new IllegalArgumentException(where + ": " + what + " is part of a huge page ("
                    + PageFlags.describe(f.flags(pfn)) + "); events act on base pages");
        }
        if (action == TimedEvent.Action.TRUNCATE) {
            AddressSpace as = f.mapping(pfn) < 0 ? null : m.space(f.mapping(pfn));
            if (as == null || as.isAnon()) {
                throw new IllegalArgumentException(where + ".action: truncate needs a file or shmem page; " + what
                        + " is anonymous");
            }
        }
        String label = where + " (" + action.jsonName() + (refs > 1 ? " " + refs : "") + " " + vma.name() + " page " + slot + ")";
        return new TimedEvent(trigger, at, action, pfn, vma, slot, refs, label);
    }
}
