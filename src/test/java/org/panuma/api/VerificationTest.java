package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.panuma.spi.Errno;

class VerificationTest {
    static final long A = 0x7f0000000000L;

    static PredictedMove predicted(int... status) {
        long[] pages = new long[status.length];
        for (int i = 0; i < pages.length; i++) {
            pages[i] = A + 4096L * i;
        }
        boolean[] less = new boolean[status.length];
        less[status.length - 1] = true;
        List<String> reasons = java.util.stream.IntStream.range(0, status.length).mapToObj(i -> "reason " + i).toList();
        return new PredictedMove(new MovePlan(1, pages, new int[status.length], 0, List.of(), PageEntries.NONE), 1, status, less,
                reasons, new PageCounts(), new PageCounts(), 0, null, "v6.12", "6.18.0", false, Set.of(), List.of(),
                new CallerRights(false, true, false));
    }

    static MoveReport actual(long[] pages, int... status) {
        return new MoveReport(1, 1, pages, status, new PageCounts(), 0, false, 1, PageEntries.NONE, 1);
    }

    @Test
    void agreeingAndDisagreeingPages_areCountedAndListedWithThePredictionsReason() {
        PredictedMove p = predicted(1, -13, 1, 1);
        Verification v = Verification.compare(p, actual(p.plan().pages(), 1, -13, -16, PageStatus.NOT_PROCESSED));
        assertEquals(4, v.compared());
        assertEquals(2, v.agreeing());
        assertEquals(50.0, v.agreementPercent());
        assertEquals(List.of(new Verification.Disagreement(A + 8192, 1, -16, false, "reason 2"),
                new Verification.Disagreement(A + 12288, 1, PageStatus.NOT_PROCESSED, true, "reason 3")),
                v.disagreements());
    }

    @Test
    void aMoveOfOtherPages_cannotBeCompared() {
        PredictedMove p = predicted(1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Verification.compare(p, actual(new long[] {A}, 1)));
        assertTrue(e.getMessage().contains("1 vs 2"), e.getMessage());
    }

    @Test
    void outcomeKeys_areTheRealMovesKeys() {
        assertEquals(Outcome.ALREADY, MovePredictor.outcome(0, 0, 0));
        assertEquals(Outcome.MOVED, MovePredictor.outcome(1, 0, 1));
        assertEquals(Outcome.NOT_MIGRATED, MovePredictor.outcome(0, 0, 1));
        assertEquals(Outcome.NOT_PROCESSED, MovePredictor.outcome(PageStatus.NOT_PROCESSED, 0, 1));
        assertEquals(Outcome.errno(Errno.EBUSY), MovePredictor.outcome(-16, 0, 1));
        assertEquals("EBUSY", MovePredictor.outcome(-16, 0, 1).toString(), "the JSON key");
        assertEquals("notProcessed", MovePredictor.outcome(PageStatus.NOT_PROCESSED, 0, 1).toString(), "the JSON key");
    }
}
