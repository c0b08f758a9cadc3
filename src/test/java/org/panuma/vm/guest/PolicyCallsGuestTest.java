package org.panuma.vm.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.panuma.backend.sim.SimBackend;
import org.panuma.backend.sim.SimTopology;
import org.panuma.engine.KernelProfile;
import org.panuma.engine.model.Task;
import org.panuma.spi.Backends;
import org.panuma.spi.CpuSet;
import org.panuma.spi.Mempolicy;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.SyscallException;
import org.panuma.spi.memory.MappedMemory;

/**
 * The memory-policy calls, kernel against engine: LTP's cases (mbind01-04, get_mempolicy01-02,
 * set_mempolicy01-02) and the ones the issue found, each run through the real backend (FFM on
 * Java 22+) and through the sim backend (the engine's model of mm/mempolicy.c under the running
 * kernel's profile), and the two outcomes compared case by case. The calling thread runs on CPU 0
 * for both, so "local" is node 0 in both.
 */
class PolicyCallsGuestTest {
    static final int PAGES = 16;
    static final long PAGE = 4096;

    /** One case: what it returned, as text ("EINVAL", "ok BIND {1}", "nodes 1 1 1"). */
    interface Case {
        String run(NumaSyscalls sys, long map) throws Exception;
    }

    static Map<String, Case> cases() {
        Map<String, Case> c = new LinkedHashMap<>();
        NodeSet one = NodeSet.of(1);
        // mbind01
        c.put("mbind DEFAULT, no nodes", (s, a) -> mbindThenRead(s, a, Mpol.MPOL_DEFAULT, NodeSet.empty(), 0));
        c.put("mbind DEFAULT with nodes", (s, a) -> mbindThenRead(s, a, Mpol.MPOL_DEFAULT, one, 0));
        c.put("mbind BIND, no nodes", (s, a) -> mbindThenRead(s, a, Mpol.MPOL_BIND, NodeSet.empty(), 0));
        c.put("mbind BIND node 1", (s, a) -> mbindThenRead(s, a, Mpol.MPOL_BIND, one, 0));
        c.put("mbind INTERLEAVE, no nodes", (s, a) -> mbindThenRead(s, a, Mpol.MPOL_INTERLEAVE, NodeSet.empty(), 0));
        c.put("mbind INTERLEAVE 0-1", (s, a) -> mbindThenRead(s, a, Mpol.MPOL_INTERLEAVE, NodeSet.of(0, 1), 0));
        c.put("mbind PREFERRED, no nodes", (s, a) -> mbindThenRead(s, a, Mpol.MPOL_PREFERRED, NodeSet.empty(), 0));
        c.put("mbind PREFERRED node 1", (s, a) -> mbindThenRead(s, a, Mpol.MPOL_PREFERRED, one, 0));
        c.put("mbind LOCAL, no nodes", (s, a) -> mbindThenRead(s, a, Mpol.MPOL_LOCAL, NodeSet.empty(), 0));
        c.put("mbind LOCAL with nodes", (s, a) -> mbindThenRead(s, a, Mpol.MPOL_LOCAL, one, 0));
        c.put("mbind mode -1", (s, a) -> mbindThenRead(s, a, -1, NodeSet.empty(), 0));
        c.put("mbind flags -1", (s, a) -> mbindThenRead(s, a, Mpol.MPOL_DEFAULT, NodeSet.empty(), -1));
        c.put("mbind unaligned start", (s, a) -> mbindThenRead(s, a + 1, Mpol.MPOL_BIND, one, 0));
        // get_mempolicy01-02
        c.put("get_mempolicy flags -1", (s, a) -> get(s, 0, -1));
        // page 1 of the address space: below mmap_min_addr, never mapped in either process
        c.put("get_mempolicy MPOL_F_ADDR outside any mapping", (s, a) -> get(s, PAGE, Mpol.MPOL_F_ADDR));
        c.put("get_mempolicy address without MPOL_F_ADDR", (s, a) -> get(s, a, 0));
        c.put("get_mempolicy MPOL_F_NODE, default policy", (s, a) -> get(s, 0, Mpol.MPOL_F_NODE));
        c.put("get_mempolicy MEMS_ALLOWED|NODE", (s, a) -> get(s, 0, Mpol.MPOL_F_MEMS_ALLOWED | Mpol.MPOL_F_NODE));
        c.put("get_mempolicy MEMS_ALLOWED", (s, a) -> get(s, 0, Mpol.MPOL_F_MEMS_ALLOWED));
        c.put("get_mempolicy NODE|ADDR of an untouched page", (s, a) -> get(s, a, Mpol.MPOL_F_NODE | Mpol.MPOL_F_ADDR));
        // set_mempolicy01-02
        c.put("set_mempolicy PREFERRED, no nodes", (s, a) -> setThenRead(s, Mpol.MPOL_PREFERRED, NodeSet.empty()));
        c.put("set_mempolicy BIND node 1", (s, a) -> setThenRead(s, Mpol.MPOL_BIND, one));
        c.put("set_mempolicy BIND, no nodes", (s, a) -> setThenRead(s, Mpol.MPOL_BIND, NodeSet.empty()));
        c.put("set_mempolicy LOCAL with nodes", (s, a) -> setThenRead(s, Mpol.MPOL_LOCAL, one));
        c.put("set_mempolicy INTERLEAVE 0-1, MPOL_F_NODE", (s, a) -> {
            String r = setThenRead(s, Mpol.MPOL_INTERLEAVE, NodeSet.of(0, 1));
            return r + ", next " + get(s, 0, Mpol.MPOL_F_NODE);
        });
        c.put("set_mempolicy BIND node 1, then touch", (s, a) -> {
            s.setMempolicy(Mpol.MPOL_BIND, one);
            try {
                return touchAndPlace(s, a);
            } finally {
                s.setMempolicy(Mpol.MPOL_DEFAULT, NodeSet.empty());
            }
        });
        // mbind02-04 and the moves
        c.put("mbind BIND node 1, STRICT, pages on node 0", (s, a) -> {
            touchAndPlace(s, a);
            return call(() -> s.mbind(a, PAGES * PAGE, Mpol.MPOL_BIND, one, Mpol.MPOL_MF_STRICT)) + ", " + placement(s, a);
        });
        c.put("mbind BIND node 1, MOVE", (s, a) -> {
            touchAndPlace(s, a);
            return call(() -> s.mbind(a, PAGES * PAGE, Mpol.MPOL_BIND, one, Mpol.MPOL_MF_MOVE)) + ", " + placement(s, a);
        });
        c.put("mbind BIND node 1, MOVE_ALL|STRICT as root", (s, a) -> {
            touchAndPlace(s, a);
            return call(() -> s.mbind(a, PAGES * PAGE, Mpol.MPOL_BIND, one, Mpol.MPOL_MF_MOVE_ALL | Mpol.MPOL_MF_STRICT))
                    + ", " + placement(s, a);
        });
        c.put("mbind INTERLEAVE 0-1 on the upper half, then touch", (s, a) -> {
            String r = call(() -> s.mbind(a + PAGES / 2 * PAGE, PAGES / 2 * PAGE, Mpol.MPOL_INTERLEAVE, NodeSet.of(0, 1), 0));
            ByteBuffer b = MappedMemory.of(s).buffer(a + PAGES / 2 * PAGE, (int) (PAGES / 2 * PAGE));
            StringBuilder parity = new StringBuilder();
            for (int i = 0; i < PAGES / 2; i++) {
                b.put((int) (i * PAGE), (byte) 1);
                long addr = a + (PAGES / 2 + i) * PAGE;
                // the node relative to the page offset's parity: the same in both when both interleave by offset
                int node = s.getMempolicy(addr, Mpol.MPOL_F_NODE | Mpol.MPOL_F_ADDR).nodeOrMode();
                parity.append(node ^ (int) ((addr >>> 12) & 1));
            }
            return r + ", lower half " + get(s, a, Mpol.MPOL_F_ADDR) + ", relative nodes " + parity;
        });
        return c;
    }

