package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** `panuma exporter` errors that only show when it tries to serve. */
class ExporterCommandIT {
    @Test
    void aPortInUse_isAUsageErrorNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String listen = "127.0.0.1:" + taken.getLocalPort();
            Run run = Run.of("exporter", "--pid", Long.toString(ProcessHandle.current().pid()), "--listen", listen);
            assertEquals(ExitCodes.USAGE, run.exitCode, run.toString());
            assertTrue(run.err.contains("--listen") && run.err.contains(listen), run.toString());
            assertEquals("", run.out);
        }
    }
}
