package org.panuma.examples;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.panuma.api.NodeMemory;
import org.panuma.api.Numa;
import org.panuma.api.PagePlacement;
import org.panuma.api.MemoryPolicy;

/**
 * A pool of fixed-size off-heap buffers per NUMA node: a thread gets a buffer from the node it
 * runs on, so its reads and writes stay local. One slab per node, bound with {@link NodeMemory},
 * cut into slices; the pool never frees single buffers, it closes the slabs.
 *
 * <p>Run: {@code examples/run NodeLocalBufferPool [buffersPerNode] [bufferKiB]}
 */
public final class NodeLocalBufferPool implements AutoCloseable {
    private final Numa numa;
    private final int bufferBytes;
    private final Map<Integer, NodeMemory> slabs = new TreeMap<>();
    private final Map<Integer, ConcurrentLinkedQueue<ByteBuffer>> free = new TreeMap<>();

    public NodeLocalBufferPool(Numa numa, int buffersPerNode, int bufferBytes) {
        this.numa = numa;
        this.bufferBytes = bufferBytes;
        for (int node : numa.topology().withMemory().toArray()) {
            NodeMemory memory = numa.memory(MemoryPolicy.bind(node));
            ByteBuffer slab = memory.allocateBuffer(buffersPerNode * bufferBytes);
            ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < buffersPerNode; i++) {
                queue.add(slab.slice(i * bufferBytes, bufferBytes));
            }
            slabs.put(node, memory);
            free.put(node, queue);
        }
    }

    /** A buffer on the node the calling thread runs on now, or null when that node's pool is empty. */
    public ByteBuffer acquire() {
        ConcurrentLinkedQueue<ByteBuffer> local = free.get(numa.thread().cpuAndNode().node());
        return local == null ? null : local.poll();
    }

    /** Gives a buffer back to the pool of the node it lives on. */
    public void release(ByteBuffer buffer, int node) {
        buffer.clear();
        free.get(node).add(buffer);
    }

    /** Where a pooled buffer's pages are. */
    public PagePlacement where(ByteBuffer buffer, int node) {
        return slabs.get(node).where(buffer);
    }

    public int bufferBytes() {
        return bufferBytes;
    }

    @Override
    public void close() {
        slabs.values().forEach(NodeMemory::close);
    }

    public static void main(String[] args) throws Exception {
        int perNode = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int kib = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Numa numa = Numa.open();
        System.out.println("backend " + numa.backend() + ", nodes with memory " + numa.topology().withMemory());
        try (NodeLocalBufferPool pool = new NodeLocalBufferPool(numa, perNode, kib * 1024)) {
            for (int node : numa.topology().withMemory().toArray()) {
                if (numa.topology().node(node).orElseThrow().cpus().isEmpty()) {
                    System.out.println("node " + node + ": no CPUs, no local users");
                    continue;
                }
                // A worker on each node takes every buffer its node has, fills them, checks where they are.
                String line = numa.thread().runOnNode(node, () -> fillAll(pool, numa.thread().cpuAndNode().node()));
                System.out.println(line);
            }
        }
    }

    private static String fillAll(NodeLocalBufferPool pool, int node) {
        List<ByteBuffer> taken = new ArrayList<>();
        for (ByteBuffer b = pool.acquire(); b != null; b = pool.acquire()) {
            while (b.remaining() >= Long.BYTES) {
                b.putLong(b.position());
            }
            taken.add(b);
        }
        long onNode = 0;
        long pages = 0;
        for (ByteBuffer b : taken) {
            PagePlacement where = pool.where(b, node);
            onNode += where.pagesOn(node);
            pages += where.pageCount();
            pool.release(b, node);
        }
        return String.format("node %d: %d buffers of %d KiB filled by a thread on node %d; %d of %d pages on node %d",
                node, taken.size(), pool.bufferBytes() / 1024, node, onNode, pages, node);
    }
}
