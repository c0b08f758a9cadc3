package org.panuma.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.panuma.engine.migrate.MovePagesArgs;
import org.panuma.engine.model.Disturbances;
import org.panuma.spi.Errno;

/** One test per behavioural difference between the profiles. */
class ProfileDifferencesTest {
    static final int U = Fixture.UNTOUCHED;

    @Test
    void neverTouchedAnonymousPage_isEfaultIn61_EnoentIn612AndTheSeeds() {
        assertArrayEquals(new int[] {-14}, new Fixture(KernelProfile.V6_1).query(5).status());
        assertArrayEquals(new int[] {-2}, new Fixture(KernelProfile.V6_12).query(5).status());
        assertArrayEquals(new int[] {-2}, new Fixture(KernelProfile.V2_6_27).query(5).status());
        Fixture f61 = new Fixture(KernelProfile.V6_1).touched(0);
        assertArrayEquals(new int[] {1, -14}, f61.move(1, 0, 5).status());
        Fixture f612 = new Fixture(KernelProfile.V6_12).touched(0);
        assertArrayEquals(new int[] {1, -2}, f612.move(1, 0, 5).status());
    }

    @Test
    void zeroPage_isEnoentInSeeds_EfaultLater() {
        for (KernelProfile p : KernelProfile.values()) {
            Fixture fx = new Fixture(p);
            fx.world.machine().mapZeroPage(fx.heap, 0);
            assertArrayEquals(new int[] {p.isSeed() ? -2 : -14}, fx.query(0).status(), p.id());
        }
    }

    @Test
    void nothingToMigrate_isEnoentInSeeds_ZeroWithStatusLater() {
        for (KernelProfile p : KernelProfile.values()) {
            Fixture.Call c = new Fixture(p).touched(0).move(0, 0);
            if (p.isSeed()) {
                assertEquals(Errno.ENOENT, c.result().errno(), p.id());
                assertArrayEquals(new int[] {U}, c.status());
            } else {
                assertEquals(0, c.result().value(), p.id());
                assertArrayEquals(new int[] {0}, c.status());
            }
        }
    }

    @Test
    void hugeCount_isE2bigInSeeds_EfaultLater() {
        for (KernelProfile p : KernelProfile.values()) {
            Fixture fx = new Fixture(p);
            var r = fx.world.movePages(100, new MovePagesArgs(0, -1L, new long[0], new int[0], new int[0], 0));
            assertEquals(p.isSeed() ? Errno.E2BIG : Errno.EFAULT, r.errno(), p.id());
        }
    }

    @Test
    void badNodeInTheMiddle_seedsMoveNothing_laterKernelsMoveTheRunBefore() {
        for (KernelProfile p : KernelProfile.values()) {
            Fixture fx = new Fixture(p).touched(0, 1);
            int[] status = {U, U};
            var r = fx.world.movePages(100, new MovePagesArgs(0, 2, new long[] {Fixture.addr(0), Fixture.addr(1)},
                    new int[] {1, 9}, status, 0));
            assertEquals(Errno.ENODEV, r.errno());
            assertEquals(p.isSeed() ? 0 : 1, fx.world.nodeOf(fx.proc, Fixture.addr(0)), p.id());
        }
    }

    @Test
    void failedPage_seedsWriteEagainAndCountIt_laterKernelsLeaveTheRunUnwritten() {
        for (KernelProfile p : KernelProfile.values()) {
            Fixture fx = new Fixture(p).touched(0, 1);
            fx.world.machine().disturbances().holdRefs(fx.world.machine().frames(), fx.pfn(1), 1, Disturbances.FOREVER);
            Fixture.Call c = fx.move(1, 0, 1);
            assertEquals(1, c.result().value(), p.id());
            assertArrayEquals(p.isSeed() ? new int[] {1, -11} : new int[] {U, U}, c.status(), p.id());
        }
    }

    @Test
    void permission_seedsUseUidsOrCapSysNice_laterKernelsPtrace() {
        for (KernelProfile p : KernelProfile.values()) {
            Fixture fx = new Fixture(p).touched(0);
            fx.world.process(300, new org.panuma.engine.model.Task.Credentials(2000, 2000, 2000, 2000, 2000, 2000,
                    true, false, true), org.panuma.spi.NodeSet.of(0, 1), 0);
            Errno e = fx.moveAs(300, 100, 0, 1, 0).result().errno();
            assertEquals(p.isSeed() ? null : Errno.EPERM, e, p.id());
        }
    }

    @Test
    void profileFromUname() {
        assertEquals(KernelProfile.V6_1, KernelProfile.fromUname("6.1.0-27-amd64"));
        assertEquals(KernelProfile.V6_12, KernelProfile.fromUname("6.18.44"));
        assertEquals(KernelProfile.V6_12, KernelProfile.fromUname("6.12.0"));
        assertEquals(KernelProfile.V6_1, KernelProfile.fromUname("6.11.9-arch1"));
        assertEquals(KernelProfile.V6_1, KernelProfile.fromUname("4.17.0"));
        assertEquals(KernelProfile.V2_6_19, KernelProfile.fromUname("2.6.20"));
        assertEquals(KernelProfile.V2_6_27, KernelProfile.fromUname("2.6.27.62"));
        assertEquals(KernelProfile.V2_6_27, KernelProfile.fromUname("3.10.0-1160.el7.x86_64"));
        assertTrue(KernelProfile.isApproximation("3.10.0"));
        assertThrows(IllegalArgumentException.class, () -> KernelProfile.fromUname("2.6.12"));
        assertEquals(KernelProfile.V6_12, KernelProfile.byName("v6.12"));
        assertEquals(KernelProfile.V2_6_19, KernelProfile.byName("2.6.19"));
    }

    /** The kernels each profile was checked against are the ones it is picked for, by series. */
    @Test
    void checkedAgainst_namesKernelsTheProfileIsPickedFor() {
        assertEquals(KernelProfile.V6_12, KernelProfile.fromUname("7.2.13+deb14-amd64"));
        assertTrue(KernelProfile.V6_12.checkedAgainstSeriesOf("7.2.1"));
        assertTrue(KernelProfile.V6_12.checkedAgainstSeriesOf("6.12.8-amd64"));
        assertFalse(KernelProfile.V6_12.checkedAgainstSeriesOf("7.3.0"));
        assertTrue(KernelProfile.V2_6_19.checkedAgainst().isEmpty());
        for (KernelProfile p : KernelProfile.values()) {
            for (String release : p.checkedAgainst()) {
                assertEquals(p, KernelProfile.fromUname(release), release);
            }
        }
    }
}
