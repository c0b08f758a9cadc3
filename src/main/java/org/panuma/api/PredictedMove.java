package org.panuma.api;

import java.util.List;
import java.util.Set;
import org.panuma.spi.Errno;

/**
 * The engine's prediction of a move, page by page, in the shape of a real move's report: made by
 * {@link ProcessMemory#predict(MovePlan, int, boolean)}, compared with the move that follows by
 * {@link #verify(ProcessMoveReport)}.
 *
 * @param plan          the pages the move would request and where they were
 * @param targetNode    where they would be sent
 * @param status        per page the predicted status: node, negated errno, or
 *                      {@link org.panuma.api.PageStatus#NOT_PROCESSED}
 * @param lessCertain   per page: the prediction leaned on a guess (an input was unreadable)
 * @param reasons       per page, the kernel branch that decided it, in words
 * @param outcomes      pages per outcome key, as a real move counts them
 * @param after         predicted residency afterwards
 * @param notMigrated   the sum of the predicted positive returns of move_pages
 * @param errno         a predicted whole-call error, or null
 * @param profile       the engine's kernel profile ("v6.12")
 * @param release       the running kernel's release
 * @param approximate   the profile is only close to this kernel (2.6.28 to 4.16)
 * @param unreadable    inputs that could not be read, with why (from the snapshot reader)
 * @param unknownFacts  what the engine had to guess because of them, in words
 * @param caller        the caller as the kernel's permission checks would see it
 */
public record PredictedMove(MovePlan plan, int targetNode, int[] status, boolean[] lessCertain, List<String> reasons,
                            PageCounts outcomes, PageCounts after, long notMigrated, Errno errno, String profile,
                            String release, boolean approximate, Set<String> unreadable, List<String> unknownFacts,
                            CallerRights caller) {
    public PredictedMove {
        reasons = List.copyOf(reasons);
        unreadable = Set.copyOf(unreadable);
        unknownFacts = List.copyOf(unknownFacts);
    }

    public long lessCertainPages() {
        long n = 0;
        for (boolean b : lessCertain) {
            if (b) {
                n++;
            }
        }
        return n;
    }

    /** The prediction as a move report (no move calls, no time: nothing moved; the plan's queries counted). */
    public ProcessMoveReport asReport() {
        MoveReport m = new MoveReport(plan.pid(), targetNode, plan.pages(), status, outcomes, notMigrated, false, 0,
                PageEntries.NONE, 0);
        return new ProcessMoveReport(m, plan.before(), after, plan.absentPages(), false, 1, plan.pageEntries());
    }

    /**
     * Page by page, where this prediction and the move of its plan agree.
     *
     * @throws IllegalArgumentException when the move was not of the predicted pages
     */
    public Verification verify(ProcessMoveReport moved) {
        return Verification.compare(this, moved.move());
    }
}
