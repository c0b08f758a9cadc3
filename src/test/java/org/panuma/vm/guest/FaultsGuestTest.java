package org.panuma.vm.guest;

import org.panuma.vm.GuestSlowdown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.panuma.api.AddressRange;
import org.panuma.api.MoveOptions;
import org.panuma.api.MoveProgress;
import org.panuma.api.MoveReport;
import org.panuma.api.Outcome;
import org.panuma.api.Numa;
import org.panuma.api.ProcessMemory;
import org.panuma.api.ProcessMoveReport;
import org.panuma.api.Selection;
import org.panuma.cli.ExitCodes;
import org.panuma.spi.Errno;

/**
 * Issue 8, item 2: faults in the middle of a move of a live target (integration-tests/targets/
 * fault-target.c), in the 2-node guest. The library tests inject the fault from the progress
 * callback, which runs on the moving thread after a batch: the fault lands between two batches,
 * every time. The CLI tests wait until the target's numa_maps shows the first pages on the
 * destination node, then inject it. Every report must account for every page (the outcomes,
 * "notProcessed" included, add up to the pages requested), and what the report says moved must
 * be where the kernel says the pages are.
 */
class FaultsGuestTest {
    static final int BATCH = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Numa numa;

    @BeforeEach
    void twoNodes() {
        assumeTrue(GuestEnvironment.nodes() == 2, "the fault tests run in the 2-node guest only");
        numa = Numa.open();
    }

    /** A fault-target of {@code mib} MiB, every page on {@code node} (checked). */
    static SoakTarget target(int mib, int node) throws IOException {
        SoakTarget t = SoakTarget.start(List.of(GuestEnvironment.targets().resolve("fault-target").toString(),
                Integer.toString(mib), Integer.toString(node)));
        assertEquals(mib * 256L, GuestCli.pagesOnNode(t.pid(), t.rangeStart(), t.rangeEnd(), node),
                "the target's pages start on node " + node);
        return t;
    }

    static Selection range(SoakTarget t) {
        return new Selection(List.of(), new AddressRange(t.rangeStart(), t.rangeEnd()), null, null);
    }

    static String rangeArg(SoakTarget t) {
        return new AddressRange(t.rangeStart(), t.rangeEnd()).toString();
    }

    /** Checks that the outcomes add up to the pages requested; returns them. */
    static Map<Outcome, Long> accounted(MoveReport r) {
        Map<Outcome, Long> o = r.outcomeMap();
        assertEquals(r.requestedPages(), o.values().stream().mapToLong(Long::longValue).sum(),
                "moved + already + failed + not processed = requested: " + o);
        return o;
    }

