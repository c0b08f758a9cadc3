package org.panuma.api;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Placement queries, moves and binds for memory this JVM owns that panuma did not allocate: a
 * direct {@link ByteBuffer} (from {@code ByteBuffer.allocateDirect}, a mapped file, ...) or a raw
 * address range. For memory from a {@link NodeMemory} use its methods instead: they also keep the
 * memory mapped while the system call runs, whatever other threads do.
 *
 * <pre>{@code
 * ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
 * PagePlacement where = numa.pages().where(buf);     // pages per node
 * MoveReport r = numa.pages().move(buf, 1);          // per-page status, reasons for failures
 * }</pre>
 *
 * <p>The caller keeps the memory alive for the duration of a call; a buffer passed in is kept
 * reachable by the call itself.
 */
public final class Pages {
    private final RangeOps ops;

    Pages(RangeOps ops) {
        this.ops = ops;
    }

    /** Where the pages holding the buffer's bytes {@code [0, capacity)} are. <pre>{@code numa.pages().where(buf).pagesByNode()}</pre> */
    public PagePlacement where(ByteBuffer buffer) {
        try {
            return ops.where(rangeOf(buffer));
        } finally {
            java.lang.ref.Reference.reachabilityFence(buffer);
        }
    }

    /**
     * Where the pages of {@code [address, address + length)} are; {@code address} must be
     * page-aligned. <pre>{@code numa.pages().where(address, 64 * 4096)}</pre>
     */
    public PagePlacement where(long address, long length) {
        return ops.where(PageRange.aligned(address, length, ops.pageSize()));
    }

    /**
     * The node of the page at {@code address}, faulting it in if it was never touched
     * (get_mempolicy with MPOL_F_NODE | MPOL_F_ADDR). <pre>{@code int node = numa.pages().nodeOf(address);}</pre>
     */
    public int nodeOf(long address) {
        if (address == 0) {
            throw new IllegalArgumentException("address 0 is the null pointer");
        }
        return ops.nodeAt(address);
    }

    /**
     * The memory policy of the mapping that holds {@code address} (get_mempolicy with MPOL_F_ADDR):
     * what {@link #bind} gave that range, or {@link MemoryPolicy.Mode#DEFAULT} when the range has no
     * policy of its own (its pages then follow the faulting thread's policy). A range's home node is
     * not reported: get_mempolicy has no field for it.
     * <pre>{@code MemoryPolicy p = numa.pages().policyOf(address);   // e.g. BIND [1]}</pre>
     */
    public MemoryPolicy policyOf(long address) {
        if (address == 0) {
            throw new IllegalArgumentException("address 0 is the null pointer");
        }
        return ops.policyAt(address);
    }

    /** The memory policy of the mapping that holds the buffer's first byte; see {@link #policyOf(long)}. <pre>{@code numa.pages().policyOf(buf)}</pre> */
    public MemoryPolicy policyOf(ByteBuffer buffer) {
        try {
            return ops.policyAt(baseAddress(buffer));
        } finally {
            java.lang.ref.Reference.reachabilityFence(buffer);
        }
    }

    /** Moves the buffer's pages to {@code node}. <pre>{@code MoveReport r = numa.pages().move(buf, 1);}</pre> */
    public MoveReport move(ByteBuffer buffer, int node) {
        return move(buffer, node, MoveOptions.defaults());
    }

    /** Moves the buffer's pages to {@code node} with these options. <pre>{@code numa.pages().move(buf, 1, MoveOptions.defaults().withBatchPages(512))}</pre> */
    public MoveReport move(ByteBuffer buffer, int node, MoveOptions options) {
        try {
            return ops.move(rangeOf(buffer), node, options);
        } finally {
            java.lang.ref.Reference.reachabilityFence(buffer);
        }
    }

    /** Moves the pages of a page-aligned range to {@code node}. <pre>{@code numa.pages().move(address, length, 1)}</pre> */
    public MoveReport move(long address, long length, int node) {
        return ops.move(PageRange.aligned(address, length, ops.pageSize()), node, MoveOptions.defaults());
    }

    /**
     * Binds a page-aligned range to a memory policy (mbind); {@code mode} says what happens to the
     * pages already there: left ({@link BindMode#FUTURE_PAGES}), checked ({@link BindMode#VERIFY}:
     * EIO when misplaced), moved ({@link BindMode#MOVE}), or moved with EIO when some could not be
     * ({@link BindMode#MOVE_STRICT}). <pre>{@code numa.pages().bind(address, length, MemoryPolicy.bind(1), BindMode.MOVE)}</pre>
     */
    public void bind(long address, long length, MemoryPolicy policy, BindMode mode) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(mode, "mode");
        ops.bind(PageRange.aligned(address, length, ops.pageSize()), policy, mode);
    }

    /** Binds the pages of a page-aligned direct buffer; see {@link #bind(long, long, MemoryPolicy, BindMode)}. <pre>{@code numa.pages().bind(buf, MemoryPolicy.bind(0), BindMode.FUTURE_PAGES)}</pre> */
    public void bind(ByteBuffer buffer, MemoryPolicy policy, BindMode mode) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(mode, "mode");
        try {
            ops.bind(PageRange.aligned(baseAddress(buffer), buffer.capacity(), ops.pageSize()), policy, mode);
        } finally {
            java.lang.ref.Reference.reachabilityFence(buffer);
        }
    }

    private PageRange rangeOf(ByteBuffer buffer) {
        return PageRange.covering(baseAddress(buffer), buffer.capacity(), ops.pageSize());
    }

    /** The address of index 0 (backends differ on whether the position counts; index 0 is unambiguous). */
    private long baseAddress(ByteBuffer buffer) {
        Objects.requireNonNull(buffer, "buffer");
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("a heap buffer has no stable address; use a direct buffer");
        }
        if (buffer.capacity() == 0) {
            throw new IllegalArgumentException("the buffer is empty");
        }
        return BufferAddress.ofIndexZero(ops.sys(), buffer);
    }
}
