package org.panuma.engine.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.panuma.engine.KernelProfile;
import org.panuma.engine.World;
import org.panuma.engine.migrate.SyscallResult;
import org.panuma.engine.model.Nodes;
import org.panuma.engine.model.Policy;
import org.panuma.engine.model.Task;
import org.panuma.engine.model.Vma;
import org.panuma.spi.Errno;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/**
 * The memory-policy calls against mm/mempolicy.c, with LTP's cases (mbind01, mbind02-04,
 * get_mempolicy01-02, set_mempolicy01-02) as the kernel answers them (the same cases run against
 * the kernel in PolicyCallsGuestTest).
 */
class MempolicyCallsTest {
    static final long MAP = 0x7f0000000000L;
    static final int PAGES = 16;

    static final class Machine2 {
        final World world;
        final Task task;
        final Vma vma;

        Machine2(KernelProfile p, Task.Credentials cred) {
            world = new World(p, Nodes.uniform(2, 4096));
            task = world.process(100, cred, NodeSet.of(0, 1), 0);
            vma = world.anon(task, "map", MAP, PAGES, 0);
        }

        SyscallResult mbind(int mode, NodeSet nodes, int flags) {
            return world.mbind(100, MAP, PAGES * 4096L, mode, nodes, flags);
        }

        MempolicyCalls.Query get(long addr, int flags) {
            return world.getMempolicy(100, addr, flags);
        }
    }

