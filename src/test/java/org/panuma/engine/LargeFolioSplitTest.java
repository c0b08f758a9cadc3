package org.panuma.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.panuma.engine.migrate.MovePagesArgs;
import org.panuma.engine.migrate.SyscallResult;
import org.panuma.engine.model.Disturbances;
import org.panuma.engine.model.Nodes;
import org.panuma.engine.model.PageFlags;
import org.panuma.engine.model.Pte;
import org.panuma.engine.model.Task;
import org.panuma.engine.model.Vma;
import org.panuma.spi.Errno;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/**
 * A large folio the target node cannot allocate whole is split and its base pages migrated after
 * the rest of the list (mm/migrate.c, try_split_folio on -ENOMEM, of 6.1.192 and 6.12.117). The two
 * profiles part where a split page then finds no memory: 6.1 returns -ENOMEM, 6.12 ignores the split
 * round's -ENOMEM and returns the count of failed folios (the split folio counts as one).
 */
class LargeFolioSplitTest {
    static final long HEAP = 0x10000000L;
    static final int MTHP = 16; // 64 KiB
    static final int THP = PageFlags.HUGE_PAGES;
    static final int U = -999;

    /** Two nodes: node 0 roomy, node 1 with {@code freeOnTarget} pages. */
    static World world(KernelProfile p, long freeOnTarget) {
        return new World(p, new Nodes(new long[] {4096, freeOnTarget}, new boolean[] {true, true}, new int[] {0}));
    }

    record Moved(SyscallResult result, int[] status, Map<String, Long> vmstat) {
    }

    static Moved moveFirstPage(World w, int node) {
        Map<String, Long> before = w.machine().vmstat().snapshot();
        int[] status = {U};
        SyscallResult r = w.movePages(100, new MovePagesArgs(0, 1, new long[] {HEAP}, new int[] {node}, status,
                Mpol.MPOL_MF_MOVE));
        w.settle();
        assertEquals(List.of(), w.checkInvariants());
        return new Moved(r, status, w.machine().vmstat().since(before));
    }

    static int pagesOn(World w, Vma v, int nr, int node) {
        int n = 0;
        for (int s = 0; s < nr; s++) {
            n += w.machine().frames().node(Pte.pfn(v.pte(s))) == node ? 1 : 0;
        }
        return n;
    }

    static Set<Integer> framesOf(Vma v, int nr) {
        Set<Integer> pfns = new HashSet<>();
        for (int s = 0; s < nr; s++) {
            pfns.add(Pte.pfn(v.pte(s)));
        }
        return pfns;
    }

    @Test
    void v612_mthpOnAFragmentedTarget_isSplit_andEveryBasePageMoves_statusIsTheNode() {
        World w = world(KernelProfile.V6_12, 4096);
        w.machine().nodes().fragment(1, 8); // 16 pages free in blocks of 8: no 64 KiB block
        Task t = w.process(100, Task.Credentials.user(1000), NodeSet.of(0, 1), 0);
        Vma v = w.anon(t, "heap", HEAP, MTHP, 0);
        w.touchLargeFolio(t, v, 0, 0, 7, MTHP);
        w.settle();
        Moved m = moveFirstPage(w, 1);
        assertEquals(0, m.result().value(), m.result().toString());
        assertArrayEquals(new int[] {1}, m.status());
        assertEquals(MTHP, pagesOn(w, v, MTHP, 1));
        assertEquals(MTHP, framesOf(v, MTHP).size(), "16 base pages now, one frame each");
        assertEquals(16L, m.vmstat().get("pgmigrate_success"));
        assertEquals(0L, m.vmstat().getOrDefault("thp_migration_split", 0L), "an mTHP is not PMD-mappable: not a THP split");
        assertEquals(7L, w.dataAt(t, HEAP + 15 * 4096L), "the data moved with each page");
    }

    @Test
    void v612_mthpWhoseSplitPagesRunOutOfMemory_returnsOneFailedFolio_notEnomem() {
        World w = world(KernelProfile.V6_12, MTHP - 1);
        Task t = w.process(100, Task.Credentials.user(1000), NodeSet.of(0, 1), 0);
        Vma v = w.anon(t, "heap", HEAP, MTHP, 0);
        w.touchLargeFolio(t, v, 0, 0, 7, MTHP);
        w.settle();
        Moved m = moveFirstPage(w, 1);
        assertEquals(1, m.result().value(), m.result().toString());
        assertArrayEquals(new int[] {U}, m.status(), "a positive return leaves the run's status unwritten");
        assertEquals(MTHP - 1, pagesOn(w, v, MTHP, 1), "the split pages moved until node 1 was full");
        assertEquals(1, pagesOn(w, v, MTHP, 0));
        assertEquals(15L, m.vmstat().get("pgmigrate_success"));
        assertEquals(1L, m.vmstat().get("pgmigrate_fail"));
    }

