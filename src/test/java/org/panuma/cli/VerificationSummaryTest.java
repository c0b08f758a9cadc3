package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.panuma.api.CallerRights;
import org.panuma.api.MovePlan;
import org.panuma.api.PageCounts;
import org.panuma.api.PageEntries;
import org.panuma.api.PredictedMove;
import org.panuma.spi.Errno;
import org.panuma.spi.ProcessInfo;
import org.panuma.spi.SyscallException;

/**
 * `move --verify` when the kernel refuses the whole call: the target's command line, which the
 * target chose, reaches the operator's terminal escaped, as in every other heading.
 */
class VerificationSummaryTest {
    @Test
    void wholeCallRefused_escapesTheTargetsCommandLine() {
        ProcessInfo hostile = new ProcessInfo(42, List.of("evil\u001b[2J\rforged\nline"), 0, "root");
        PredictedMove predicted = new PredictedMove(new MovePlan(42, new long[] {0x1000}, new int[1], 0, List.of(),
                PageEntries.NONE), 1, new int[] {1}, new boolean[1], List.of("moves"), new PageCounts(),
                new PageCounts(), 0, null, "v6.12", "6.12.0", false, Set.of(), List.of(),
                new CallerRights(false, true, true));
        StringWriter text = new StringWriter();
        VerificationSummary.wholeCall(new PrintWriter(text, true), false, hostile, predicted,
                SyscallException.of("move_pages", "pid=42, count=1", Errno.EPERM));
        String first = text.toString().lines().findFirst().orElseThrow();
        assertEquals("pid 42 (user root): evil\\e[2J\\rforged\\nline", first);
        assertTrue(text.toString().lines().noneMatch(l -> l.startsWith("forged") || l.startsWith("line")),
                text.toString());
        assertTrue(text.toString().lines().skip(1).findFirst().orElseThrow()
                .startsWith("the kernel refused the whole move: move_pages(pid=42, count=1) failed: EPERM"), text.toString());
    }
}
