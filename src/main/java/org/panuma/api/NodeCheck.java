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

    /** Every node a policy names. */
    void policy(MemoryPolicy policy) {
        policy.nodes().stream().forEach(this::memoryNode);
    }

    /** The CPUs of a node a thread can run on. */
    CpuSet cpusOf(int node) {
        if (node < 0) {
            throw new IllegalArgumentException("node " + node + " is negative; nodes are numbered from 0");
        }
        Topology.Node n = topology.node(node).orElseThrow(() -> new IllegalArgumentException(
                "node " + node + " does not exist; online nodes here: " + topology.online()));
        if (n.cpus().isEmpty()) {
            throw new IllegalArgumentException("node " + node + " has no CPUs; nodes with CPUs here: "
                    + topology.withCpus());
        }
        return n.cpus();
    }

    NodeSet withMemory() {
        return topology.withMemory();
    }
}