    @Test
    void policyCalls_engineAgreesWithTheKernel_onLtpsCases() throws Exception {
        assumeTrue(GuestEnvironment.nodes() == 2, "the cases name nodes 0 and 1 of the 2-node guest");
        NumaSyscalls kernel = Backends.open(null);
        KernelProfile profile = GuestEnvironment.profile();
        NumaSyscalls engine = new SimBackend(new SimTopology(2, GuestEnvironment.memPerNodeMiB() << 20, 1), profile,
                Task.Credentials.root());
        CpuSet before = kernel.schedGetaffinity(0);
        List<String> disagreements = new ArrayList<>();
        int n = 0;
        try {
            kernel.schedSetaffinity(0, CpuSet.of(0));
            engine.schedSetaffinity(0, CpuSet.of(0));
            for (Map.Entry<String, Case> e : cases().entrySet()) {
                String k = runCase(kernel, e.getValue());
                String m = runCase(engine, e.getValue());
                System.out.printf("%-55s kernel: %-40s engine (%s): %s%n", e.getKey(), k, profile.id(), m);
                if (!k.equals(m)) {
                    disagreements.add(e.getKey() + ": kernel " + k + ", engine " + m);
                }
                n++;
            }
        } finally {
            kernel.schedSetaffinity(0, before);
        }
        assertEquals(List.of(), disagreements, disagreements.size() + " of " + n + " cases disagree");
    }

