package org.panuma.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.panuma.engine.migrate.MigrationEntryWait;
import org.panuma.engine.migrate.MovePagesArgs;
import org.panuma.engine.model.AddressSpace;
import org.panuma.engine.model.Disturbances;
import org.panuma.engine.model.MigrateOp;
import org.panuma.engine.model.Nodes;
import org.panuma.engine.model.PageFlags;
import org.panuma.engine.model.Pte;
import org.panuma.engine.model.Task;
import org.panuma.engine.model.Vma;
import org.panuma.spi.Errno;
import org.panuma.spi.NodeSet;

/** The seeds' branches (2.6.19 and 2.6.27 mm/migrate.c), one test per branch. */
class MovePagesSeedTest {
    static final int U = Fixture.UNTOUCHED;

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void unmapAndMove_success_statusWrittenPerPageByResultPointer(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0, 1);
        Fixture.Call c = fx.move(1, 0, 1);
        assertEquals(0, c.result().value());
        assertArrayEquals(new int[] {1, 1}, c.status());
        assertEquals(0xD00D0000L, fx.world.dataAt(fx.proc, Fixture.addr(0)));
        fx.assertInvariants();
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void unmapAndMove_pageUnderWritebackWithoutForce_isEagainAndRetriedUntilForced(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0);
        fx.world.machine().disturbances().holdWriteback(fx.world.machine().frames(), fx.pfn(0), Disturbances.FOREVER);
        Fixture.Call c = fx.move(1, 0);
        assertEquals(0, c.result().value(), "pass 4 waits for writeback and moves the page");
        assertArrayEquals(new int[] {1}, c.status());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void migratePageMoveMapping_extraRefOnAnonPage_isEagainGaveUpAfterTenPasses(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0, 1);
        fx.world.machine().disturbances().holdRefs(fx.world.machine().frames(), fx.pfn(0), 1, Disturbances.FOREVER);
        Fixture.Call c = fx.move(1, 0, 1);
        assertEquals(1, c.result().value(), "nr_failed + retry");
        assertArrayEquals(new int[] {-11, 1}, c.status(), "the seeds write -EAGAIN per page");
        fx.assertInvariants();
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void doMovePages_nothingToMigrate_isEnoentWithStatusNotCopied(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0);
        Fixture.Call c = fx.move(0, 0);
        assertEquals(Errno.ENOENT, c.result().errno());
        assertArrayEquals(new int[] {U}, c.status());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void doMovePages_zeroPageIsReserved_isEnoent_andNeverTouched_isEnoent(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0);
        fx.world.machine().mapZeroPage(fx.heap, 1);
        Fixture.Call c = fx.move(1, 0, 1, 2);
        assertArrayEquals(new int[] {1, -2, -2}, c.status());
        assertArrayEquals(new int[] {1, -2, -2}, fx.query(0, 1, 2).status());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void doMovePages_findVmaHoleBelowAVma_isEnoent_aboveAll_isEfault(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0);
        long below = Fixture.HEAP - 0x100000;
        long above = Fixture.HEAP + 0x100000;
        int[] status = {U, U, U};
        var r = fx.world.movePages(100, new MovePagesArgs(0, 3, new long[] {below, above, Fixture.HEAP}, new int[] {1, 1, 1}, status, 0));
        assertEquals(0, r.value());
        assertArrayEquals(new int[] {-2, -14, 1}, status);
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void sysMovePages_nodeCheckedBeforeAnythingMoves_isEnodevAndNothingMoved(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0, 1);
        int[] status = {U, U};
        var r = fx.world.movePages(100, new MovePagesArgs(0, 2, new long[] {Fixture.addr(0), Fixture.addr(1)}, new int[] {1, 9}, status, 0));
        assertEquals(Errno.ENODEV, r.errno());
        assertEquals(0, fx.world.nodeOf(fx.proc, Fixture.addr(0)));
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void sysMovePages_hugeCount_isE2big(KernelProfile p) {
        Fixture fx = new Fixture(p);
        var r = fx.world.movePages(100, new MovePagesArgs(0, -1L, new long[0], new int[0], new int[0], 0));
        assertEquals(Errno.E2BIG, r.errno());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void sysMovePages_capSysNiceGrantsAccessToAnotherUser(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0);
        fx.world.process(300, new Task.Credentials(2000, 2000, 2000, 2000, 2000, 2000, true, false, true), NodeSet.of(0, 1), 0);
        fx.world.process(301, Task.Credentials.user(2000), NodeSet.of(0, 1), 0);
        assertNull(fx.moveAs(300, 100, 0, 1, 0).result().errno());
        assertEquals(Errno.EPERM, fx.moveAs(301, 100, 0, 1, 0).result().errno());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void sysMovePages_euidMatchesTargetUid_isAllowed(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0);
        fx.world.process(300, new Task.Credentials(2000, 1000, 2000, 2000, 2000, 2000, false, false, true), NodeSet.of(0, 1), 0);
        assertNull(fx.moveAs(300, 100, 0, 1, 0).result().errno());
    }

