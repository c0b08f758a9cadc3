package org.panuma.engine.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.panuma.engine.KernelProfile;
import org.panuma.spi.Errno;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

class MovePagesPredictorTest {
    static final long A = 0x7f0000000000L;

    static ProcessSnapshot snapshot(ProcessSnapshot.Page... pages) {
        return new ProcessSnapshot(NodeSet.of(0, 1), NodeSet.of(0, 1),
                List.of(new ProcessSnapshot.Region(A, A + 8 * 4096, ProcessSnapshot.Kind.ANON, List.of(pages))));
    }

    @Test
    void knownPages_predictedCertainly_neverTouchedDiffersByProfile() {
        ProcessSnapshot s = snapshot(ProcessSnapshot.Page.present(A, 0), ProcessSnapshot.Page.present(A + 4096, 1),
                new ProcessSnapshot.Page(A + 8192, ProcessSnapshot.Presence.NOT_PRESENT, null, null, null, null, null),
                new ProcessSnapshot.Page(A + 12288, ProcessSnapshot.Presence.PRESENT, 0, 2, false, true, false));
        long[] pages = {A, A + 4096, A + 8192, A + 12288};
        int[] nodes = {1, 1, 1, 1};
        Prediction p61 = MovePagesPredictor.predict(KernelProfile.V6_1, s, pages, nodes, Mpol.MPOL_MF_MOVE, MovePagesPredictor.Caller.self());
        assertEquals(0, p61.returnValue());
        assertArrayEquals(new int[] {1, 1, -14, -13}, p61.status());
        assertTrue(p61.certain());
        Prediction p612 = MovePagesPredictor.predict(KernelProfile.V6_12, s, pages, nodes, Mpol.MPOL_MF_MOVE, MovePagesPredictor.Caller.self());
        assertArrayEquals(new int[] {1, 1, -2, -13}, p612.status());
    }

    @Test
    void unknownInputs_markTheEntryLessCertain_andPermissionIsChecked() {
        ProcessSnapshot s = snapshot(ProcessSnapshot.Page.unknown(A), ProcessSnapshot.Page.present(A + 4096, 0));
        Prediction p = MovePagesPredictor.predict(KernelProfile.V6_1, s, new long[] {A, A + 4096}, new int[] {1, 1}, 0,
                MovePagesPredictor.Caller.self());
        assertArrayEquals(new boolean[] {true, false}, p.lessCertain());
        assertFalse(p.certain());
        Prediction denied = MovePagesPredictor.predict(KernelProfile.V6_1, s, new long[] {A}, new int[] {1}, 0,
                new MovePagesPredictor.Caller(false, false, true));
        assertEquals(Errno.EPERM, denied.errno());
        Prediction notOnLru = MovePagesPredictor.predict(KernelProfile.V6_1,
                snapshot(new ProcessSnapshot.Page(A, ProcessSnapshot.Presence.PRESENT, 0, 1, false, false, false)),
                new long[] {A}, new int[] {1}, 0, MovePagesPredictor.Caller.self());
        // Still in a per-CPU LRU cache when the snapshot was taken: do_pages_move's lru_cache_disable
        // drains every CPU's cache first, so the kernel isolates and moves it.
        assertArrayEquals(new int[] {1}, notOnLru.status());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void hugetlbPages_withoutKpfLru_moveCertainly(KernelProfile profile) {
        // kpageflags never shows KPF_LRU on a hugetlb page; the kernel isolates it with isolate_hugetlb and
        // moves it (guest: DifferentialGuestTest's hugetlb pages). Two addresses: the head and one inside.
        long huge = 0x7f0000000000L;
        ProcessSnapshot s = new ProcessSnapshot(NodeSet.of(0, 1), NodeSet.of(0, 1), List.of(new ProcessSnapshot.Region(
                huge, huge + (2 << 20), ProcessSnapshot.Kind.HUGETLB,
                List.of(new ProcessSnapshot.Page(huge, ProcessSnapshot.Presence.PRESENT, 0, 1, false, false, false)))));
        Prediction p = MovePagesPredictor.predict(profile, s, new long[] {huge}, new int[] {1}, Mpol.MPOL_MF_MOVE_ALL,
                new MovePagesPredictor.Caller(false, true, true));
        assertEquals(0, p.returnValue());
        assertArrayEquals(new int[] {1}, p.status());
        assertTrue(p.certain(), p.reasons().toString());
        Prediction stays = MovePagesPredictor.predict(profile, s, new long[] {huge}, new int[] {0}, Mpol.MPOL_MF_MOVE,
                MovePagesPredictor.Caller.self());
        assertArrayEquals(new int[] {0}, stays.status());
    }

    @ParameterizedTest
    @EnumSource(KernelProfile.class)
    void sharedPage_withMoveAllAsRoot_movesLikeTheKernel(KernelProfile profile) {
        // A page shared with a forked child (mapcount 2). The other mapping must exist as a pte, so
        // that try_to_migrate / try_to_unmap(page, 1) unmaps it and the refcount check passes
        // (guest: KernelSemanticsGuestTest.pageSharedWithForkedChild_withMoveAllAsRoot_moves).
        ProcessSnapshot s = snapshot(new ProcessSnapshot.Page(A, ProcessSnapshot.Presence.PRESENT, 0, 2, false, true, false),
                ProcessSnapshot.Page.present(A + 4096, 0),
                new ProcessSnapshot.Page(A + 8192, ProcessSnapshot.Presence.PRESENT, 0, 3, false, true, false));
        long[] pages = {A, A + 4096, A + 8192};
        MovePagesPredictor.Caller root = new MovePagesPredictor.Caller(false, true, true);
        Prediction all = MovePagesPredictor.predict(profile, s, pages, new int[] {1, 1, 1}, Mpol.MPOL_MF_MOVE_ALL, root);
        assertEquals(0, all.returnValue());
        assertArrayEquals(new int[] {1, 1, 1}, all.status());
        Prediction move = MovePagesPredictor.predict(profile, s, pages, new int[] {1, 1, 1}, Mpol.MPOL_MF_MOVE, root);
        assertEquals(-13, move.status()[0]);
        assertEquals(1, move.status()[1]);
        assertEquals(-13, move.status()[2]);
    }

    @Test
    void nodeOutsideTheTargetsCpuset_isEaccesForTheCall_afterTheBatchBeforeIt() {
        // do_pages_move: err = -EACCES; if (!node_isset(node, task_nodes)) goto out_flush;
        ProcessSnapshot s = new ProcessSnapshot(NodeSet.of(0), NodeSet.of(0, 1),
                List.of(new ProcessSnapshot.Region(A, A + 8 * 4096, ProcessSnapshot.Kind.ANON,
                        List.of(ProcessSnapshot.Page.present(A, 0), ProcessSnapshot.Page.present(A + 4096, 0)))));
        Prediction p = MovePagesPredictor.predict(KernelProfile.V6_1, s, new long[] {A, A + 4096}, new int[] {0, 1},
                Mpol.MPOL_MF_MOVE, new MovePagesPredictor.Caller(false, true, true));
        assertEquals(Errno.EACCES, p.errno());
        assertArrayEquals(new int[] {0, Prediction.UNWRITTEN}, p.status());
    }
}
