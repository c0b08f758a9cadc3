package org.panuma.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.panuma.engine.model.PageFlags;
import org.panuma.engine.model.Task;
import org.panuma.engine.predict.MovePagesPredictor;
import org.panuma.engine.predict.Prediction;
import org.panuma.engine.predict.ProcessSnapshot;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/**
 * KSM pages: an anonymous page ksmd merged identical pages into, mapped by each merged PTE. Read
 * in mm/migrate.c and mm/mempolicy.c of 6.1.158 and 6.12.19: no branch of move_pages or
 * migrate_pages looks at PageKsm, so the mapcount decides (MOVE leaves a page mapped more than
 * once, MOVE_ALL moves it), and a migrated KSM page stays KSM (folio_migrate_ksm).
 */
class KsmPagesTest {
    /** The heap's page 0 on node 0, merged by KSM with a page of another process (mapcount 2). */
    static Fixture mergedWithAnotherProcess(KernelProfile p) {
        Fixture fx = new Fixture(p);
        Task other = fx.world.process(101, Task.Credentials.user(1000), NodeSet.of(0, 1), 0);
        fx.world.share(other, fx.heap, Fixture.HEAP);
        fx.touched(0);
        fx.world.markKsm(fx.proc, Fixture.HEAP);
        return fx;
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void movePages_withoutMoveAll_leavesAKsmPage_eacces(KernelProfile p) {
        Fixture fx = mergedWithAnotherProcess(p);
        assertArrayEquals(new int[] {-13}, fx.move(1, 0).status());
        assertEquals(0, fx.world.nodeOf(fx.proc, Fixture.HEAP));
        fx.assertInvariants();
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void movePages_withMoveAllAsRoot_movesAKsmPage_andItStaysKsm(KernelProfile p) {
        Fixture fx = mergedWithAnotherProcess(p);
        Task root = fx.world.process(1, Task.Credentials.root(), NodeSet.of(0, 1), 0);
        Fixture.Call c = fx.moveAs(root.pid(), 100, Mpol.MPOL_MF_MOVE_ALL, 1, 0);
        assertEquals(0, c.result().value());
        assertArrayEquals(new int[] {1}, c.status());
        assertEquals(1, fx.world.nodeOf(fx.world.machine().task(101), Fixture.HEAP), "both mappers see the new page");
        assertTrue(fx.world.machine().frames().test(fx.pfn(0), PageFlags.KSM), "folio_migrate_ksm");
        fx.assertInvariants();
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void migratePages_unprivilegedLeavesAKsmPage_rootMovesIt(KernelProfile p) {
        Fixture fx = mergedWithAnotherProcess(p);
        // as the user itself: MPOL_MF_MOVE, a page mapped twice is skipped, and no failure is counted
        assertEquals(0, fx.world.migratePages(100, 0, NodeSet.of(0), NodeSet.of(1)).value());
        assertEquals(0, fx.world.nodeOf(fx.proc, Fixture.HEAP));
        Task root = fx.world.process(1, Task.Credentials.root(), NodeSet.of(0, 1), 0);
        assertEquals(0, fx.world.migratePages(root.pid(), 100, NodeSet.of(0), NodeSet.of(1)).value());
        assertEquals(1, fx.world.nodeOf(fx.proc, Fixture.HEAP));
        assertTrue(fx.world.machine().frames().test(fx.pfn(0), PageFlags.KSM));
        fx.assertInvariants();
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void theSeedsHaveNoKsm(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fx.world.markKsm(fx.proc, Fixture.HEAP));
        assertTrue(e.getMessage().contains("2.6.32"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void prediction_ofAPageWithKpfKsm_followsItsMapcount_andSaysKsm(KernelProfile p) {
        long a = 0x7f0000000000L;
        ProcessSnapshot snap = new ProcessSnapshot(NodeSet.of(0, 1), NodeSet.of(0, 1), List.of(
                new ProcessSnapshot.Region(a, a + 4096, ProcessSnapshot.Kind.ANON, List.of(
                        new ProcessSnapshot.Page(a, ProcessSnapshot.Presence.PRESENT, 0, 3, false, true, false, true)))));
        Prediction move = MovePagesPredictor.predict(p, snap, new long[] {a}, new int[] {1}, Mpol.MPOL_MF_MOVE,
                new MovePagesPredictor.Caller(false, true, true));
        assertArrayEquals(new int[] {-13}, move.status());
        assertTrue(move.reasons().get(0).contains("KSM"), move.reasons().get(0));
        Prediction all = MovePagesPredictor.predict(p, snap, new long[] {a}, new int[] {1}, Mpol.MPOL_MF_MOVE_ALL,
                new MovePagesPredictor.Caller(false, true, true));
        assertArrayEquals(new int[] {1}, all.status());
    }
}
