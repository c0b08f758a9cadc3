package org.panuma.engine.explain;

/**
 * How one move_pages entry ended and why, in words.
 *
 * @param outcome how the entry ended
 * @param pass    the 1-based migrate_pages pass that decided it, null when decided before migration
 * @param reason  the kernel branches that decided it ("pass 1 migrate_page_move_mapping: ...")
 */
public record Explanation(Outcome outcome, Integer pass, String reason) {
    /** How an entry ended. */
    public enum Outcome { MOVED, ALREADY_THERE, FAILED, NOT_WRITTEN, QUERIED }
}
