package org.panuma.api.foreign;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.panuma.api.MoveOptions;
import org.panuma.api.MoveReport;
import org.panuma.api.NodeMemory;
import org.panuma.api.Numa;
import org.panuma.api.PagePlacement;
import org.panuma.api.BindMode;
import org.panuma.api.MemoryPolicy;

/**
 * An {@link Arena} whose segments are placed on NUMA nodes: bound to one node, interleaved over
 * several, or preferred on one. Each allocation is its own mapping (mmap), bound with mbind before
 * any page exists; closing the arena invalidates its segments and unmaps them.
 *
 * <pre>{@code
 * Numa numa = Numa.open();
 * try (NodeArena arena = NodeArena.open(numa, MemoryPolicy.bind(1))) {
 *     MemorySegment table = arena.allocate(ValueLayout.JAVA_LONG, 1 << 20);
 *     table.fill((byte) 0);                         // pages fault in on node 1
 *     System.out.println(arena.where(table));       // 2048 pages, node 1: 2048
 *     MoveReport r = arena.move(table, 0);          // per-page status, reasons for failures
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Segments are shared (like {@code Arena.ofShared()}): any thread may use them.
 * Queries and moves may run while other threads use the arena; {@link #close()} first invalidates
 * the segments (a later access throws IllegalStateException instead of touching unmapped memory),
 * then asks running moves to stop at their next batch, waits for running system calls, and only
 * then unmaps.
 *
 * <p><b>Deviations from {@link Arena}.</b> A size of zero is refused (there is nothing to place:
 * IllegalArgumentException), and every allocation is rounded up to whole pages of its own.
 *
 * <p>Segments of other arenas can be queried through a direct buffer view:
 * {@code numa.pages().where(segment.asByteBuffer())}.
 */
public final class NodeArena implements Arena {
    private final NodeMemory memory;
    private final Arena lifetime = Arena.ofShared();

    private NodeArena(NodeMemory memory) {
        this.memory = memory;
    }

    /**
     * An arena placed by this policy: {@code bind(n)}, {@code interleave(a, b)}, {@code preferred(n)}, ...
     * <pre>{@code NodeArena arena = NodeArena.open(numa, MemoryPolicy.interleave(0, 1));}</pre>
     *
     * @throws IllegalArgumentException when the policy names a node without memory, or is DEFAULT
     */
    public static NodeArena open(Numa numa, MemoryPolicy policy) {
        Objects.requireNonNull(numa, "numa");
        return new NodeArena(numa.memory(policy));
    }

    /** An arena bound to one node (MPOL_BIND). <pre>{@code NodeArena arena = NodeArena.ofNode(numa, 0);}</pre> */
    public static NodeArena ofNode(Numa numa, int node) {
        return open(numa, MemoryPolicy.bind(node));
    }

    /**
     * Maps {@code byteSize} bytes on the arena's nodes. <pre>{@code MemorySegment s = arena.allocate(1 << 20, 64);}</pre>
     *
     * @throws IllegalArgumentException when the size is not positive or the alignment not a power of two
     * @throws IllegalStateException    when the arena is closed
     */
    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        if (!lifetime.scope().isAlive()) {
            throw new IllegalStateException("this NodeArena is closed");
        }
        long address = memory.allocate(byteSize, byteAlignment);
        // Unmapping belongs to NodeMemory (under its lock), not to a cleanup action of the scope:
        // the scope only makes the segment inaccessible once the arena closes.
        return MemorySegment.ofAddress(address).reinterpret(byteSize, lifetime, null);
    }

    /** The lifetime of this arena's segments. <pre>{@code arena.scope().isAlive()}</pre> */
    @Override
    public MemorySegment.Scope scope() {
        return lifetime.scope();
    }

    /** Where the arena's memory goes. <pre>{@code arena.policy()}</pre> */
    public MemoryPolicy policy() {
        return memory.policy();
    }

    /** Where the pages of a segment of this arena are. <pre>{@code arena.where(segment).pagesByNode()}</pre> */
    public PagePlacement where(MemorySegment segment) {
        checkOwn(segment);
        return memory.where(segment.address(), segment.byteSize());
    }

    /**
     * The memory policy of the range holding the segment's first byte (get_mempolicy with
     * MPOL_F_ADDR): the arena's policy, or what {@link #rebind} gave it.
     * <pre>{@code MemoryPolicy p = arena.policyOf(segment);}</pre>
     */
    public MemoryPolicy policyOf(MemorySegment segment) {
        checkOwn(segment);
        return memory.policyOf(segment.address());
    }

    /**
     * The node of the page holding byte {@code offset} of a segment of this arena, faulting it in by
     * the arena's policy if it was never touched (get_mempolicy with MPOL_F_NODE | MPOL_F_ADDR).
     * <pre>{@code int node = arena.nodeOf(segment, 0);}</pre>
     */
    public int nodeOf(MemorySegment segment, long offset) {
        checkOwn(segment);
        java.util.Objects.checkIndex(offset, segment.byteSize());
        return memory.nodeOf(segment.address() + offset);
    }

    /** Moves a segment of this arena to {@code node}. <pre>{@code MoveReport r = arena.move(segment, 1);}</pre> */
    public MoveReport move(MemorySegment segment, int node) {
        return move(segment, node, MoveOptions.defaults());
    }

    /** Moves a segment of this arena to {@code node} with these options. <pre>{@code arena.move(segment, 1, MoveOptions.defaults().withBatchPages(512))}</pre> */
    public MoveReport move(MemorySegment segment, int node, MoveOptions options) {
        checkOwn(segment);
        return memory.move(segment.address(), segment.byteSize(), node, options);
    }

    /**
     * Binds a page-aligned segment of this arena to another policy (mbind); {@code mode} says what
     * happens to its pages already there. <pre>{@code arena.rebind(segment, MemoryPolicy.bind(1), BindMode.MOVE);}</pre>
     */
    public void rebind(MemorySegment segment, MemoryPolicy policy, BindMode mode) {
        checkOwn(segment);
        memory.rebind(segment.address(), segment.byteSize(), policy, mode);
    }

    /**
     * Invalidates the segments, then unmaps them once running calls have returned.
     * <pre>{@code arena.close();}</pre>
     *
     * @throws IllegalStateException when already closed (as {@link Arena#close()} specifies)
     */
    @Override
    public void close() {
        lifetime.close();
        memory.close();
    }

    @Override
    public String toString() {
        return "NodeArena[" + memory.policy() + (lifetime.scope().isAlive() ? "" : ", closed") + "]";
    }

    private void checkOwn(MemorySegment segment) {
        Objects.requireNonNull(segment, "segment");
        if (!lifetime.scope().isAlive()) {
            throw new IllegalStateException("this NodeArena is closed");
        }
        if (!segment.isNative()) {
            throw new IllegalArgumentException("a heap segment is not memory of this NodeArena");
        }
        if (!segment.scope().equals(lifetime.scope())) {
            throw new IllegalArgumentException("the segment belongs to another arena, not to this NodeArena");
        }
        if (segment.byteSize() == 0) {
            throw new IllegalArgumentException("the segment is empty");
        }
    }
}
