package org.panuma.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.panuma.engine.migrate.MovePagesArgs;
import org.panuma.engine.migrate.SyscallResult;
import org.panuma.engine.model.Nodes;
import org.panuma.engine.model.Pte;
import org.panuma.engine.model.Task;
import org.panuma.engine.model.Vma;
import org.panuma.spi.Errno;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/**
 * Multi-size THP (mTHP, 6.8+) in the v6.12 profile: a 64 KiB anonymous folio is one frame of 16
 * base pages, isolated and migrated whole (add_folio_for_migration, migrate_pages).
 */
class LargeFolioTest {
    static final long HEAP = 0x10000000L;
    static final int FOLIO = 16; // 64 KiB of 4 KiB pages
    static final int U = -999;

    final World world = new World(KernelProfile.V6_12, Nodes.uniform(2, 4096));
    final Task proc = world.process(100, Task.Credentials.user(1000), NodeSet.of(0, 1), 0);
    final Vma heap = world.anon(proc, "heap", HEAP, 2 * FOLIO, 0);

    @Test
    void aLargeFolio_isOneFrameMappedByAllItsPtes_andChargedForEveryPage() {
        long freeBefore = world.machine().nodes().freePages(0);
        int pfn = world.touchLargeFolio(proc, heap, 0, 0, 7, FOLIO);
        world.settle();
        assertEquals(FOLIO, world.machine().frames().nrPages(pfn));
        for (int s = 0; s < FOLIO; s++) {
            assertEquals(pfn, Pte.pfn(heap.pte(s)), "pte " + s);
        }
        assertEquals(Pte.NONE, heap.pte(FOLIO));
        assertEquals(freeBefore - FOLIO, world.machine().nodes().freePages(0));
        assertEquals(List.of(), world.checkInvariants());
    }

    /**
     * The first address isolates the whole folio; the second, in the same run, finds it already off
     * the LRU: folio_isolate_lru fails, -EBUSY. The run is then flushed and the folio moves.
     */
    @Test
    void secondAddressInsideAnIsolatedFolio_isEbusy_andTheFolioMovesWhole() {
        int pfn = world.touchLargeFolio(proc, heap, 0, 0, 7, FOLIO);
        world.settle();
        long[] pages = {HEAP, HEAP + 4096};
        int[] status = {U, U};
        SyscallResult r = world.movePages(100, new MovePagesArgs(0, 2, pages, new int[] {1, 1}, status, Mpol.MPOL_MF_MOVE));
        assertEquals(0, r.value(), r.toString());
        assertArrayEquals(new int[] {1, -Errno.EBUSY.number()}, status);
        int moved = Pte.pfn(heap.pte(5));
        assertEquals(1, world.machine().frames().node(moved));
        assertEquals(FOLIO, world.machine().frames().nrPages(moved), "still one 64 KiB folio after the move");
        for (int s = 0; s < FOLIO; s++) {
            assertEquals(moved, Pte.pfn(heap.pte(s)), "pte " + s);
        }
        world.settle();
        assertEquals(List.of(), world.checkInvariants());
        assertEquals(true, pfn != moved, "a new frame on node 1");
    }

    /** Addresses in two different folios each queue their own folio: both move. */
    @Test
    void addressesInTwoFolios_bothMove() {
        world.touchLargeFolio(proc, heap, 0, 0, 7, FOLIO);
        world.touchLargeFolio(proc, heap, FOLIO, 0, 8, FOLIO);
        world.settle();
        int[] status = {U, U};
        SyscallResult r = world.movePages(100, new MovePagesArgs(0, 2, new long[] {HEAP, HEAP + FOLIO * 4096L},
                new int[] {1, 1}, status, Mpol.MPOL_MF_MOVE));
        assertEquals(0, r.value());
        assertArrayEquals(new int[] {1, 1}, status);
    }

    // A folio the target cannot take whole is split and its base pages retried: LargeFolioSplitTest.

    @Test
    void mthp_isRefusedByTheProfilesThatPredateIt_andMisalignedFoliosByValue() {
        World old = new World(KernelProfile.V6_1, Nodes.uniform(2, 4096));
        Task t = old.process(100, Task.Credentials.user(1), NodeSet.of(0, 1), 0);
        Vma v = old.anon(t, "heap", HEAP, FOLIO, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> old.touchLargeFolio(t, v, 0, 0, 1, FOLIO));
        assertEquals("multi-size THP (6.8+) is modelled by profile v6.12, not v6.1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> world.touchLargeFolio(proc, heap, 3, 0, 1, FOLIO));
        assertThrows(IllegalArgumentException.class, () -> world.touchLargeFolio(proc, heap, 0, 0, 1, 12));
    }
}
