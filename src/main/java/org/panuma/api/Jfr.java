package org.panuma.api;

import jdk.jfr.FlightRecorder;

/**
 * Whether panuma's JFR events are worth creating. The first instance of any event class makes
 * the JDK set up JFR's whole type library even when nothing records: measured 250-300 ms on our
 * host and 9 s in the TCG guest, all of it inside the first move's timing. So events are only
 * created once the flight recorder is up (started with -XX:StartFlightRecording, jcmd JFR.start
 * or the jdk.jfr API); recordings started later still get every event from then on.
 */
final class Jfr {
    private Jfr() {
    }

    static boolean recording() {
        return FlightRecorder.isInitialized();
    }
}
