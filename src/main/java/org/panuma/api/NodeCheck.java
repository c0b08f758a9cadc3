package org.panuma.api;

import org.panuma.spi.CpuSet;
import org.panuma.spi.NodeSet;
import org.panuma.spi.Topology;

/**
 * Turns a node id that cannot work into an IllegalArgumentException that names the nodes that
 * can, before any system call sees it (the kernel's EINVAL/ENODEV would not say which node).
 * Built from one topology snapshot: nodes are not expected to appear while a JVM runs.
 */
final class NodeCheck {
    private final Topology topology;

    NodeCheck(Topology topology) {
        this.topology = topology;
    }

    /** A node memory can be placed on. */
    void memoryNode(int node) {
        if (node < 0) {
            throw new IllegalArgumentException("node " + node + " is negative; nodes are numbered from 0");
        }
        if (!topology.withMemory().contains(node)) {
            throw new IllegalArgumentException("node " + node + " " + (topology.online().contains(node)
                    ? "has no memory" : "does not exist") + "; nodes with memory here: " + topology.withMemory());
        }
    }

    /** Every node a policy names, and its home node. */
    void policy(MemoryPolicy policy) {
        policy.nodes().stream().forEach(this::memoryNode);
        if (policy.hasHomeNode()) {
            memoryNode(policy.homeNode());
        }
    }

    /** The CPUs of a node a thread can run on. */
    CpuSet cpusOf(int node) {
        if (node < 0) {
            throw new IllegalArgumentException("node " + node + " is negative; nodes are numbered from 0");
        }
        Topology.Node n = topology.node(node).orElseThrow(() -> new IllegalArgumentException(
                "node " + node + " does not exist; online nodes here: " + topology.online()));
        if (n.cpus().isEmpty()) {
            String kind = topology.withMemory().contains(node)
                    ? " has memory but no CPUs (a memory-only node, e.g. a CXL expander): a thread cannot run there;"
                    + " run it on a node with CPUs and place its memory on node " + node + " with a policy such as"
                    + " MemoryPolicy.bind(" + node + ") or preferredMany"
                    : " has no CPUs";
            throw new IllegalArgumentException("node " + node + kind + "; nodes with CPUs here: " + topology.withCpus());
        }
        return n.cpus();
    }

    /** The running kernel's release, for messages about features it may lack. */
    String kernelRelease() {
        return topology.kernelRelease();
    }

    /**
     * Runs a set_mempolicy or mbind of {@code policy}; a kernel that predates the policy's mode
     * fails with the version that has it.
     */
    void applying(MemoryPolicy policy, Runnable call) {
        try {
            call.run();
        } catch (org.panuma.spi.SyscallException e) {
            PolicyFeature feature = PolicyFeature.of(policy.mode());
            throw feature == null ? e : feature.explain(e, kernelRelease());
        }
    }

    /** A thread's policy: set_mempolicy has no home node. */
    void threadPolicy(MemoryPolicy policy) {
        if (policy.hasHomeNode()) {
            throw new IllegalArgumentException("a home node applies to ranges of memory (mbind), not to a thread's"
                    + " policy; bind the memory with " + policy + " instead");
        }
        policy(policy);
    }

    NodeSet withMemory() {
        return topology.withMemory();
    }
}
