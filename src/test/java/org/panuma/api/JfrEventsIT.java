package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.panuma.api.TestNuma.BACKENDS;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.panuma.os.SysfsTopologyReader;
import org.panuma.spi.Errno;
import org.panuma.spi.KernelRelease;

/** Allocations and moves show up in a flight recording with the numbers the api returned. */
class JfrEventsIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void allocationAndMove_areRecordedWithPagesBytesNodesAndFailuresByReason(String backend) throws Exception {
        Numa numa = TestNuma.open(backend);
        int node = TestNuma.firstNodeWithMemory(numa);
        int page = numa.pageSize();
        Errno untouched = KernelRelease.parse(SysfsTopologyReader.kernelRelease()).neverTouchedAnonymousPage();
        MoveReport report;
        List<RecordedEvent> events;
        try (Recording recording = new Recording()) {
            recording.enable("org.panuma.Allocation");
            recording.enable("org.panuma.Move");
            recording.start();
            try (NodeMemory mem = numa.memory(MemoryPolicy.bind(node))) {
                ByteBuffer buf = mem.allocateBuffer(8 * page);
                for (int i = 0; i < 5; i++) {
                    buf.put(i * page, (byte) 1);   // 5 pages touched, 3 never touched
                }
                report = mem.move(buf, node);
            }
            recording.stop();
            Path file = Files.createTempFile("panuma-jfr", ".jfr");
            try {
                recording.dump(file);
                events = RecordingFile.readAllEvents(file);
            } finally {
                Files.deleteIfExists(file);
            }
        }
        RecordedEvent allocation = only(events, "org.panuma.Allocation");
        assertEquals(8L * page, allocation.getLong("bytes"));
        assertEquals(8L, allocation.getLong("pages"));
        assertEquals("BIND", allocation.getString("policy"));
        assertEquals(Integer.toString(node), allocation.getString("nodes"));
        assertEquals(backend, allocation.getString("backend"));

        RecordedEvent move = only(events, "org.panuma.Move");
        assertEquals(0, move.getInt("pid"));
        assertEquals(node, move.getInt("targetNode"));
        assertEquals(8L, move.getLong("pages"));
        assertEquals(8L * page, move.getLong("bytes"));
        assertEquals(5L, move.getLong("already"));
        assertEquals(0L, move.getLong("moved"));
        assertEquals(3L, move.getLong("failed"));
        assertEquals(untouched.name() + "=3", move.getString("failures"));
        assertEquals(report.failed(), move.getLong("failed"));
        assertEquals(false, move.getBoolean("stoppedEarly"));
        assertTrue(move.getDuration().compareTo(Duration.ZERO) > 0, "a move takes time");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void moveOfAProcessByPid_isRecordedWithThatPid(String backend) throws Exception {
        Numa numa = TestNuma.open(backend);
        int node = TestNuma.firstNodeWithMemory(numa);
        int page = numa.pageSize();
        int pid = (int) ProcessHandle.current().pid();
        List<RecordedEvent> events;
        try (Recording recording = new Recording()) {
            recording.enable("org.panuma.Move");
            recording.start();
            try (NodeMemory mem = numa.memory(MemoryPolicy.bind(node))) {
                ByteBuffer buf = mem.allocateBuffer(4 * page);
                long[] pages = new long[4];
                for (int i = 0; i < 4; i++) {
                    buf.put(i * page, (byte) 1);
                    pages[i] = numa.syscalls().address(buf) + (long) i * page;
                }
                // The path `panuma move PID` takes: by pid, not as pid 0.
                numa.mover().move(pid, pages, node, MoveOptions.defaults(), MoveProgress.NONE);
            }
            recording.stop();
            Path file = Files.createTempFile("panuma-jfr", ".jfr");
            try {
                recording.dump(file);
                events = RecordingFile.readAllEvents(file);
            } finally {
                Files.deleteIfExists(file);
            }
        }
        RecordedEvent move = only(events, "org.panuma.Move");
        assertEquals(pid, move.getInt("pid"));
        assertEquals(4L, move.getLong("already"));
        assertEquals(4L * page, move.getLong("bytes"));
    }

    private static RecordedEvent only(List<RecordedEvent> events, String name) {
        List<RecordedEvent> named = events.stream().filter(e -> e.getEventType().getName().equals(name))
                .collect(Collectors.toList());
        assertEquals(1, named.size(), name + " events: " + named);
        return named.get(0);
    }
}