    @Test
    void v61_thpOnAFragmentedTarget_isSplit_andMoves_countedAsASplitThp() {
        World w = world(KernelProfile.V6_1, 4096);
        w.machine().nodes().fragment(1, 256);
        Task t = w.process(100, Task.Credentials.user(1000), NodeSet.of(0, 1), 0);
        Vma v = w.anon(t, "heap", HEAP, THP, 0);
        w.touch(t, v, 0, 0, 9, PageFlags.THP);
        w.settle();
        Moved m = moveFirstPage(w, 1);
        assertEquals(0, m.result().value(), m.result().toString());
        assertArrayEquals(new int[] {1}, m.status());
        assertEquals(THP, pagesOn(w, v, THP, 1));
        assertEquals(THP, framesOf(v, THP).size());
        assertEquals(1L, m.vmstat().get("thp_migration_split"));
        assertEquals(1L, m.vmstat().get("thp_migration_fail"));
        assertEquals((long) THP, m.vmstat().get("pgmigrate_success"));
    }

    @Test
    void v61_thpWhoseSplitPagesRunOutOfMemory_isEnomem() {
        World w = world(KernelProfile.V6_1, THP - 1);
        Task t = w.process(100, Task.Credentials.user(1000), NodeSet.of(0, 1), 0);
        Vma v = w.anon(t, "heap", HEAP, THP, 0);
        w.touch(t, v, 0, 0, 9, PageFlags.THP);
        w.settle();
        Moved m = moveFirstPage(w, 1);
        assertEquals(Errno.ENOMEM, m.result().errno(), m.result().toString());
        assertEquals(THP - 1, pagesOn(w, v, THP, 1), "split pages moved until node 1 was full");
    }

    @Test
    void v612_thpWhoseSplitPagesRunOutOfMemory_returnsOne() {
        World w = world(KernelProfile.V6_12, THP - 1);
        Task t = w.process(100, Task.Credentials.user(1000), NodeSet.of(0, 1), 0);
        Vma v = w.anon(t, "heap", HEAP, THP, 0);
        w.touch(t, v, 0, 0, 9, PageFlags.THP);
        w.settle();
        Moved m = moveFirstPage(w, 1);
        assertEquals(1, m.result().value(), m.result().toString());
        assertEquals(THP - 1, pagesOn(w, v, THP, 1));
        assertEquals(1L, m.vmstat().get("thp_migration_split"));
    }

    /** can_split_folio: someone else's reference (a pin) makes the split fail (-EAGAIN): the -ENOMEM stands. */
    @Test
    void aPinnedFolio_cannotBeSplit_andTheCallFailsWithEnomem_onBothProfiles() {
        for (KernelProfile p : new KernelProfile[] {KernelProfile.V6_1, KernelProfile.V6_12}) {
            World w = world(p, 4096);
            w.machine().nodes().fragment(1, 1);
            Task t = w.process(100, Task.Credentials.user(1000), NodeSet.of(0, 1), 0);
            Vma v = w.anon(t, "heap", HEAP, THP, 0);
            int pfn = w.touch(t, v, 0, 0, 9, PageFlags.THP);
            w.settle();
            w.machine().disturbances().holdRefs(w.machine().frames(), pfn, 1, Disturbances.FOREVER);
            Moved m = moveFirstPage(w, 1);
            assertEquals(Errno.ENOMEM, m.result().errno(), p + ": " + m.result());
            assertEquals(pfn, Pte.pfn(v.pte(THP - 1)), p + ": still one folio");
            assertEquals(THP, w.machine().frames().nrPages(pfn));
        }
    }

    /** The split pages are migrated after the rest of the list: a base page queued after the folio moves first. */
    @Test
    void theSplitPagesWaitForTheRestOfTheList_aLaterBasePageStillMoves() {
        World w = world(KernelProfile.V6_12, MTHP);
        w.machine().nodes().fragment(1, 1);
        Task t = w.process(100, Task.Credentials.user(1000), NodeSet.of(0, 1), 0);
        Vma v = w.anon(t, "heap", HEAP, 2 * MTHP, 0);
        w.touchLargeFolio(t, v, 0, 0, 7, MTHP);
        w.touch(t, v, MTHP, 0, 8, 0);
        w.settle();
        int[] status = {U, U};
        SyscallResult r = w.movePages(100, new MovePagesArgs(0, 2, new long[] {HEAP, HEAP + MTHP * 4096L},
                new int[] {1, 1}, status, Mpol.MPOL_MF_MOVE));
        w.settle();
        assertEquals(List.of(), w.checkInvariants());
        assertEquals(1, r.value(), r.toString());
        assertEquals(1, w.nodeOf(t, HEAP + MTHP * 4096L), "the base page after the folio took a page of node 1 first");
        assertEquals(MTHP - 1, pagesOn(w, v, MTHP, 1));
    }

    @Test
    void fragment_refusesWhatIsNotAPowerOfTwo_namingIt() {
        Nodes n = Nodes.uniform(2, 64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> n.fragment(1, 12));
        assertEquals("the largest free block is a power of two of pages, 1 or more: 12", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> n.fragment(5, 8));
    }
}