    static Machine2 user(KernelProfile p) {
        return new Machine2(p, Task.Credentials.user(1000));
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void mbind01_cases(KernelProfile p) {
        NodeSet one = NodeSet.of(1);
        // MPOL_DEFAULT without nodes: 0, then the range reads back MPOL_DEFAULT with no nodes.
        Machine2 m = user(p);
        assertEquals(0, m.mbind(Mpol.MPOL_DEFAULT, NodeSet.empty(), 0).value());
        assertEquals(new MempolicyCalls.Query(null, Mpol.MPOL_DEFAULT, NodeSet.empty()), m.get(MAP, Mpol.MPOL_F_ADDR));
        // with nodes ("target exists"), MPOL_BIND / MPOL_INTERLEAVE without, MPOL_LOCAL with: EINVAL
        assertEquals(Errno.EINVAL, user(p).mbind(Mpol.MPOL_DEFAULT, one, 0).errno());
        assertEquals(Errno.EINVAL, user(p).mbind(Mpol.MPOL_BIND, NodeSet.empty(), 0).errno());
        assertEquals(Errno.EINVAL, user(p).mbind(Mpol.MPOL_INTERLEAVE, NodeSet.empty(), 0).errno());
        assertEquals(Errno.EINVAL, user(p).mbind(Mpol.MPOL_LOCAL, one, 0).errno());
        // mode -1 and flags -1: EINVAL
        assertEquals(Errno.EINVAL, user(p).mbind(-1, NodeSet.empty(), 0).errno());
        assertEquals(Errno.EINVAL, user(p).mbind(Mpol.MPOL_DEFAULT, NodeSet.empty(), -1).errno());
        // MPOL_BIND, MPOL_INTERLEAVE, MPOL_PREFERRED with a node: that policy and node read back
        for (int mode : new int[] {Mpol.MPOL_BIND, Mpol.MPOL_INTERLEAVE, Mpol.MPOL_PREFERRED}) {
            Machine2 b = user(p);
            assertEquals(0, b.mbind(mode, one, 0).value());
            assertEquals(new MempolicyCalls.Query(null, mode, one), b.get(MAP, Mpol.MPOL_F_ADDR));
        }
        // MPOL_PREFERRED without nodes is local allocation: MPOL_LOCAL reads back
        Machine2 pref = user(p);
        assertEquals(0, pref.mbind(Mpol.MPOL_PREFERRED, NodeSet.empty(), 0).value());
        assertEquals(Mpol.MPOL_LOCAL, pref.get(MAP, Mpol.MPOL_F_ADDR).value());
        Machine2 local = user(p);
        assertEquals(0, local.mbind(Mpol.MPOL_LOCAL, NodeSet.empty(), 0).value());
        assertEquals(new MempolicyCalls.Query(null, Mpol.MPOL_LOCAL, NodeSet.empty()), local.get(MAP, Mpol.MPOL_F_ADDR));
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void getMempolicy02_andFlags(KernelProfile p) {
        Machine2 m = user(p);
        assertEquals(Errno.EFAULT, m.get(MAP - 4096, Mpol.MPOL_F_ADDR).errno()); // invalid address
        assertEquals(Errno.EINVAL, m.get(0, -1).errno());                      // invalid flags
        assertEquals(Errno.EINVAL, m.get(MAP, 0).errno());                     // an address without MPOL_F_ADDR
        assertEquals(Errno.EINVAL, m.get(0, Mpol.MPOL_F_NODE).errno());        // NODE without interleave
        assertEquals(Errno.EINVAL, m.get(0, Mpol.MPOL_F_MEMS_ALLOWED | Mpol.MPOL_F_NODE).errno());
        assertEquals(NodeSet.of(0, 1), m.get(0, Mpol.MPOL_F_MEMS_ALLOWED).nodes());
        assertEquals(new MempolicyCalls.Query(null, Mpol.MPOL_DEFAULT, NodeSet.empty()), m.get(0, 0));
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void setMempolicy_preferredWithoutNodesIsLocal_andNodesOutsideAreDropped(KernelProfile p) {
        Machine2 m = user(p);
        assertEquals(0, m.world.setMempolicy(100, Mpol.MPOL_PREFERRED, NodeSet.empty()).value());
        assertEquals(Mpol.MPOL_LOCAL, m.get(0, 0).value());
        // nodes without memory are dropped (mpol_set_nodemask), only an empty result is EINVAL
        assertEquals(0, m.world.setMempolicy(100, Mpol.MPOL_BIND, NodeSet.of(1, 5)).value());
        assertEquals(NodeSet.of(1), m.get(0, 0).nodes());
        assertEquals(Errno.EINVAL, m.world.setMempolicy(100, Mpol.MPOL_BIND, NodeSet.of(5)).errno());
        // interleave: MPOL_F_NODE gives the next node (il_prev starts at MAX_NUMNODES - 1)
        assertEquals(0, m.world.setMempolicy(100, Mpol.MPOL_INTERLEAVE, NodeSet.of(0, 1)).value());
        assertEquals(0, m.get(0, Mpol.MPOL_F_NODE).value());
        // STATIC_NODES: the user's nodes read back
        assertEquals(0, m.world.setMempolicy(100, Mpol.MPOL_BIND | Mpol.MPOL_F_STATIC_NODES, NodeSet.of(1, 5)).value());
        assertEquals(new MempolicyCalls.Query(null, Mpol.MPOL_BIND | Mpol.MPOL_F_STATIC_NODES, NodeSet.of(1, 5)), m.get(0, 0));
        assertEquals(0, m.world.setMempolicy(100, Mpol.MPOL_DEFAULT, NodeSet.empty()).value());
        assertNull(m.task.mempolicy());
    }

    @Test
    void weightedInterleave_existsFrom612() {
        assertEquals(Errno.EINVAL, user(KernelProfile.V6_1).world.setMempolicy(100, Mpol.MPOL_WEIGHTED_INTERLEAVE,
                NodeSet.of(0, 1)).errno());
        Machine2 m = user(KernelProfile.V6_12);
        assertEquals(0, m.world.setMempolicy(100, Mpol.MPOL_WEIGHTED_INTERLEAVE, NodeSet.of(0, 1)).value());
        assertEquals(Mpol.MPOL_WEIGHTED_INTERLEAVE, m.get(0, 0).value());
        assertEquals(Errno.EINVAL, m.world.setMempolicy(100, Mpol.MPOL_WEIGHTED_INTERLEAVE + 1, NodeSet.of(0)).errno());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void mbind02to04_strictAndMoves(KernelProfile p) {
        // mbind02: pages on node 0, MPOL_BIND node 1 with STRICT alone: EIO
        Machine2 m = user(p);
        touchAll(m, 0);
        assertEquals(Errno.EIO, m.mbind(Mpol.MPOL_BIND, NodeSet.of(1), Mpol.MPOL_MF_STRICT).errno());
        // mbind03: MOVE moves every page to the node
        assertEquals(0, m.mbind(Mpol.MPOL_BIND, NodeSet.of(1), Mpol.MPOL_MF_MOVE).value());
        assertEquals(PAGES, countOn(m, 1));
        assertTrue(m.world.checkInvariants().isEmpty(), m.world.checkInvariants().toString());
        // MOVE_ALL without CAP_SYS_NICE: EPERM; as root: moves
        assertEquals(Errno.EPERM, m.mbind(Mpol.MPOL_BIND, NodeSet.of(0), Mpol.MPOL_MF_MOVE_ALL).errno());
        Machine2 root = new Machine2(p, Task.Credentials.root());
        touchAll(root, 0);
        assertEquals(0, root.mbind(Mpol.MPOL_BIND, NodeSet.of(1), Mpol.MPOL_MF_MOVE_ALL | Mpol.MPOL_MF_STRICT).value());
        assertEquals(PAGES, countOn(root, 1));
        assertTrue(root.world.checkInvariants().isEmpty(), root.world.checkInvariants().toString());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void pagesAnotherProcessMaps_stayUnderMove_andMoveUnderMoveAllAsRoot(KernelProfile p) {
        // migrate_folio_add: shared folios are queued only under MPOL_MF_MOVE_ALL; skipping one is not
        // a failure, so MOVE|STRICT still answers 0 (6.1: has_unmovable stays false; 6.12: nr_failed 0).
        Machine2 root = new Machine2(p, Task.Credentials.root());
        Task other = root.world.process(200, Task.Credentials.root(), NodeSet.of(0, 1), 0);
        root.world.share(other, root.vma, MAP);
        touchAll(root, 0);
        assertEquals(0, root.mbind(Mpol.MPOL_BIND, NodeSet.of(1), Mpol.MPOL_MF_MOVE | Mpol.MPOL_MF_STRICT).value());
        assertEquals(0, countOn(root, 1));
        assertEquals(Mpol.MPOL_BIND, root.get(MAP, Mpol.MPOL_F_ADDR).value(), "the range has the policy all the same");
        assertEquals(0, root.mbind(Mpol.MPOL_BIND, NodeSet.of(1), Mpol.MPOL_MF_MOVE_ALL).value());
        assertEquals(PAGES, countOn(root, 1));
        assertEquals(1, root.world.nodeOf(other, MAP), "the other process sees the moved page");
        assertTrue(root.world.checkInvariants().isEmpty(), root.world.checkInvariants().toString());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void getMempolicyAddr_isTheRangesOwnPolicy_andNodeOfThePage(KernelProfile p) {
        Machine2 m = user(p);
        assertEquals(0, m.world.setMempolicy(100, Mpol.MPOL_PREFERRED, NodeSet.of(1)).value());
        // no fallback to the task's policy: the range without one reads MPOL_DEFAULT, no nodes
        MempolicyCalls.Query q = m.get(MAP, Mpol.MPOL_F_ADDR);
        assertEquals(Mpol.MPOL_DEFAULT, q.value());
        assertEquals(NodeSet.empty(), q.nodes());
        assertEquals(0, m.mbind(Mpol.MPOL_INTERLEAVE | Mpol.MPOL_F_STATIC_NODES, NodeSet.of(0, 1), 0).value());
        q = m.get(MAP + 4096, Mpol.MPOL_F_ADDR);
        assertEquals(Mpol.MPOL_INTERLEAVE | Mpol.MPOL_F_STATIC_NODES, q.value());
        assertEquals(NodeSet.of(0, 1), q.nodes());
        // MPOL_F_NODE|MPOL_F_ADDR: lookup_node's read fault maps the zero page (node 0 here) into
        // private anonymous memory; a written page is where the policy put it (interleave by offset)
        assertEquals(0, m.get(MAP + 3 * 4096L, Mpol.MPOL_F_NODE | Mpol.MPOL_F_ADDR).value());
        m.world.fault(m.task, MAP + 5 * 4096L);
        assertEquals((int) (((MAP >>> 12) + 5) % 2), m.get(MAP + 5 * 4096L, Mpol.MPOL_F_NODE | Mpol.MPOL_F_ADDR).value());
        assertEquals(Errno.EFAULT, m.get(MAP + PAGES * 4096L, Mpol.MPOL_F_ADDR).errno());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void interleave_followsTheMappingOffset_andMbindSplitsTheVma(KernelProfile p) {
        Machine2 m = user(p);
        // interleave over half of the mapping: the VMA is split, the other half keeps no policy
        assertEquals(0, m.world.mbind(100, MAP + 8 * 4096L, 8 * 4096L, Mpol.MPOL_INTERLEAVE, NodeSet.of(0, 1), 0).value());
        assertEquals(2, m.task.mm().vmas().size());
        assertEquals(Mpol.MPOL_DEFAULT, m.get(MAP, Mpol.MPOL_F_ADDR).value());
        assertEquals(Mpol.MPOL_INTERLEAVE, m.get(MAP + 8 * 4096L, Mpol.MPOL_F_ADDR).value());
        List<Integer> nodes = new java.util.ArrayList<>();
        for (int i = 8; i < PAGES; i++) {
            m.world.fault(m.task, MAP + i * 4096L);
            nodes.add(m.world.nodeOf(m.task, MAP + i * 4096L));
        }
        // vm_pgoff of the anonymous VMA is MAP >> 12 (even), so page 8 is offset MAP/4096 + 8: node 0
        assertEquals(List.of(0, 1, 0, 1, 0, 1, 0, 1), nodes);
    }

    @Test
    void interleaveIndex_isAnUnsignedIntIn61_andTheWholeOffsetIn612() {
        // Three nodes and an offset above 2^32 pages: 6.1's (unsigned int) cast changes the remainder.
        World w = new World(KernelProfile.V6_1, Nodes.uniform(3, 64));
        Task t = w.process(1, Task.Credentials.user(1), NodeSet.of(0, 1, 2), 0);
        long start = 0x7fff00000000000L & ~0xfffL; // start >> 12 = 2^39 - 2^32 + ..., beyond 32 bits
        Vma v = w.anon(t, "high", start, 1, 0);
        Policy il = new Policy(Mpol.MPOL_INTERLEAVE, 0, NodeSet.of(0, 1, 2), NodeSet.empty(), Policy.NO_NODE);
        long off = start >>> 12;
        assertEquals((int) (Integer.toUnsignedLong((int) off) % 3), PolicyAlloc.interleaveNid(KernelProfile.V6_1, il, v, 0));
        assertEquals((int) (off % 3), PolicyAlloc.interleaveNid(KernelProfile.V6_12, il, v, 0));
        assertTrue(Integer.toUnsignedLong((int) off) % 3 != off % 3, "the example must tell the two apart");
    }

    @Test
    void numaBalancingFlag_takesPreferredManyFrom612() {
        // sanitize_mpol_flags: 6.1 accepts MPOL_F_NUMA_BALANCING with MPOL_BIND only
        int word = Mpol.MPOL_PREFERRED_MANY | Mpol.MPOL_F_NUMA_BALANCING;
        assertEquals(Errno.EINVAL, user(KernelProfile.V6_1).world.setMempolicy(100, word, NodeSet.of(1)).errno());
        Machine2 m = user(KernelProfile.V6_12);
        assertEquals(0, m.world.setMempolicy(100, word, NodeSet.of(1)).value());
        assertEquals(word, m.get(0, 0).value());
        assertEquals(Errno.EINVAL, m.world.setMempolicy(100, Mpol.MPOL_INTERLEAVE | Mpol.MPOL_F_NUMA_BALANCING,
                NodeSet.of(1)).errno());
    }

    @Test
    void getMempolicyNode_ofTheTasksWeightedInterleave_isTheNextNodeIn612() {
        // do_get_mempolicy of 6.12: MPOL_F_NODE of the task's weighted interleave is
        // il_weight ? il_prev : next_node_in(il_prev); set_mempolicy reset il_prev to MAX_NUMNODES-1
        Machine2 m = user(KernelProfile.V6_12);
        assertEquals(0, m.world.setMempolicy(100, Mpol.MPOL_WEIGHTED_INTERLEAVE, NodeSet.of(0, 1)).value());
        MempolicyCalls.Query q = m.get(0, Mpol.MPOL_F_NODE);
        assertNull(q.errno());
        assertEquals(0, q.value());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void aPageThatCannotBeIsolated_isEioUnderStrict_andNoErrorWithout(KernelProfile p) {
        for (int flags : new int[] {Mpol.MPOL_MF_MOVE, Mpol.MPOL_MF_MOVE | Mpol.MPOL_MF_STRICT}) {
            Machine2 m = user(p);
            touchAll(m, 0);
            int pfn = pfnAt(m, 3);
            m.world.machine().lruDel(pfn); // isolated elsewhere (compaction, another migration)
            SyscallResult r = m.mbind(Mpol.MPOL_BIND, NodeSet.of(1), flags);
            if ((flags & Mpol.MPOL_MF_STRICT) != 0) {
                assertEquals(Errno.EIO, r.errno());
            } else {
                assertEquals(0, r.value());
            }
            assertEquals(PAGES - 1, countOn(m, 1), "the others move either way");
        }
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void aVmaThatCannotMigrate_underMoveStrict_isEio_and61StillMovesItsPages(KernelProfile p) {
        // 6.1.158's queue_folios_pte_range sets has_unmovable and still hands the folio to
        // migrate_folio_add; 6.12's counts it failed without isolating it. Both answer EIO.
        World w = new World(p, Nodes.uniform(2, 4096));
        Task t = w.process(100, Task.Credentials.user(1000), NodeSet.of(0, 1), 0);
        Vma io = w.anon(t, "io", MAP, PAGES, Vma.VM_IO);
        for (int i = 0; i < PAGES; i++) {
            w.touch(t, io, i, 0, i, 0);
        }
        w.settle();
        assertEquals(Errno.EIO, w.mbind(100, MAP, PAGES * 4096L, Mpol.MPOL_BIND, NodeSet.of(1),
                Mpol.MPOL_MF_MOVE | Mpol.MPOL_MF_STRICT).errno());
        assertEquals(p == KernelProfile.V6_1 ? 1 : 0, w.nodeOf(t, MAP));
        // without STRICT test_walk skips the VMA in both: nothing moves, no error
        World w2 = new World(p, Nodes.uniform(2, 4096));
        Task t2 = w2.process(100, Task.Credentials.user(1000), NodeSet.of(0, 1), 0);
        Vma io2 = w2.anon(t2, "io", MAP, PAGES, Vma.VM_IO);
        w2.touch(t2, io2, 0, 0, 1, 0);
        w2.settle();
        assertEquals(0, w2.mbind(100, MAP, PAGES * 4096L, Mpol.MPOL_BIND, NodeSet.of(1), Mpol.MPOL_MF_MOVE).value());
        assertEquals(0, w2.nodeOf(t2, MAP));
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V6_1", "V6_12"})
    void migratePages_countsPagesThatCouldNotBeIsolated_from612(KernelProfile p) {
        // migrate_to_node of 6.12 adds queue_pages_range's nr_failed to migrate_pages' result
        Machine2 m = user(p);
        touchAll(m, 0);
        m.world.machine().lruDel(pfnAt(m, 5)); // isolated elsewhere
        SyscallResult r = m.world.migratePages(100, 0, NodeSet.of(0), NodeSet.of(1));
        assertEquals(p == KernelProfile.V6_12 ? 1 : 0, r.value());
        assertEquals(PAGES - 1, countOn(m, 1));
    }

    private static int pfnAt(Machine2 m, int slot) {
        return org.panuma.engine.model.Pte.pfn(m.vma.pte(slot));
    }

    private static void touchAll(Machine2 m, int node) {
        for (int i = 0; i < PAGES; i++) {
            m.world.touch(m.task, m.vma, i, node, i, 0);
        }
        m.world.settle();
    }

    private static int countOn(Machine2 m, int node) {
        int n = 0;
        for (int i = 0; i < PAGES; i++) {
            if (m.world.nodeOf(m.task, MAP + i * 4096L) == node) {
                n++;
            }
        }
        return n;
    }
}
