package org.panuma.engine.model;

import java.util.Objects;

/**
 * Something another thread does to one page while a system call runs, and when: before pass
 * {@code at} (1-based) of migrate_pages, or after the call's lookup loop has handled entry {@code at}
 * (0-based, as the report numbers entries). The page is the frame an address mapped when the call
 * began (the struct page the other thread holds), so it can be acted on after it was unmapped.
 *
 * @param trigger when the event fires
 * @param at      the pass (1 to 10) or the entry index
 * @param action  what happens to the page
 * @param pfn     the page
 * @param vma     the VMA of the address the scenario named (whose pte {@link Action#UNMAP} zaps)
 * @param slot    the page's slot in {@code vma}
 * @param refs    references taken or put ({@link Action#GET}, {@link Action#PUT}); 1 otherwise
 * @param label   how the report names the event, e.g. "calls[1].events[0] (free heap page 3)"
 */
public record TimedEvent(Trigger trigger, int at, Action action, int pfn, Vma vma, int slot, int refs, String label) {
    /** When an event fires. */
    public enum Trigger {
        /** At the start of migrate_pages' pass {@code at} (1-based), before any page of the pass. */
        BEFORE_PASS,
        /** After the lookup loop (do_move_pages, do_pages_move, do_pages_stat) handled entry {@code at}. */
        AFTER_ENTRY
    }

    /** What another thread does to the page: the kernel paths of {@link ConcurrentPageOps}. */
    public enum Action {
        FREE("free"), UNMAP("unmap"), TRUNCATE("truncate"), LOCK("lock"), UNLOCK("unlock"),
        START_WRITEBACK("startWriteback"), END_WRITEBACK("endWriteback"), GET("get"), PUT("put");

        private final String jsonName;

        Action(String jsonName) {
            this.jsonName = jsonName;
        }

        /** The name scenario files use. */
        public String jsonName() {
            return jsonName;
        }

        /** The action a scenario names, or null. */
        public static Action byJsonName(String name) {
            for (Action a : values()) {
                if (a.jsonName.equals(name)) {
                    return a;
                }
            }
            return null;
        }
    }

    public TimedEvent {
        Objects.requireNonNull(trigger);
        Objects.requireNonNull(action);
        Objects.requireNonNull(vma);
        Objects.requireNonNull(label);
        if (refs < 1) {
            throw new IllegalArgumentException("refs " + refs + " is not positive");
        }
    }
}
