package org.panuma.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TargetReportTest {
    @Test
    void corruptedZero_saysWhatWasChecked() {
        assertEquals("(checked: the target compared all 64 MiB of its memory with the pattern it had written, 3 times,"
                + " before, during and after the move: every byte was as written)",
                TargetReport.explain("done passes=2 corrupted=0", 64));
    }

    @Test
    void corruptedBytes_areCounted_andAnotherLineIsLeftAlone() {
        assertEquals("(checked: the target compared all 1 MiB of its memory with the pattern it had written, 1 time,"
                + " before, during and after the move: 17 bytes differed)",
                TargetReport.explain("done passes=0 corrupted=17", 1));
        assertEquals("", TargetReport.explain("Exception in thread main", 64));
    }
}
