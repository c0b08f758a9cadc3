package org.panuma.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The guest limits' calibration: wall over CPU time grows when the CPUs are shared. */
class HostSlowdownTest {

    @Test
    void fourBusyThreadsPerCore_makeTheWorkloadMeasurablySlower() throws Exception {
        double alone = HostSlowdown.measure();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> busy = new ArrayList<>();
        int n = 4 * Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                long x = 1;
                while (!stop.get()) {
                    x = x * 6364136223846793005L + 1442695040888963407L;
                }
                if (x == 42) {
                    System.out.print("");
                }
            });
            t.setDaemon(true);
            t.start();
            busy.add(t);
        }
        double shared;
        try {
            shared = HostSlowdown.measure();
        } finally {
            stop.set(true);
            for (Thread t : busy) {
                t.join();
            }
        }
        assertTrue(alone >= 0.9, "wall time cannot be much below CPU time: " + alone);
        assertTrue(shared > alone * 1.3 && shared > 1.5, "alone " + alone + ", shared by " + n + " threads " + shared);
    }

    @Test
    void theFactor_isClampedAndScalesLimits() {
        assertEquals(1.0, HostSlowdown.clamp(0.3));
        assertEquals(4.0, HostSlowdown.clamp(40));
        assertEquals(1.0, HostSlowdown.clamp(Double.NaN));
        assertEquals(2.5, HostSlowdown.clamp(2.5));
        double f = HostSlowdown.factor();
        assertEquals((long) (60_000 * f), HostSlowdown.scale(Duration.ofMinutes(1)).toMillis());
    }
}
