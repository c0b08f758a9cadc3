package org.panuma.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.panuma.engine.model.Disturbances;
import org.panuma.engine.model.VmEvent;
import org.panuma.spi.NodeSet;

/** migrate_pages(2): do_migrate_pages / migrate_to_node and the isolation accounting around them. */
class KernelMigratePagesTest {

    @ParameterizedTest
    @EnumSource(KernelProfile.class)
    void migrateToNode_movesEveryPageOfTheSourceNode_andLeavesNothingCountedIsolated(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0, 1, 2, 3);
        assertEquals(0, fx.world.migratePages(100, 0, NodeSet.of(0), NodeSet.of(1)).value());
        for (int s = 0; s < 4; s++) {
            assertEquals(1, fx.world.nodeOf(fx.proc, Fixture.addr(s)));
        }
        // 6.x: migrate_folio_add counts each isolated page in NR_ISOLATED_*, unmap_and_move uncounts it.
        assertEquals(0, fx.world.machine().vmstat().get(VmEvent.NR_ISOLATED_ANON));
        fx.assertInvariants();
    }

    @ParameterizedTest
    @EnumSource(KernelProfile.class)
    void migrateToNode_pinnedPage_isCountedNotMigratedAndPutBack(KernelProfile p) {
        Fixture fx = new Fixture(p).touched(0, 1, 2);
        fx.world.machine().disturbances().holdRefs(fx.world.machine().frames(), fx.pfn(1), 1, Disturbances.FOREVER);
        assertEquals(1, fx.world.migratePages(100, 0, NodeSet.of(0), NodeSet.of(1)).value());
        assertEquals(0, fx.world.nodeOf(fx.proc, Fixture.addr(1)));
        assertEquals(1, fx.world.nodeOf(fx.proc, Fixture.addr(2)));
        assertEquals(0, fx.world.machine().vmstat().get(VmEvent.NR_ISOLATED_ANON));
        fx.assertInvariants();
    }
}
