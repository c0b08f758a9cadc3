package org.panuma.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.panuma.engine.model.Disturbances;
import org.panuma.engine.model.Task;
import org.panuma.engine.model.VmEvent;
import org.panuma.engine.model.Vma;
import org.panuma.spi.Errno;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/** move_pages on 4.17+ (v6.1 and v6.12): do_pages_move / add_page_for_migration branches. */
class MovePagesModernTest {
    static final int U = Fixture.UNTOUCHED;

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void doPagesMove_touchedPages_moveAndStatusIsTargetNode(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0, 1, 2);
        Fixture.Call c = fx.move(1, 0, 1, 2);
        assertEquals(0, c.result().value());
        assertArrayEquals(new int[] {1, 1, 1}, c.status());
        assertEquals(1, fx.world.nodeOf(fx.proc, Fixture.addr(1)));
        assertEquals(0xD00D0001L, fx.world.dataAt(fx.proc, Fixture.addr(1)));
        assertEquals(3, fx.world.machine().vmstat().get(VmEvent.PGMIGRATE_SUCCESS));
        fx.assertInvariants();
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void addPageForMigration_alreadyOnTarget_statusIsNodeWithoutMigration(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0);
        Fixture.Call c = fx.move(0, 0);
        assertEquals(0, c.result().value());
        assertArrayEquals(new int[] {0}, c.status());
        assertEquals(0, fx.world.machine().vmstat().get(VmEvent.PGMIGRATE_SUCCESS));
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void addPageForMigration_noVma_isEfault(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0);
        Fixture.Call c = fx.move(1, 20);
        assertEquals(0, c.result().value());
        assertArrayEquals(new int[] {-14}, c.status());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void addPageForMigration_vmIoVma_isEfault(KernelProfile p) {
        Fixture fx = new Fixture(p);
        Vma io = fx.world.anon(fx.proc, "io", 0x20000000L, 1, Vma.VM_IO);
        fx.world.touch(fx.proc, io, 0, 0, 1, 0);
        fx.world.settle();
        int[] status = {U};
        var r = fx.world.movePages(100, new org.panuma.engine.migrate.MovePagesArgs(0, 1, new long[] {0x20000000L},
                new int[] {1}, status, 0));
        assertEquals(0, r.value());
        assertEquals(-14, status[0]);
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void addPageForMigration_swappedOut_isEnoent(KernelProfile p) {
        Fixture fx = new Fixture(p);
        fx.world.machine().mapSwapEntry(fx.heap, 3);
        assertArrayEquals(new int[] {-2}, fx.move(1, 3).status());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void addPageForMigration_zeroPage_isEfault(KernelProfile p) {
        Fixture fx = new Fixture(p);
        fx.world.machine().mapZeroPage(fx.heap, 2);
        assertArrayEquals(new int[] {-14}, fx.move(1, 2).status());
        assertArrayEquals(new int[] {-14}, fx.query(2).status());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void addPageForMigration_sharedWithoutMoveAll_isEacces(KernelProfile p) {
        Fixture fx = new Fixture(p);
        Task child = fx.world.process(101, Task.Credentials.user(1000), NodeSet.of(0, 1), 0);
        fx.world.share(child, fx.heap, Fixture.HEAP);
        fx.touched(0);
        assertArrayEquals(new int[] {-13}, fx.move(1, 0).status());
        fx.assertInvariants();
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void unmapAndMove_sharedWithForkedChild_withMoveAllAsRoot_movesEveryMapping(KernelProfile p) {
        // __unmap_and_move: try_to_migrate walks the anon_vma and replaces the pte of every process;
        // folio_mapped is then false, folio_migrate_mapping sees refcount 1 == folio_expected_refs, and
        // remove_migration_ptes maps the new page in both processes.
        Fixture fx = new Fixture(p);
        Task child = fx.world.process(101, Task.Credentials.user(1000), NodeSet.of(0, 1), 0);
        fx.world.share(child, fx.heap, Fixture.HEAP);
        Task root = fx.world.process(1, Task.Credentials.root(), NodeSet.of(0, 1), 0);
        fx.touched(0);
        Fixture.Call c = fx.moveAs(root.pid(), 100, Mpol.MPOL_MF_MOVE_ALL, 1, 0);
        assertEquals(0, c.result().value());
        assertArrayEquals(new int[] {1}, c.status());
        assertEquals(1, fx.world.nodeOf(fx.proc, Fixture.HEAP));
        assertEquals(1, fx.world.nodeOf(child, Fixture.HEAP));
        assertEquals(0xD00D0000L, fx.world.dataAt(child, Fixture.HEAP));
        assertEquals(2, fx.world.machine().frames().mapcount(fx.pfn(0)));
        fx.assertInvariants();
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void addPageForMigration_pageInPerCpuLruCache_isEbusyOnlyWhenItRacesTheDrain(KernelProfile p) {
        Fixture fx = new Fixture(p, 7, new Disturbances.Rates(0, 0, 0, 1.0));
        fx.world.touch(fx.proc, fx.heap, 0, 0, 1, 0); // not settled: in CPU 0's cache
        assertArrayEquals(new int[] {-16}, fx.move(1, 0).status());
        Fixture drained = new Fixture(p);
        drained.world.touch(drained.proc, drained.heap, 0, 0, 1, 0);
        assertArrayEquals(new int[] {1}, drained.move(1, 0).status());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void unmapAndMove_extraReference_isEagainRetriedTenPassesAndCountedNotMigrated(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0, 1, 2);
        fx.world.machine().disturbances().holdRefs(fx.world.machine().frames(), fx.pfn(1), 1, Disturbances.FOREVER);
        Fixture.Call c = fx.move(1, 0, 1, 2);
        assertEquals(1, c.result().value());
        assertArrayEquals(new int[] {U, U, U}, c.status(), "a failed run leaves its status untouched");
        assertEquals(1, fx.world.nodeOf(fx.proc, Fixture.addr(0)), "the other pages of the run moved");
        assertEquals(0, fx.world.nodeOf(fx.proc, Fixture.addr(1)));
        assertEquals(2, fx.world.machine().vmstat().get(VmEvent.PGMIGRATE_SUCCESS));
        assertEquals(1, fx.world.machine().vmstat().get(VmEvent.PGMIGRATE_FAIL));
        fx.assertInvariants();
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void putbackMovablePages_pageNotMigrated_isNoLongerCountedIsolated(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0, 1, 2);
        fx.world.machine().disturbances().holdRefs(fx.world.machine().frames(), fx.pfn(1), 1, Disturbances.FOREVER);
        assertEquals(1, fx.move(1, 0, 1, 2).result().value());
        // add_page_for_migration counted 3, unmap_and_move uncounted the 2 it moved, putback_movable_pages the last.
        assertEquals(0, fx.world.machine().vmstat().get(VmEvent.NR_ISOLATED_ANON));
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void moveAndStore_failedRun_noteCountsThePagesNotMigrated(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0, 1, 2, 3);
        fx.world.trace(true);
        fx.world.machine().disturbances().holdRefs(fx.world.machine().frames(), fx.pfn(2), 1, Disturbances.FOREVER);
        Fixture.Call c = fx.move(1, 0, 1, 2, 3);
        assertEquals(1, c.result().value());
        // The count is migrate_pages' return (pages left unmigrated), not what remains on the emptied list.
        assertEquals(java.util.List.of("entries 0..3: 1 page(s) not migrated; the call stops, their status and that of "
                + "every later entry stay as they were"), fx.world.machine().trace().notes());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void doPagesMove_failedRunStopsTheCall_returnCountsTheRest(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0, 1, 2, 3);
        fx.world.machine().disturbances().holdRefs(fx.world.machine().frames(), fx.pfn(0), 1, Disturbances.FOREVER);
        // Entry 0 -> node 1 (fails), entry 1 -> node 0 (target change flushes the run), entries 2,3 never processed.
        long[] pages = {Fixture.addr(0), Fixture.addr(1), Fixture.addr(2), Fixture.addr(3)};
        int[] status = {U, U, U, U};
        var r = fx.world.movePages(100, new org.panuma.engine.migrate.MovePagesArgs(0, 4, pages, new int[] {1, 0, 1, 1}, status, 0));
        assertEquals(1 + 3, r.value(), "1 not migrated + 3 entries not attempted");
        assertArrayEquals(new int[] {U, U, U, U}, status);
        assertEquals(0, fx.world.nodeOf(fx.proc, Fixture.addr(2)));
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void doPagesMove_negativeNode_isEnodevEvenAsTheFirstEntry(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0, 1);
        for (int bad : new int[] {-1, Integer.MIN_VALUE}) {
            int[] status = {U, U};
            var r = fx.world.movePages(100, new org.panuma.engine.migrate.MovePagesArgs(0, 2,
                    new long[] {Fixture.addr(0), Fixture.addr(1)}, new int[] {bad, 1}, status, 0));
            assertEquals(Errno.ENODEV, r.errno(), "node " + bad);
            assertArrayEquals(new int[] {U, U}, status);
            assertEquals(0, fx.world.nodeOf(fx.proc, Fixture.addr(1)));
        }
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void doPagesMove_nodeWithoutMemoryMidway_isEnodevAfterFlushingTheQueuedRun(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0, 1);
        long[] pages = {Fixture.addr(0), Fixture.addr(1)};
        int[] status = {U, U};
        var r = fx.world.movePages(100, new org.panuma.engine.migrate.MovePagesArgs(0, 2, pages, new int[] {1, 5}, status, 0));
        assertEquals(Errno.ENODEV, r.errno());
        assertArrayEquals(new int[] {1, U}, status);
        assertEquals(1, fx.world.nodeOf(fx.proc, Fixture.addr(0)));
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void doPagesMove_nodeOutsideCpuset_isEacces(KernelProfile p) {
        Fixture fx = new Fixture(p);
        Task pinned = fx.world.process(200, Task.Credentials.user(1000), NodeSet.of(0), 0);
        Vma v = fx.world.anon(pinned, "heap", Fixture.HEAP, 1, 0);
        fx.world.touch(pinned, v, 0, 0, 1, 0);
        int[] status = {U};
        var r = fx.world.movePages(100, new org.panuma.engine.migrate.MovePagesArgs(200, 1, new long[] {Fixture.HEAP}, new int[] {1}, status, 0));
        assertEquals(Errno.EACCES, r.errno());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void unmapAndMove_lockedBySomeoneForFivePasses_waitsFromPassFourAndMoves(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0);
        fx.world.machine().disturbances().holdLock(fx.world.machine().frames(), fx.pfn(0), 5);
        Fixture.Call c = fx.move(1, 0);
        assertEquals(0, c.result().value());
        assertArrayEquals(new int[] {1}, c.status());
        fx.assertInvariants();
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void unmapAndMove_targetNodeFull_isEnomem(KernelProfile p) {
        Fixture fx = new Fixture(p);
        org.panuma.engine.World w = new org.panuma.engine.World(p, new org.panuma.engine.model.Nodes(new long[] {8, 1},
                new boolean[] {true, true}, new int[] {0}));
        Task t = w.process(100, Task.Credentials.user(1), NodeSet.of(0, 1), 0);
        Vma v = w.anon(t, "heap", Fixture.HEAP, 4, 0);
        w.touch(t, v, 0, 0, 1, 0);
        w.touch(t, v, 1, 0, 2, 0);
        w.settle();
        int[] status = {U, U};
        var r = w.movePages(100, new org.panuma.engine.migrate.MovePagesArgs(0, 2, new long[] {Fixture.HEAP, Fixture.HEAP + 4096}, new int[] {1, 1}, status, 0));
        assertEquals(Errno.ENOMEM, r.errno());
        w.settle();
        assertEquals(java.util.List.of(), w.checkInvariants());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void kernelMovePages_otherUserWithoutPtrace_isEperm(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0);
        fx.world.process(300, Task.Credentials.user(2000), NodeSet.of(0, 1), 0);
        Fixture.Call c = fx.moveAs(300, 100, 0, 1, 0);
        assertEquals(Errno.EPERM, c.result().errno());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void kernelMovePages_capSysNiceDoesNotGrantAccess_butCapSysPtraceDoes(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0);
        fx.world.process(300, new Task.Credentials(2000, 2000, 2000, 2000, 2000, 2000, true, false, true), NodeSet.of(0, 1), 0);
        fx.world.process(301, new Task.Credentials(2000, 2000, 2000, 2000, 2000, 2000, false, true, true), NodeSet.of(0, 1), 0);
        assertEquals(Errno.EPERM, fx.moveAs(300, 100, 0, 1, 0).result().errno());
        assertNull(fx.moveAs(301, 100, 0, 1, 0).result().errno());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void kernelMovePages_kernelThread_isEinval(KernelProfile p) {
        Fixture fx = new Fixture(p);
        fx.world.kernelThread(2);
        fx.world.process(1, Task.Credentials.root(), NodeSet.of(0, 1), 0);
        assertEquals(Errno.EINVAL, fx.moveAs(1, 2, 0, 1, 0).result().errno());
    }

    @ParameterizedTest
    @EnumSource(KernelProfile.class)
    void movePages_badFlags_isEinval_andMoveAllWithoutCapSysNice_isEperm(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0);
        assertEquals(Errno.EINVAL, fx.moveAs(100, 0, 8, 1, 0).result().errno());
        assertEquals(Errno.EPERM, fx.moveAs(100, 0, Mpol.MPOL_MF_MOVE_ALL, 1, 0).result().errno());
    }

    @ParameterizedTest
    @EnumSource(KernelProfile.class)
    void movePages_unknownPid_isEsrch(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0);
        assertEquals(Errno.ESRCH, fx.moveAs(100, 4242, 0, 1, 0).result().errno());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void doPagesStat_reportsNodes(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0);
        fx.world.machine().mapSwapEntry(fx.heap, 1);
        Fixture.Call c = fx.query(0, 1, 40);
        assertEquals(0, c.result().value());
        assertArrayEquals(new int[] {0, -2, -14}, c.status());
    }
}
