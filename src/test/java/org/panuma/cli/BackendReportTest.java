package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.panuma.spi.Availability;
import org.panuma.spi.Backends;

class BackendReportTest {
    @Test
    void theProbedReport_isTheSameAsAskingDirectly() {
        Map<String, Availability> probed = BackendReport.start().get();
        Map<String, Availability> direct = Backends.report();

        assertEquals(List.of("ffm", "jna", "sim"), List.copyOf(probed.keySet()));
        for (String name : direct.keySet()) {
            assertEquals(direct.get(name).available(), probed.get(name).available(), name);
            assertEquals(direct.get(name).cause(), probed.get(name).cause(), name);
        }
    }
}