    @Test
    void sysMovePages_2_6_19_checksNodeOnline_2_6_27_checksMemory() {
        Nodes nodes = new Nodes(new long[] {100, 0}, new boolean[] {true, true}, new int[] {0});
        for (KernelProfile p : new KernelProfile[] {KernelProfile.V2_6_19, KernelProfile.V2_6_27}) {
            World w = new World(p, nodes);
            Task t = w.process(1, Task.Credentials.user(1), NodeSet.of(0, 1), 0);
            Vma v = w.anon(t, "h", Fixture.HEAP, 1, 0);
            w.touch(t, v, 0, 0, 1, 0);
            w.settle();
            int[] status = {U};
            var r = w.movePages(1, new MovePagesArgs(0, 1, new long[] {Fixture.HEAP}, new int[] {1}, status, 0));
            if (p == KernelProfile.V2_6_19) {
                // node 1 is online, so it passes; alloc_pages_node(1, GFP_HIGHUSER) falls back to node 0,
                // and the status is page_to_nid(newpage)
                assertEquals(0, r.value());
                assertArrayEquals(new int[] {0}, status);
                assertEquals(1L, w.dataAt(t, Fixture.HEAP), "the page was copied to a new frame");
            } else {
                assertEquals(Errno.ENODEV, r.errno());
            }
        }
    }

    @Test
    void newPageNode_2_6_19_fallsBackToTheNearestNode_2_6_27_isEnomem() {
        // Node 1 is full; node 2 is nearer to it (distance 12) than node 0 (30).
        int[][] distance = {{10, 30, 20}, {30, 10, 12}, {20, 12, 10}};
        for (KernelProfile p : new KernelProfile[] {KernelProfile.V2_6_19, KernelProfile.V2_6_27}) {
            World w = new World(p, new Nodes(new long[] {100, 1, 100}, new boolean[] {true, true, true}, new int[] {0})
                    .withDistances(distance));
            Task t = w.process(1, Task.Credentials.user(1), NodeSet.of(0, 1, 2), 0);
            Vma v = w.anon(t, "h", Fixture.HEAP, 2, 0);
            w.touch(t, v, 0, 0, 1, 0);
            w.touch(t, v, 1, 1, 2, 0); // takes node 1's only page
            w.settle();
            int[] status = {U};
            var r = w.movePages(1, new MovePagesArgs(0, 1, new long[] {Fixture.HEAP}, new int[] {1}, status, 0));
            if (p == KernelProfile.V2_6_19) {
                assertEquals(0, r.value());
                assertArrayEquals(new int[] {2}, status, "page_to_nid(newpage): the nearest node with a free page");
                assertEquals(2, w.nodeOf(t, Fixture.HEAP));
            } else {
                assertEquals(Errno.ENOMEM, r.errno(), "GFP_THISNODE: no fallback");
                assertEquals(0, w.nodeOf(t, Fixture.HEAP));
            }
        }
    }

