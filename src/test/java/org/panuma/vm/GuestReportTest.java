package org.panuma.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestReportTest {
    @Test
    void aTestLongerThan1000Seconds_isRead_withJUnitsGroupedTime(@TempDir Path dir) throws Exception {
        Path xml = dir.resolve("TEST-junit-jupiter.xml");
        Files.writeString(xml, """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="JUnit Jupiter" tests="1" skipped="0" failures="0" errors="0" time="1702.5">
                <testcase name="engine_agreesWithTheKernel()" classname="org.panuma.vm.guest.DifferentialGuestTest" time="1,701.672">
                </testcase>
                </testsuite>
                """);
        List<GuestReport.TestCase> cases = GuestReport.parse(xml);
        assertEquals(1, cases.size());
        assertEquals(GuestReport.Outcome.PASSED, cases.get(0).outcome());
        assertEquals(1701.672, cases.get(0).seconds(), 1e-9);
    }
}
