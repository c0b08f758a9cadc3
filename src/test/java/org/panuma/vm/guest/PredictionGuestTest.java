package org.panuma.vm.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.panuma.api.AddressRange;
import org.panuma.api.MoveOptions;
import org.panuma.api.MovePlan;
import org.panuma.api.MoveProgress;
import org.panuma.api.Numa;
import org.panuma.api.Outcome;
import org.panuma.api.PredictedMove;
import org.panuma.api.ProcessMemory;
import org.panuma.api.ProcessMoveReport;
import org.panuma.api.Selection;
import org.panuma.api.Verification;

/**
 * The library's prediction of a move of another process (a C target, idle, every page on node 0),
 * then the move itself to the last node, then the comparison: what examples/PredictMoveVerify does,
 * with two nodes. Every page predicted "moved", moved, and on the last node afterwards.
 */
class PredictionGuestTest {
    @Test
    void anotherProcess_predictedMovedAndVerified_pageByPage() throws Exception {
        int to = GuestEnvironment.nodes() - 1;
        try (SoakTarget t = FaultsGuestTest.target(4, 0)) {
            Numa numa = Numa.open();
            ProcessMemory memory = ProcessMemory.of(numa, t.pid());
            MovePlan plan = memory.plan(new Selection(List.of(), new AddressRange(t.rangeStart(), t.rangeEnd()), null,
                    null));
            PredictedMove predicted = memory.predict(plan, to, false);
            System.out.println("[prediction] " + predicted.profile() + " on " + predicted.release() + ": "
                    + predicted.outcomes() + "; first page: " + predicted.reasons().get(0));
            assertEquals(Map.of(Outcome.MOVED, 1024L), predicted.outcomes().asMap(), "predicted");

            ProcessMoveReport moved = memory.move(plan, to, MoveOptions.defaults(), 1, MoveProgress.NONE);
            Verification v = predicted.verify(moved);
            assertEquals(1024, v.compared());
            assertEquals(List.of(), v.disagreements(), "every page as predicted");
            assertEquals(1024L, GuestCli.pagesOnNode(t.pid(), t.rangeStart(), t.rangeEnd(), to),
                    "the kernel has them on node " + to);
            assertEquals(0, t.stop(), "the target found its pattern intact: " + t.values);
        }
    }
}