    @Test
    void doMovePages_2_6_27_vmaMigratable_refusesHugetlbAndReserved_2_6_19_doesNotAsk() {
        // vma_migratable of 2.6.27 (include/linux/mempolicy.h): VM_IO|VM_HUGETLB|VM_PFNMAP|VM_RESERVED
        for (KernelProfile p : new KernelProfile[] {KernelProfile.V2_6_19, KernelProfile.V2_6_27}) {
            Fixture fx = new Fixture(p);
            Vma huge = fx.world.anon(fx.proc, "huge", 0x20000000L, 512, Vma.VM_HUGETLB);
            fx.world.touch(fx.proc, huge, 0, 0, 1, org.panuma.engine.model.PageFlags.HUGETLB);
            Vma reserved = fx.world.anon(fx.proc, "reserved", 0x30000000L, 1, Vma.VM_RESERVED);
            fx.world.touch(fx.proc, reserved, 0, 0, 2, 0);
            fx.touched(0); // one page to migrate, or the call is -ENOENT with no status copied out
            int[] status = {U, U, U};
            fx.world.movePages(100, new MovePagesArgs(0, 3, new long[] {0x20000000L, 0x30000000L, Fixture.HEAP},
                    new int[] {1, 1, 1}, status, 0));
            if (p == KernelProfile.V2_6_27) {
                assertArrayEquals(new int[] {-14, -14, 1}, status);
            } else {
                assertArrayEquals(new int[] {-16, 1, 1}, status,
                        "2.6.19: the hugetlb page fails isolate_lru_page, the reserved one moves");
            }
        }
    }

    @Test
    void doMovePages_vmIo_2_6_19_migratesIt_2_6_27_refusesEfault() {
        for (KernelProfile p : new KernelProfile[] {KernelProfile.V2_6_19, KernelProfile.V2_6_27}) {
            Fixture fx = new Fixture(p);
            Vma io = fx.world.anon(fx.proc, "io", 0x20000000L, 1, Vma.VM_IO);
            fx.world.touch(fx.proc, io, 0, 0, 1, 0);
            fx.touched(0);
            int[] status = {U, U};
            fx.world.movePages(100, new MovePagesArgs(0, 2, new long[] {0x20000000L, Fixture.HEAP}, new int[] {1, 1}, status, 0));
            assertEquals(p == KernelProfile.V2_6_19 ? 1 : -14, status[0], p.id());
            assertEquals(1, status[1]);
        }
    }

