package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panuma.spi.RegionKind;

/** The process-level library API against a live C target: stop signals and a target that exits mid-move. */
class ProcessMemoryIT {
    @TempDir
    Path dir;

    private Process startTarget(int anonPages) throws Exception {
        Path src = dir.resolve("t.c");
        try (InputStream in = getClass().getResourceAsStream("/target/panuma-target.c")) {
            Files.copy(in, src);
        }
        Path exe = dir.resolve("t");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "gcc is not installed");
            throw e;
        }
        gcc.getInputStream().readAllBytes();
        assertEquals(0, gcc.waitFor());
        Process p = new ProcessBuilder(exe.toString(), "8", Integer.toString(anonPages)).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null && !line.equals("ready")) {
            // addresses are not needed here
        }
        return p;
    }

    private static Selection anon() {
        return new Selection(List.of(RegionFilter.parse("anon")), null, null, null);
    }

    @Test
    void regions_comeFromSmaps_withKinds() throws Exception {
        Process p = startTarget(64);
        try {
            List<MemoryRegion> regions = ProcessMemory.of(Numa.open(), (int) p.pid()).regions();
            assertTrue(regions.stream().anyMatch(r -> r.kind() == RegionKind.HEAP));
            assertTrue(regions.stream().anyMatch(r -> r.kind() == RegionKind.STACK));
            assertTrue(regions.stream().anyMatch(r -> r.kind() == RegionKind.SHM));
            assertTrue(regions.stream().filter(r -> r.kind() == RegionKind.VDSO).noneMatch(MemoryRegion::migratable));
        } finally {
            p.getOutputStream().close();
            assertEquals(0, p.waitFor());
        }
    }

    @Test
    void aMove_handsEachPageToTheKernelAtMostTwice_andOnceWhenItNeedsNoMove() throws Exception {
        Process p = startTarget(256);
        try {
            ProcessMemory mem = ProcessMemory.of(Numa.open(), (int) p.pid());
            int node = mem.where(anon()).totalBasePagesByNode().keySet().iterator().next();
            ProcessMoveReport r = mem.move(anon(), node, MoveOptions.defaults(), 1, MoveProgress.NONE);
            MoveReport m = r.move();
            assertTrue(m.requestedPages() >= 256, m.outcomes().toString());
            assertEquals(m.requestedPages(), m.already() + m.moved() + m.failed());
            // A plan queries each page at most once, and only pages elsewhere are handed over to move.
            assertTrue(r.pageEntries().queried() <= m.requestedPages() + r.absentPages(), r.pageEntries().toString());
            assertTrue(r.pageEntries().moved() <= 2 * (m.requestedPages() - m.already()), r.pageEntries().toString());
            if (r.before().byNode().size() == 1) {
                assertEquals(0, r.pageEntries().moved(), "all were on the node already");
                assertEquals(r.before().byNode(), r.after().byNode(), "nothing had to move");
            }
        } finally {
            p.getOutputStream().close();
            assertEquals(0, p.waitFor());
        }
    }

    @Test
    void stopSignal_endsTheMoveBetweenBatches_andReportsWhatWasDone() throws Exception {
        Process p = startTarget(256);
        try {
            AtomicInteger batches = new AtomicInteger();
            MoveOptions o = MoveOptions.defaults().withBatchPages(16).withStop(() -> batches.get() >= 2);
            ProcessMoveReport r = ProcessMemory.of(Numa.open(), (int) p.pid()).move(anon(), 0, o, 1,
                    (done, total, moved) -> batches.incrementAndGet());
            MoveReport m = r.move();
            assertTrue(m.stoppedEarly());
            assertFalse(r.targetExited());
            assertEquals(32, m.already(), m.outcomes().toString());
            assertEquals(m.requestedPages() - 32, m.outcomes().get(Outcome.NOT_PROCESSED));
            assertEquals(m.requestedPages(), m.outcomes().total(), "outcomes add up to the request");
        } finally {
            p.getOutputStream().close();
            assertEquals(0, p.waitFor());
        }
    }

    @Test
    void targetExitingMidMove_givesAConsistentPartialReport() throws Exception {
        Process p = startTarget(256);
        try {
            MoveOptions o = MoveOptions.defaults().withBatchPages(16);
            ProcessMoveReport r = ProcessMemory.of(Numa.open(), (int) p.pid()).move(anon(), 0, o, 1,
                    (done, total, moved) -> {
                        if (done == 16) {
                            p.destroyForcibly();
                            try {
                                p.waitFor(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    });
            MoveReport m = r.move();
            assertTrue(r.targetExited());
            assertEquals(16, m.already(), m.outcomes().toString());
            assertEquals(m.requestedPages() - 16, m.outcomes().get(Outcome.NOT_PROCESSED));
            assertEquals(m.requestedPages(), m.outcomes().total());
            assertTrue(r.after().asMap().isEmpty(), "no after residency for a gone process");
        } finally {
            p.destroyForcibly();
        }
    }
}
