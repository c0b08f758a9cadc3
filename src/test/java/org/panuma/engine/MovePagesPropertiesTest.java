package org.panuma.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.panuma.engine.migrate.MovePagesArgs;
import org.panuma.engine.migrate.SyscallResult;
import org.panuma.engine.model.Disturbances;
import org.panuma.engine.model.Nodes;
import org.panuma.engine.model.Task;
import org.panuma.engine.model.Vma;
import org.panuma.spi.NodeSet;

/** Random machines and calls: nothing lost or duplicated, data preserved, counts balanced, statuses allowed. */
class MovePagesPropertiesTest {
    static final int U = -999;

    @Property(tries = 300)
    void randomMovePages_keepsTheInvariants(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int profileIndex) {
        KernelProfile p = KernelProfile.values()[profileIndex];
        SplittableRandom r = new SplittableRandom(seed);
        World w = new World(p, Nodes.uniform(3, 64), seed,
                new Disturbances.Rates(r.nextDouble() * 0.3, r.nextDouble() * 0.3, r.nextDouble() * 0.3, r.nextDouble() * 0.3), 256);
        Task t = w.process(1, Task.Credentials.user(1), NodeSet.of(0, 1, 2), r.nextInt(3));
        Task child = w.process(2, Task.Credentials.user(1), NodeSet.of(0, 1, 2), 0);
        int pages = 1 + r.nextInt(24);
        long base = 0x40000000L;
        Vma v = w.anon(t, "heap", base, pages, 0);
        if (r.nextBoolean()) {
            w.share(child, v, base);
        }
        Map<Long, Long> data = new HashMap<>();
        for (int s = 0; s < pages; s++) {
            int kind = r.nextInt(6);
            if (kind <= 3) {
                int pfn = w.touch(t, v, s, r.nextInt(3), r.nextLong(), 0);
                if (pfn >= 0) {
                    data.put(v.address(s), w.machine().frames().data(pfn));
                    if (r.nextInt(5) == 0) {
                        w.machine().disturbances().holdRefs(w.machine().frames(), pfn, 1, 1 + r.nextInt(12));
                    }
                    if (r.nextInt(6) == 0) {
                        w.machine().disturbances().holdLock(w.machine().frames(), pfn, 1 + r.nextInt(6));
                    }
                }
            } else if (kind == 4) {
                w.machine().mapZeroPage(v, s);
            }
        }
        if (r.nextBoolean()) {
            w.settle();
        }
        int n = 1 + r.nextInt(pages + 4);
        long[] addrs = new long[n];
        int[] nodes = new int[n];
        int[] status = new int[n];
        java.util.Arrays.fill(status, U);
        for (int i = 0; i < n; i++) {
            addrs[i] = base + ((long) r.nextInt(pages + 2) << 12);
            nodes[i] = r.nextInt(10) == 0 ? 7 : r.nextInt(3);
        }
        int flags = r.nextBoolean() ? 0 : org.panuma.spi.Mpol.MPOL_MF_MOVE;
        SyscallResult res = w.movePages(1, new MovePagesArgs(0, n, addrs, nodes, status, flags));

        String ctx = "seed " + seed + " profile " + p;
        w.settle();
        assertEquals(List.of(), w.checkInvariants(), ctx);
        data.forEach((addr, d) -> assertEquals(d, w.dataAt(t, addr), ctx + " data at 0x" + Long.toHexString(addr)));
        Set<Integer> allowed = p.isSeed() ? Set.of(-2, -14, -13, -16, -11, -12, -5, -22) : Set.of(-2, -14, -13, -16);
        int notWritten = 0;
        for (int i = 0; i < n; i++) {
            int s = status[i];
            if (s == U) {
                notWritten++;
                continue;
            }
            assertTrue(s >= 0 && s < 3 || allowed.contains(s), ctx + " status " + s);
            final long a = addrs[i];
            boolean unique = java.util.Arrays.stream(addrs).filter(x -> x == a).count() == 1;
            if (s >= 0 && !res.failed() && unique) {
                int node = w.nodeOf(t, addrs[i]);
                assertEquals(s, node, ctx + " entry " + i + " says node " + s);
            }
        }
        if (r.nextBoolean()) {
            // Then migrate_pages(2) from one node to another: the same invariants hold after it.
            int from = r.nextInt(3);
            int to = (from + 1 + r.nextInt(2)) % 3;
            SyscallResult mp = w.migratePages(1, 0, NodeSet.of(from), NodeSet.of(to));
            w.settle();
            String mctx = ctx + " then migrate_pages " + from + "->" + to + " = " + mp.value();
            assertEquals(List.of(), w.checkInvariants(), mctx);
            data.forEach((addr, d) -> assertEquals(d, w.dataAt(t, addr), mctx + " data at 0x" + Long.toHexString(addr)));
            assertTrue(mp.failed() || mp.value() >= 0, mctx);
        }
        if (!res.failed()) {
            if (p.isSeed()) {
                assertEquals(0, notWritten, ctx);
                long failures = java.util.Arrays.stream(status).filter(s -> s == -11 || s == -12 || s == -5 || s == -22).count();
                assertTrue(res.value() >= failures - 0 && res.value() <= n, ctx);
            } else {
                assertTrue(res.value() >= 0 && res.value() <= n, ctx);
                if (res.value() == 0) {
                    assertEquals(0, notWritten, ctx + ": return 0 means every status was written");
                } else {
                    assertTrue(notWritten >= 1, ctx + ": a positive return leaves the failed run unwritten");
                }
            }
        }
    }
}
