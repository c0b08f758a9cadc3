package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.panuma.api.TestNuma.BACKENDS;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.panuma.backend.AnonymousMapping;
import org.panuma.spi.CpuAndNode;
import org.panuma.spi.CpuSet;
import org.panuma.spi.NodeSet;
import org.panuma.spi.Topology;

/** The calling thread's CPU, policy and pinning: set for a scope, read back, restored after. */
class CallingThreadIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void cpuAndNode_isACpuOfTheThreadsAffinity_onTheNodeThatOwnsIt(String backend) {
        Numa numa = TestNuma.open(backend);
        CpuAndNode here = numa.thread().cpuAndNode();
        assertTrue(numa.thread().affinity().contains(here.cpu()), here + " in " + numa.thread().affinity());
        Topology.Node node = numa.topology().node(here.node()).orElseThrow();
        assertTrue(node.cpus().contains(here.cpu()), "node " + node.id() + " has cpu " + here.cpu());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void usePolicy_setsTheThreadsPolicy_andCloseRestoresThePreviousOne(String backend) {
        Numa numa = TestNuma.open(backend);
        int node = TestNuma.firstNodeWithMemory(numa);
        MemoryPolicy before = numa.thread().policy();
        try (PolicyScope outer = numa.thread().usePolicy(MemoryPolicy.bind(node))) {
            assertEquals(MemoryPolicy.bind(node), numa.thread().policy());
            assertEquals(before, outer.previous());
            try (PolicyScope inner = numa.thread().usePolicy(MemoryPolicy.interleave(node))) {
                assertEquals(MemoryPolicy.interleave(node), numa.thread().policy());
            }
            assertEquals(MemoryPolicy.bind(node), numa.thread().policy(), "inner scope restored the outer policy");
        }
        assertEquals(before, numa.thread().policy());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void policyScope_placesTheThreadsNewPages(String backend) {
        Numa numa = TestNuma.open(backend);
        int node = numa.topology().withMemory().toArray()[numa.topology().withMemory().size() - 1];
        try (PolicyScope scope = numa.thread().usePolicy(MemoryPolicy.bind(node))) {
            // A fresh mapping: its pages fault in under the scope. (Not allocateDirect: malloc may hand
            // back pages an earlier test already faulted in elsewhere, once glibc's mmap threshold grew.)
            try (AnonymousMapping fresh = new AnonymousMapping(numa.syscalls(), 64)) {
                ByteBuffer buf = fresh.buffer();
                TestNuma.touchPages(buf, numa.pageSize());
                PagePlacement where = numa.pages().where(buf);
                assertTrue(where.allOn(node), where.toString());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void runOnNode_setsAffinityAndPolicyInside_andRestoresBothAfter(String backend) throws Exception {
        Numa numa = TestNuma.open(backend);
        int node = TestNuma.firstNodeWithMemory(numa);
        CpuSet nodeCpus = numa.topology().node(node).orElseThrow().cpus();
        withNarrowAffinity(numa, narrow -> {
            MemoryPolicy before = numa.thread().policy();
            CpuSet inside = numa.thread().runOnNode(node, () -> {
                assertEquals(MemoryPolicy.preferred(node), numa.thread().policy());
                assertEquals(node, numa.thread().cpuAndNode().node());
                return numa.thread().affinity();
            });
            assertEquals(nodeCpus, inside);
            assertEquals(narrow, numa.thread().affinity(), "affinity restored");
            assertEquals(before, numa.thread().policy(), "policy restored");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void runOnNode_restoresAffinityAndPolicy_whenTheTaskThrows(String backend) throws Exception {
        Numa numa = TestNuma.open(backend);
        int node = TestNuma.firstNodeWithMemory(numa);
        withNarrowAffinity(numa, narrow -> {
            MemoryPolicy before = numa.thread().policy();
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> numa.thread().runOnNode(node, (Runnable) () -> {
                        throw new IllegalStateException("task failed");
                    }));
            assertEquals("task failed", thrown.getMessage());
            assertEquals(narrow, numa.thread().affinity());
            assertEquals(before, numa.thread().policy());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void pinToNode_withAPolicy_usesThatPolicy(String backend) {
        Numa numa = TestNuma.open(backend);
        int node = TestNuma.firstNodeWithMemory(numa);
        MemoryPolicy before = numa.thread().policy();
        try (NodePinning pin = numa.thread().pinToNode(node, MemoryPolicy.bind(node))) {
            assertEquals(MemoryPolicy.bind(node), numa.thread().policy());
            assertEquals(node, pin.node());
        }
        assertEquals(before, numa.thread().policy());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void virtualThreads_cannotTakePolicyOrPinning(String backend) throws Exception {
        Numa numa = TestNuma.open(backend);
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable task = () -> {
            try {
                numa.thread().usePolicy(MemoryPolicy.local()).close();
            } catch (Throwable t) {
                failure.set(t);
            }
        };
        // Thread.startVirtualThread is Java 21 API; these tests compile for 17.
        Thread vt = (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, task);
        vt.join();
        assertTrue(failure.get() instanceof IllegalStateException, String.valueOf(failure.get()));
        assertTrue(failure.get().getMessage().contains("needs a platform thread"), failure.get().getMessage());
    }

    // ---- two nodes or more ----

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void runOnEachNode_runsOnThatNodesCpus_andAllocatesThere(String backend) throws Exception {
        Numa numa = TestNuma.open(backend);
        int[] nodes = TestNuma.assumeNodesWithMemory(numa, 2);
        for (int node : nodes) {
            if (numa.topology().node(node).orElseThrow().cpus().isEmpty()) {
                continue;
            }
            PagePlacement where = numa.thread().runOnNode(node, () -> {
                assertEquals(node, numa.thread().cpuAndNode().node());
                try (AnonymousMapping fresh = new AnonymousMapping(numa.syscalls(), 32)) {
                    ByteBuffer buf = fresh.buffer();
                    TestNuma.touchPages(buf, numa.pageSize());
                    return numa.pages().where(buf);
                }
            });
            assertTrue(where.allOn(node), "node " + node + ": " + where);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void interleavePolicy_overTwoNodes_spreadsTheThreadsPages(String backend) {
        Numa numa = TestNuma.open(backend);
        int[] nodes = TestNuma.assumeNodesWithMemory(numa, 2);
        try (PolicyScope scope = numa.thread().usePolicy(MemoryPolicy.interleave(nodes[0], nodes[1]))) {
            assertEquals(NodeSet.of(nodes[0], nodes[1]), numa.thread().policy().nodes());
            try (AnonymousMapping fresh = new AnonymousMapping(numa.syscalls(), 64)) {
                ByteBuffer buf = fresh.buffer();
                TestNuma.touchPages(buf, numa.pageSize());
                PagePlacement where = numa.pages().where(buf);
                assertTrue(where.pagesOn(nodes[0]) >= 28 && where.pagesOn(nodes[1]) >= 28, where.toString());
            }
        }
    }

    /** Runs the body with the thread narrowed to one CPU, so that a restore is observable; puts the original back. */
    private static void withNarrowAffinity(Numa numa, ThrowingConsumer<CpuSet> body) throws Exception {
        CpuSet original = numa.thread().affinity();
        CpuSet narrow = CpuSet.of(original.first());
        numa.syscalls().schedSetaffinity(0, narrow);
        try {
            body.accept(narrow);
        } finally {
            numa.syscalls().schedSetaffinity(0, original);
        }
    }

    @FunctionalInterface
    private interface ThrowingConsumer<T> {
        void accept(T t) throws Exception;
    }
}
