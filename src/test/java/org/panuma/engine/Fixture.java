package org.panuma.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.panuma.engine.migrate.MovePagesArgs;
import org.panuma.engine.migrate.SyscallResult;
import org.panuma.engine.model.Disturbances;
import org.panuma.engine.model.Nodes;
import org.panuma.engine.model.Task;
import org.panuma.engine.model.Vma;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/** A two-node machine with one process (pid 100, uid 1000) and a 16-page anonymous heap. */
final class Fixture {
    static final long HEAP = 0x10000000L;
    static final int UNTOUCHED = -999;

    final World world;
    final Task proc;
    final Vma heap;

    Fixture(KernelProfile p) {
        this(p, 0, Disturbances.Rates.NONE);
    }

    Fixture(KernelProfile p, long seed, Disturbances.Rates rates) {
        world = new World(p, Nodes.uniform(2, 4096), seed, rates, 1024);
        proc = world.process(100, Task.Credentials.user(1000), NodeSet.of(0, 1), 0);
        heap = world.anon(proc, "heap", HEAP, 16, 0);
    }

    static long addr(int slot) {
        return HEAP + ((long) slot << 12);
    }

    /** Touches heap pages {@code slots} on node 0 and settles the LRU caches. */
    Fixture touched(int... slots) {
        for (int s : slots) {
            world.touch(proc, heap, s, 0, 0xD00D0000L + s, 0);
        }
        world.settle();
        return this;
    }

    int pfn(int slot) {
        return org.panuma.engine.model.Pte.pfn(heap.pte(slot));
    }

    /** move_pages(0, n, addrs(slots), all to node, status pre-filled UNTOUCHED, MPOL_MF_MOVE). */
    Call move(int node, int... slots) {
        return moveAs(100, 0, Mpol.MPOL_MF_MOVE, node, slots);
    }

    Call moveAs(int caller, int pid, int flags, int node, int... slots) {
        long[] pages = Arrays.stream(slots).mapToLong(Fixture::addr).toArray();
        int[] nodes = new int[slots.length];
        Arrays.fill(nodes, node);
        int[] status = new int[slots.length];
        Arrays.fill(status, UNTOUCHED);
        SyscallResult r = world.movePages(caller, new MovePagesArgs(pid, slots.length, pages, nodes, status, flags));
        return new Call(r, status);
    }

    Call query(int... slots) {
        long[] pages = Arrays.stream(slots).mapToLong(Fixture::addr).toArray();
        int[] status = new int[slots.length];
        Arrays.fill(status, UNTOUCHED);
        SyscallResult r = world.movePages(100, new MovePagesArgs(0, slots.length, pages, null, status, 0));
        return new Call(r, status);
    }

    void assertInvariants() {
        world.settle();
        assertEquals(java.util.List.of(), world.checkInvariants());
    }

    record Call(SyscallResult result, int[] status) {
    }
}
