package org.panuma.vm.guest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import java.util.Map;
import org.panuma.api.AddressRange;
import org.panuma.api.MemoryRegion;
import org.panuma.api.MoveOptions;
import org.panuma.api.MoveProgress;
import org.panuma.api.Numa;
import org.panuma.api.ProcessMemory;
import org.panuma.api.ProcessMoveReport;
import org.panuma.api.Selection;
import org.panuma.engine.KernelProfile;
import org.panuma.engine.World;
import org.panuma.engine.migrate.MovePagesArgs;
import org.panuma.engine.migrate.SyscallResult;
import org.panuma.engine.model.Nodes;
import org.panuma.engine.model.Task;
import org.panuma.engine.model.Vma;
import org.panuma.engine.predict.MovePagesPredictor;
import org.panuma.engine.predict.Prediction;
import org.panuma.engine.predict.ProcessSnapshot;
import org.panuma.spi.Backends;
import org.panuma.spi.Errno;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.SyscallException;

/**
 * A multi-size THP (mTHP, 6.8+) made for real and moved, against the engine's v6.12 model of it
 * ({@link World#touchLargeFolio}): with {@code hugepages-64kB/enabled} set to {@code always}, the
 * large-folio target's 64 KiB region is one folio; move_pages with two addresses inside it moves
 * the folio for the first and answers -EBUSY for the second (the folio is already isolated).
 * --dry-run's predictor, fed by the same snapshot (its folios from kpageflags), says the same;
 * where --folios counts one 64 KiB folio before and after; the library's mover takes it back
 * to node 0 and accounts all 16 pages as moved. Runs
 * on kernels with 64 KiB mTHP (6.12 and 7.x in NumaVmIT); skipped, saying why, on 6.1.
 */
class LargeFolioGuestTest {
    static final Path CONTROL = Mthp64k.CONTROL;
    static final int KIB = Mthp64k.KIB;
    static final Duration START = Duration.ofMinutes(2);

    @Test
    void secondAddressInsideAnIsolated64kFolio_isEbusy_inTheKernelAndTheEngine() throws Exception {
        String release = GuestEnvironment.kernelRelease();
        assumeTrue(Files.exists(CONTROL), () -> "kernel " + release + " has no 64 KiB multi-size THP (" + CONTROL
                + "; 6.8+)");
        NumaSyscalls sys = Backends.open(null);
        int pageSize = sys.pageSize();
        int folioPages = KIB * 1024 / pageSize;
        try (Mthp64k mthp = Mthp64k.enable();
             TargetProcess t = TargetProcess.start("large-folio", List.of(
                GuestEnvironment.targets().resolve("large-folio").toString(), String.valueOf(KIB), "0"))) {
            long base = Long.parseUnsignedLong(t.awaitLine("folio ", START).substring(6).trim(), 16);
            t.awaitLine("ready", START);
            long[] pages = {base, base + pageSize};
            ProcessSnapshot snap = TargetSnapshot.take(t.pid(), pages, pageSize);
            for (ProcessSnapshot.Page p : pagesOf(snap)) {
                assertEquals(Boolean.TRUE, p.thp(), () -> "the kernel made no large folio (KPF_THP): " + snap);
                assertEquals(0, p.node(), () -> "bound to node 0: " + snap);
            }
            // What --dry-run reads of it: one folio of 16 pages (kpageflags' head and tails), whole.
            assertEquals(List.of(new ProcessSnapshot.Folio(base, folioPages, true)), snap.regions().get(0).folios(),
                    () -> "the snapshot's folios: " + snap);
            Numa numa = Numa.open();
            ProcessMemory memory = ProcessMemory.of(numa, (int) t.pid());
            MemoryRegion region = memory.regions().stream().filter(r -> r.start() <= base && base < r.end()).findFirst()
                    .orElseThrow();
            assertEquals(Map.of((long) KIB * 1024, 1L), memory.folios(region).bySize(),
                    "where --folios: one 64 KiB folio before the move");
            KernelProfile profile = GuestEnvironment.profile();
            Prediction dryRun = MovePagesPredictor.predict(profile, snap, new long[] {base, base + pageSize},
                    new int[] {1, 1}, Mpol.MPOL_MF_MOVE, KernelSemanticsGuestTest.ROOT);

            int[] to = {1, 1};
            int[] status = new int[2];
            Arrays.fill(status, Prediction.UNWRITTEN);
            long ret;
            Errno errno = null;
            try {
                ret = sys.movePages((int) t.pid(), pages, to, status, 0, 2, Mpol.MPOL_MF_MOVE);
            } catch (SyscallException e) {
                ret = -1;
                errno = e.errno();
            }

            World w = new World(profile, Nodes.uniform(GuestEnvironment.nodes(), 1 << 16));
            Task task = w.process(2, Task.Credentials.root(), NodeSet.of(0, 1), 0);
            Vma heap = w.anon(task, "folio", base, folioPages, 0);
            w.touchLargeFolio(task, heap, 0, 0, 1, folioPages);
            w.settle();
            int[] predicted = new int[2];
            Arrays.fill(predicted, Prediction.UNWRITTEN);
            SyscallResult engine = w.movePages(2, new MovePagesArgs(0, 2, pages, to, predicted, Mpol.MPOL_MF_MOVE));

            String context = "kernel " + release + ": ret " + ret + " " + errno + " status " + Arrays.toString(status)
                    + "\nengine " + profile + ": " + engine + " status " + Arrays.toString(predicted);
            assertEquals(engine.value(), ret, context);
            assertEquals(engine.errno(), errno, context);
            assertArrayEquals(predicted, status, context);
            assertArrayEquals(new int[] {1, -Errno.EBUSY.number()}, status, context);
            assertArrayEquals(status, dryRun.status(), "--dry-run's predictor, from the snapshot: " + dryRun.reasons());
            assertEquals(ret, dryRun.returnValue(), "--dry-run's predictor's return");
            ProcessSnapshot after = TargetSnapshot.take(t.pid(), new long[] {base + (long) (folioPages - 1) * pageSize},
                    pageSize);
            assertEquals(1, pagesOf(after).get(0).node(), () -> "the folio's last page moved with it: " + after);
            assertEquals(Map.of((long) KIB * 1024, 1L), memory.folios(region).bySize(),
                    "where --folios: still one 64 KiB folio, now on node 1");

            // The library's mover takes it back: every page of the folio is accounted as moved, though
            // the kernel answered -EBUSY for all but the first address of it.
            ProcessMoveReport back = memory.move(new Selection(List.of(), new AddressRange(base,
                    base + (long) folioPages * pageSize), null, null), 0, MoveOptions.defaults(), 1, MoveProgress.NONE);
            assertEquals(folioPages, back.move().moved(), () -> "moved back: " + back.move().outcomeMap());
            assertEquals(0, back.move().failed(), () -> "moved back: " + back.move().outcomeMap());
            ProcessSnapshot home = TargetSnapshot.take(t.pid(), new long[] {base, base + (long) (folioPages - 1) * pageSize},
                    pageSize);
            for (ProcessSnapshot.Page p : pagesOf(home)) {
                assertEquals(0, p.node(), () -> "back on node 0: " + home);
            }
            t.write("stop");
            assertEquals(0, t.awaitExit(START), "the target's exit status");
        }
    }

    private static List<ProcessSnapshot.Page> pagesOf(ProcessSnapshot s) {
        return s.regions().stream().flatMap(r -> r.pages().stream()).toList();
    }
}