    /**
     * The library's range API on the real kernel: the policy of a range (get_mempolicy MPOL_F_ADDR)
     * reads back exactly what mbind set, flags included; a page mapped twice (a tmpfs file mapped
     * by two VMAs: mapcount 2, what the kernel takes for "shared with another process") stays under
     * MOVE, and without EIO under STRICT (a shared page skipped is not a failure, 6.1 and 6.12
     * alike); MOVE_ALL as root moves it, seen through both mappings.
     */
    @Test
    void rangePolicy_andMoveAllOfPagesMappedTwice_onTheKernel() throws Exception {
        assumeTrue(GuestEnvironment.nodes() == 2, "the case names nodes 0 and 1 of the 2-node guest");
        assumeTrue(org.panuma.backend.CapSysNice.held(), "MOVE_ALL needs CAP_SYS_NICE: the guest runs as root");
        org.panuma.api.Numa numa = org.panuma.api.Numa.open();
        int page = numa.pageSize();
        org.panuma.api.MemoryPolicy staticIl = new org.panuma.api.MemoryPolicy(
                org.panuma.api.MemoryPolicy.Mode.INTERLEAVE, NodeSet.of(0, 1), Mpol.MPOL_F_STATIC_NODES);
        try (org.panuma.api.NodeMemory mem = numa.memory(org.panuma.api.MemoryPolicy.bind(0))) {
            ByteBuffer buf = mem.allocateBuffer(PAGES * page);
            long a = numa.syscalls().address(buf);
            assertEquals(org.panuma.api.MemoryPolicy.bind(0), mem.policyOf(buf));
            mem.rebind(a + 4L * page, 4L * page, staticIl, org.panuma.api.BindMode.FUTURE_PAGES);
            assertEquals(staticIl, numa.pages().policyOf(a + 5L * page));
            assertEquals(org.panuma.api.MemoryPolicy.bind(0), mem.policyOf(a + 8L * page));
            mem.rebind(a + 8L * page, 8L * page, org.panuma.api.MemoryPolicy.bind(1), org.panuma.api.BindMode.FUTURE_PAGES);
            buf.put(9 * page, (byte) 1);
            assertEquals(1, mem.nodeOf(a + 9L * page), "a written page is where the range's policy put it");
        }
        java.nio.file.Path file = java.nio.file.Files.createTempFile("panuma-shared", ".bin");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            ByteBuffer first = ch.map(java.nio.channels.FileChannel.MapMode.READ_WRITE, 0, PAGES * page);
            ByteBuffer second = ch.map(java.nio.channels.FileChannel.MapMode.READ_WRITE, 0, PAGES * page);
            try (org.panuma.api.PolicyScope scope = numa.thread().usePolicy(org.panuma.api.MemoryPolicy.bind(0))) {
                for (int i = 0; i < PAGES; i++) {
                    first.put(i * page, (byte) (i + 1));
                    assertEquals((byte) (i + 1), second.get(i * page)); // maps the page in the second VMA too
                }
            }
            assertTrue(numa.pages().where(first).allOn(0), numa.pages().where(first).toString());
            numa.pages().bind(first, org.panuma.api.MemoryPolicy.bind(1), org.panuma.api.BindMode.MOVE_STRICT);
            assertTrue(numa.pages().where(first).allOn(0), "MOVE leaves pages mapped twice: " + numa.pages().where(first));
            numa.pages().bind(first, org.panuma.api.MemoryPolicy.bind(1), org.panuma.api.BindMode.MOVE_ALL_STRICT);
            assertTrue(numa.pages().where(first).allOn(1), "MOVE_ALL moves them: " + numa.pages().where(first));
            assertTrue(numa.pages().where(second).allOn(1), "the second mapping sees the moved pages too");
            assertEquals(org.panuma.api.MemoryPolicy.bind(1), numa.pages().policyOf(first));
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    private static String runCase(NumaSyscalls sys, Case c) throws Exception {
        long map = MappedMemory.of(sys).mmap(PAGES * PAGE);
        try {
            return c.run(sys, map);
        } finally {
            sys.setMempolicy(Mpol.MPOL_DEFAULT, NodeSet.empty());
            MappedMemory.of(sys).munmap(map, PAGES * PAGE);
        }
    }

    interface Call {
        void run();
    }

    static String call(Call c) {
        try {
            c.run();
            return "ok";
        } catch (SyscallException e) {
            return e.errno().name();
        }
    }

    static String mbindThenRead(NumaSyscalls s, long a, int mode, NodeSet nodes, int flags) {
        String r = call(() -> s.mbind(a, PAGES * PAGE, mode, nodes, flags));
        return r.equals("ok") ? r + " " + get(s, a & -PAGE, Mpol.MPOL_F_ADDR) : r;
    }

    static String setThenRead(NumaSyscalls s, int mode, NodeSet nodes) {
        String r = call(() -> s.setMempolicy(mode, nodes));
        return r.equals("ok") ? r + " " + get(s, 0, 0) : r;
    }

    static String get(NumaSyscalls s, long addr, int flags) {
        try {
            Mempolicy p = s.getMempolicy(addr, flags);
            return (flags & Mpol.MPOL_F_NODE) != 0 ? "node " + p.nodeOrMode() : p.toString();
        } catch (SyscallException e) {
            return e.errno().name();
        }
    }

    /** Writes every page (the thread runs on CPU 0, node 0) and says where each is. */
    static String touchAndPlace(NumaSyscalls s, long a) {
        ByteBuffer b = MappedMemory.of(s).buffer(a, (int) (PAGES * PAGE));
        for (int i = 0; i < PAGES; i++) {
            b.put((int) (i * PAGE), (byte) (i + 1));
        }
        return placement(s, a);
    }

    static String placement(NumaSyscalls s, long a) {
        long[] pages = new long[PAGES];
        for (int i = 0; i < PAGES; i++) {
            pages[i] = a + i * PAGE;
        }
        int[] status = new int[PAGES];
        s.movePages(0, pages, null, status, 0, PAGES, 0);
        StringBuilder b = new StringBuilder("nodes");
        for (int st : status) {
            b.append(' ').append(st);
        }
        return b.toString();
    }
}