    @Test
    void unmapAndMove_2_6_27_memcgAtLimit_isEnomemAndMigrationStops() {
        World w = new World(KernelProfile.V2_6_27, Nodes.uniform(2, 100));
        int cg = w.machine().memcgs().add(2);
        Task t = w.process(1, Task.Credentials.user(1), NodeSet.of(0, 1), 0, cg);
        Vma v = w.anon(t, "h", Fixture.HEAP, 2, 0);
        w.touch(t, v, 0, 0, 1, 0);
        w.touch(t, v, 1, 0, 2, 0);
        w.settle();
        int[] status = {U, U};
        var r = w.movePages(1, new MovePagesArgs(0, 2, new long[] {Fixture.HEAP, Fixture.HEAP + 4096}, new int[] {1, 1}, status, 0));
        assertEquals(Errno.ENOMEM, r.errno());
        assertEquals(2, w.machine().memcgs().usage(cg), "the failed charge is not left behind");
        w.settle();
        assertEquals(java.util.List.of(), w.checkInvariants());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void isolateLruPage_sameAddressTwice_secondIsEbusy(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0);
        Fixture.Call c = fx.move(1, 0, 0);
        assertArrayEquals(new int[] {1, -16}, c.status());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void fallbackMigratePage_dirtyWithWritepage_writesOutThenMovesOnceClean(KernelProfile p) {
        Fixture fx = new Fixture(p);
        AddressSpace file = fx.world.newFile(AddressSpace.Kind.FILE, "data").migrateOp(MigrateOp.NONE);
        Vma v = fx.world.file(fx.proc, "data", file, 0x30000000L, 1, 0, 0);
        fx.world.touch(fx.proc, v, 0, 0, 5, PageFlags.DIRTY);
        fx.world.settle();
        int[] status = {U};
        var r = fx.world.movePages(100, new MovePagesArgs(0, 1, new long[] {0x30000000L}, new int[] {1}, status, 0));
        assertEquals(0, r.value());
        assertEquals(1, status[0]);
        fx.assertInvariants();
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void writeout_dirtyWithoutWritepage_isEinvalPermanent(KernelProfile p) {
        Fixture fx = new Fixture(p);
        AddressSpace file = fx.world.newFile(AddressSpace.Kind.FILE, "nowp").migrateOp(MigrateOp.NONE)
                .writepage(AddressSpace.Writepage.ABSENT);
        Vma v = fx.world.file(fx.proc, "nowp", file, 0x30000000L, 1, 0, 0);
        fx.world.touch(fx.proc, v, 0, 0, 5, PageFlags.DIRTY);
        fx.world.settle();
        int[] status = {U};
        var r = fx.world.movePages(100, new MovePagesArgs(0, 1, new long[] {0x30000000L}, new int[] {1}, status, 0));
        assertEquals(1, r.value());
        assertEquals(-22, status[0]);
        fx.assertInvariants();
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void writeout_writepageFails_isEio(KernelProfile p) {
        Fixture fx = new Fixture(p);
        AddressSpace file = fx.world.newFile(AddressSpace.Kind.FILE, "bad").migrateOp(MigrateOp.NONE)
                .writepage(AddressSpace.Writepage.FAILS);
        Vma v = fx.world.file(fx.proc, "bad", file, 0x30000000L, 1, 0, 0);
        fx.world.touch(fx.proc, v, 0, 0, 5, PageFlags.DIRTY);
        fx.world.settle();
        int[] status = {U};
        fx.world.movePages(100, new MovePagesArgs(0, 1, new long[] {0x30000000L}, new int[] {1}, status, 0));
        assertEquals(-5, status[0]);
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void writeout_aopWritepageActivate_staysDirty_andIsRetriedUntilThePassesEnd(KernelProfile p) {
        Fixture fx = new Fixture(p);
        AddressSpace file = fx.world.newFile(AddressSpace.Kind.FILE, "act").migrateOp(MigrateOp.NONE)
                .writepage(AddressSpace.Writepage.ACTIVATES);
        Vma v = fx.world.file(fx.proc, "act", file, 0x30000000L, 1, 0, 0);
        fx.world.touch(fx.proc, v, 0, 0, 5, PageFlags.DIRTY);
        fx.world.settle();
        int[] status = {U};
        var r = fx.world.movePages(100, new MovePagesArgs(0, 1, new long[] {0x30000000L}, new int[] {1}, status, 0));
        assertEquals(1, r.value(), "nr_failed + retry: still -EAGAIN after 10 passes");
        assertEquals(-11, status[0]);
        assertEquals(0, fx.world.nodeOf(fx.proc, 0x30000000L));
        fx.assertInvariants();
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void writeout_clearPageDirtyForIoFails_isEagain_thenMovesOnceTheOtherWriteEnds(KernelProfile p) {
        Fixture fx = new Fixture(p);
        AddressSpace file = fx.world.newFile(AddressSpace.Kind.FILE, "race").migrateOp(MigrateOp.NONE)
                .writepage(AddressSpace.Writepage.RACES);
        Vma v = fx.world.file(fx.proc, "race", file, 0x30000000L, 1, 0, 0);
        fx.world.touch(fx.proc, v, 0, 0, 5, PageFlags.DIRTY);
        fx.world.settle();
        fx.world.trace(true);
        int old = org.panuma.engine.model.Pte.pfn(v.pte(0));
        int[] status = {U};
        var r = fx.world.movePages(100, new MovePagesArgs(0, 1, new long[] {0x30000000L}, new int[] {1}, status, 0));
        assertEquals(0, r.value());
        assertEquals(1, status[0]);
        var first = fx.world.machine().trace().steps(old).get(0);
        assertEquals("writeout", first.function());
        assertEquals(-11, first.rc());
        assertTrue(first.reason().contains("another writer"), first.reason());
        fx.assertInvariants();
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void failMigratePage_isEio(KernelProfile p) {
        Fixture fx = new Fixture(p);
        AddressSpace file = fx.world.newFile(AddressSpace.Kind.FILE, "pinned").migrateOp(MigrateOp.FAIL_MIGRATE_PAGE);
        Vma v = fx.world.file(fx.proc, "pinned", file, 0x30000000L, 1, 0, 0);
        fx.world.touch(fx.proc, v, 0, 0, 5, 0);
        fx.world.settle();
        int[] status = {U};
        fx.world.movePages(100, new MovePagesArgs(0, 1, new long[] {0x30000000L}, new int[] {1}, status, 0));
        assertEquals(-5, status[0]);
        fx.assertInvariants();
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void bufferMigratePage_pageWithBuffers_movesBuffersAlong(KernelProfile p) {
        Fixture fx = new Fixture(p);
        AddressSpace file = fx.world.newFile(AddressSpace.Kind.FILE, "ext3").migrateOp(MigrateOp.BUFFER_MIGRATE_PAGE);
        Vma v = fx.world.file(fx.proc, "ext3", file, 0x30000000L, 1, 0, 0);
        fx.world.touch(fx.proc, v, 0, 0, 5, PageFlags.PRIVATE);
        fx.world.settle();
        int[] status = {U};
        fx.world.movePages(100, new MovePagesArgs(0, 1, new long[] {0x30000000L}, new int[] {1}, status, 0));
        assertEquals(1, status[0]);
        int pfn = Pte.pfn(v.pte(0));
        assertEquals(true, fx.world.machine().frames().test(pfn, PageFlags.PRIVATE));
        fx.assertInvariants();
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void fallbackMigratePage_buffersNotReleasable_isEagain(KernelProfile p) {
        Fixture fx = new Fixture(p);
        AddressSpace file = fx.world.newFile(AddressSpace.Kind.FILE, "jbd").migrateOp(MigrateOp.NONE).releasesPrivate(false);
        Vma v = fx.world.file(fx.proc, "jbd", file, 0x30000000L, 1, 0, 0);
        fx.world.touch(fx.proc, v, 0, 0, 5, PageFlags.PRIVATE);
        fx.world.settle();
        int[] status = {U};
        var r = fx.world.movePages(100, new MovePagesArgs(0, 1, new long[] {0x30000000L}, new int[] {1}, status, 0));
        assertEquals(1, r.value());
        assertEquals(-11, status[0]);
        fx.assertInvariants();
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void migrationEntryWait_onAMigrationEntry_waitsWhileLocked(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0);
        int pfn = fx.pfn(0);
        fx.heap.setPte(0, Pte.migration(pfn, true));
        fx.world.machine().frames().set(pfn, PageFlags.LOCKED);
        assertEquals(MigrationEntryWait.Outcome.WAITED_FOR_PAGE_LOCK,
                MigrationEntryWait.wait(fx.world.machine(), fx.proc.mm(), Fixture.addr(0)));
        assertEquals(MigrationEntryWait.Outcome.NOT_A_SWAP_PTE,
                MigrationEntryWait.wait(fx.world.machine(), fx.proc.mm(), Fixture.addr(1)));
        assertArrayEquals(new int[] {-2}, fx.query(0).status(), "a migration entry reads -ENOENT");
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_19", "V2_6_27"})
    void unmapAndMove_sharedWithForkedChild_withMoveAllAsRoot_tryToUnmapUnmapsEveryMapping(KernelProfile p) {
        // do_move_pages queues a page with mapcount > 1 under MPOL_MF_MOVE_ALL; try_to_unmap(page, 1)
        // (try_to_unmap_anon) puts a migration entry in every VMA of the anon_vma, so !page_mapped and
        // migrate_page_move_mapping's page_count == 1 hold; remove_migration_ptes maps the new page twice.
        Fixture fx = new Fixture(p);
        Task child = fx.world.process(101, Task.Credentials.user(1000), NodeSet.of(0, 1), 0);
        fx.world.share(child, fx.heap, Fixture.HEAP);
        Task root = fx.world.process(1, Task.Credentials.root(), NodeSet.of(0, 1), 0);
        fx.touched(0);
        Fixture.Call c = fx.moveAs(root.pid(), 100, org.panuma.spi.Mpol.MPOL_MF_MOVE_ALL, 1, 0);
        assertEquals(0, c.result().value());
        assertArrayEquals(new int[] {1}, c.status());
        assertEquals(1, fx.world.nodeOf(child, Fixture.HEAP));
        assertEquals(0xD00D0000L, fx.world.dataAt(child, Fixture.HEAP));
        assertEquals(2, fx.world.machine().frames().mapcount(fx.pfn(0)));
        fx.assertInvariants();
    }
}