    /** The CLI's JSON report; checks that its outcomes add up to the pages requested. */
    static JsonNode accounted(GuestCli.Result r) throws IOException {
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "a stack trace: " + r);
        JsonNode json = JSON.readTree(r.out());
        long sum = 0;
        for (JsonNode n : json.get("outcomes")) {
            sum += n.asLong();
        }
        assertEquals(json.get("requestedPages").asLong(), sum, "outcomes vs requested: " + r);
        return json;
    }

    static void awaitFirstPagesOn(SoakTarget t, int node, GuestCli.Run cli) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + GuestSlowdown.scaled(java.time.Duration.ofSeconds(300)).toNanos();
        while (GuestCli.pagesOnNode(t.pid(), t.rangeStart(), t.rangeEnd(), node) == 0) {
            assertTrue(cli.process().isAlive(), "the CLI ended before it moved a page");
            assertTrue(System.nanoTime() < deadline, "no page reached node " + node + " in " + (deadline - t0) / 1_000_000_000L + " s");
            Thread.sleep(20);
        }
        System.out.printf("[fault] first pages on node %d %.1f s after the CLI started%n", node,
                (System.nanoTime() - t0) / 1e9);
    }

    static void assertIntact(SoakTarget t) throws IOException {
        assertEquals("corrupted 0", t.send("check"), "the target's pattern");
    }

    @Test
    void targetExits_betweenBatches_library_reportCoversWhatWasDone() throws Exception {
        try (SoakTarget t = target(32, 0)) {
            AtomicBoolean killed = new AtomicBoolean();
            MoveProgress exitAfterFirstBatch = (done, total, moved) -> {
                if (killed.compareAndSet(false, true)) {
                    try {
                        t.send("exit");
                        t.process.waitFor();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            ProcessMoveReport r = ProcessMemory.of(numa, t.pid()).move(range(t), 1,
                    MoveOptions.defaults().withBatchPages(BATCH), 1, exitAfterFirstBatch);
            Map<Outcome, Long> o = accounted(r.move());
            System.out.println("[fault] target exit (library): " + o);
            assertTrue(r.targetExited(), "the report says the target exited");
            assertTrue(r.move().moved() > 0 && r.move().moved() <= BATCH, "the first batch moved: " + o);
            assertTrue(o.getOrDefault(Outcome.NOT_PROCESSED, 0L) > 0, "pages left unprocessed: " + o);
        }
    }

    @Test
    void targetExits_duringCliMove_exitCodeAndConsistentPartialReport() throws Exception {
        GuestCli.assumeSlowAllowed();
        try (SoakTarget t = target(8, 0)) {
            GuestCli.Run cli = GuestCli.start(List.of(), "move", Integer.toString(t.pid()), "--to", "1", "--range",
                    rangeArg(t), "--batch", "64", "--rate", "1", "--json", "--no-progress");
            awaitFirstPagesOn(t, 1, cli);
            t.send("exit");
            t.process.waitFor();
            GuestCli.Result r = cli.await(5);
            System.out.println("[fault] target exit (CLI): exit " + r.exit() + " " + r.out().strip());
            JsonNode json = accounted(r);
            assertEquals(ExitCodes.PAGES_NOT_MOVED, r.exit(), r.toString());
            assertTrue(json.get("targetExited").asBoolean(), r.toString());
            assertTrue(json.get("outcomes").path("moved").asLong() > 0, r.toString());
            assertTrue(json.get("outcomes").path(Outcome.NOT_PROCESSED.toString()).asLong() > 0, r.toString());
        }
    }

    @Test
    void targetUnmapsARange_betweenBatches_library_failsThosePagesOnly() throws Exception {
        int mib = 8;
        long pages = mib * 256L;
        try (SoakTarget t = target(mib, 0)) {
            AtomicBoolean unmapped = new AtomicBoolean();
            MoveProgress unmapSecondHalf = (done, total, moved) -> {
                if (unmapped.compareAndSet(false, true)) {
                    try {
                        assertEquals("unmapped", t.send("unmap " + pages / 2 + " " + pages / 4));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
            ProcessMoveReport r = ProcessMemory.of(numa, t.pid()).move(range(t), 1,
                    MoveOptions.defaults().withBatchPages(BATCH), 1, unmapSecondHalf);
            Map<Outcome, Long> o = accounted(r.move());
            System.out.println("[fault] unmap mid-move (library): " + o);
            assertFalse(r.targetExited());
            assertTrue(t.process.isAlive(), "the target lives");
            assertEquals(pages / 4, r.move().requestedPages() - r.move().moved() - r.move().already(),
                    "exactly the unmapped pages were not moved: " + o);
            // What the report says moved is on node 1; the rest that is still mapped never left node 0.
            assertEquals(r.move().moved(), GuestCli.pagesOnNode(t.pid(), t.rangeStart(), t.rangeEnd(), 1), "node 1 per numa_maps");
            assertIntact(t);
        }
    }

    @Test
    void targetNodeOutOfMemory_failureReported_pagesStayWhereTheyWere() throws Exception {
        GuestCli.assumeSlowAllowed();
        Path filler = GuestEnvironment.targets().resolve("fault-target");
        try (SoakTarget fill = SoakTarget.start(List.of(filler.toString(), "--fill", "1", "32"))) {
            long node1 = meminfoKiB(1, "MemFree") + meminfoKiB(1, "FilePages");
            int mib = (int) (node1 / 1024) + 32;
            long node0 = meminfoKiB(0, "MemFree") / 1024;
            System.out.println("[fault] node 1 filled with " + fill.values.get("filled") + " MiB; node 1 free+file "
                    + node1 / 1024 + " MiB; target " + mib + " MiB; node 0 free " + node0 + " MiB");
            assumeTrue(node0 > mib + 64, "node 0 cannot hold a target larger than node 1's free memory");
            try (SoakTarget t = target(mib, 0)) {
                ProcessMoveReport r = ProcessMemory.of(numa, t.pid()).move(range(t), 1,
                        MoveOptions.defaults(), 1, MoveProgress.NONE);
                Map<Outcome, Long> o = accounted(r.move());
                System.out.println("[fault] node 1 out of memory (library): " + o);
                long notMoved = r.move().requestedPages() - r.move().moved() - r.move().already();
                assertTrue(notMoved > 0, "pages that did not fit were reported: " + o);
                assertTrue(o.containsKey(Outcome.errno(Errno.ENOMEM)), "reported as ENOMEM: " + o);
                assertTrue(t.process.isAlive(), "the target lives");
                // Every page started on node 0 (checked), so none was "already" there. A batch the
                // kernel failed as a whole with ENOMEM may have moved some pages first, without saying
                // which; PageMover's page-by-page retry must count those as moved (it once counted
                // them as "already").
                assertEquals(0, r.move().already(), "no page was on node 1 before: " + o);
                assertEquals(r.move().moved(), GuestCli.pagesOnNode(t.pid(), t.rangeStart(), t.rangeEnd(), 1),
                        "node 1 per numa_maps");
                assertEquals(notMoved, GuestCli.pagesOnNode(t.pid(), t.rangeStart(), t.rangeEnd(), 0),
                        "the pages not moved stayed on node 0");
                assertIntact(t);
            }
            fill.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void signalDuringCliMove_stopsBetweenBatches_consistentReport(String signal) throws Exception {
        GuestCli.assumeSlowAllowed();
        try (SoakTarget t = target(8, 0)) {
            GuestCli.Run cli = GuestCli.start(List.of(), "move", Integer.toString(t.pid()), "--to", "1", "--range",
                    rangeArg(t), "--batch", "64", "--rate", "1", "--json", "--no-progress");
            awaitFirstPagesOn(t, 1, cli);
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(cli.process().pid())).start();
            assertEquals(0, kill.waitFor());
            GuestCli.Result r = cli.await(5);
            System.out.println("[fault] SIG" + signal + " (CLI): exit " + r.exit() + " " + r.out().strip());
            JsonNode json = accounted(r);
            assertEquals(ExitCodes.PAGES_NOT_MOVED, r.exit(), r.toString());
            assertTrue(json.get("stoppedEarly").asBoolean(), r.toString());
            assertFalse(json.get("targetExited").asBoolean(), r.toString());
            long moved = json.get("outcomes").path("moved").asLong();
            assertTrue(json.get("outcomes").path(Outcome.NOT_PROCESSED.toString()).asLong() > 0, "stopped early: " + r);
            assertEquals(moved, GuestCli.pagesOnNode(t.pid(), t.rangeStart(), t.rangeEnd(), 1), "moved per report vs numa_maps");
            assertIntact(t);
        }
    }

    @Test
    void twoCliProcesses_moveTheSameTargetAtOnce_bothFinish_targetIntact() throws Exception {
        GuestCli.assumeSlowAllowed();
        Path exe = GuestEnvironment.targets().resolve("soak-target");
        try (SoakTarget t = SoakTarget.start(List.of(exe.toString(), "32", "2"))) {
            String[] args = {"move", Integer.toString(t.pid()), "--to", "1", "--range", rangeArg(t), "--batch", "256",
                    "--json", "--no-progress"};
            GuestCli.Run a = GuestCli.start(List.of(), args);
            GuestCli.Run b = GuestCli.start(List.of(), args);
            GuestCli.Result ra = a.await(5);
            GuestCli.Result rb = b.await(5);
            System.out.println("[fault] two CLIs at once: A exit " + ra.exit() + " " + ra.out().strip() + "\n  B exit "
                    + rb.exit() + " " + rb.out().strip());
            long pages = (t.rangeEnd() - t.rangeStart()) / numa.pageSize();
            for (GuestCli.Result r : List.of(ra, rb)) {
                JsonNode json = accounted(r);
                long there = json.get("outcomes").path("moved").asLong() + json.get("outcomes").path("already").asLong();
                assertEquals(r.exit() == 0, there == json.get("requestedPages").asLong(), r.toString());
                assertTrue(r.exit() == 0 || r.exit() == 1, r.toString());
            }
            if (ra.exit() == 0 || rb.exit() == 0) {
                assertEquals(pages, GuestCli.pagesOnNode(t.pid(), t.rangeStart(), t.rangeEnd(), 1), "every page on node 1");
            }
            assertEquals(0, t.stop(), "the target's exit status");
            assertEquals("0", t.values.get("corrupted"), "bytes corrupted");
        }
    }

    static long meminfoKiB(int node, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/sys/devices/system/node/node" + node + "/meminfo"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[2].equals(key + ":")) {
                return Long.parseLong(f[3]);
            }
        }
        throw new IllegalStateException(key + " not in node" + node + "/meminfo");
    }
}
