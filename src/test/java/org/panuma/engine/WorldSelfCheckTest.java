package org.panuma.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.panuma.engine.migrate.MovePagesArgs;
import org.panuma.engine.model.Nodes;
import org.panuma.engine.model.Task;
import org.panuma.engine.model.Vma;
import org.panuma.spi.NodeSet;

/** Every simulated call is followed by the machine's invariant check. */
class WorldSelfCheckTest {
    @Test
    void aCallThatChangesABrokenCount_isRefused_aBrokenStateTheCallLeavesAloneIsNot() {
        World w = new World(KernelProfile.V6_1, Nodes.uniform(2, 64));
        Task t = w.process(1, Task.Credentials.user(1), NodeSet.of(0, 1), 0);
        Vma v = w.anon(t, "heap", 0x10000000L, 2, 0);
        w.touch(t, v, 0, 0, 1, 0);
        w.touch(t, v, 1, 0, 2, 0);
        w.settle();
        // Page 0 counted onto node 0's LRU twice: node 0's LRU count no longer matches its frames.
        w.machine().lruAdd(org.panuma.engine.model.Pte.pfn(v.pte(0)));
        assertEquals(java.util.List.of("node 0 LRU count 3, frames on LRU 2"), w.checkInvariants());
        // A query changes nothing: the old problem is not the call's.
        assertEquals(0, w.movePages(1, new MovePagesArgs(0, 1, new long[] {0x10000000L}, null, new int[1], 0)).value());
        // A move to node 1 changes node 0's counts, and the check after the call sees it.
        ModelInvariantException e = assertThrows(ModelInvariantException.class, () -> w.movePages(1,
                new MovePagesArgs(0, 1, new long[] {0x10000000L}, new int[] {1}, new int[1], 0)));
        assertTrue(e.getMessage().contains("move_pages") && e.problems().equals(java.util.List.of("node 0 LRU count 2, frames on LRU 1")), e.getMessage());
        // Off, the same call is answered.
        w.checkEachCall(false);
        assertEquals(0, w.movePages(1, new MovePagesArgs(0, 1, new long[] {0x10000000L + 4096}, new int[] {1}, new int[1], 0)).value());
    }
}
