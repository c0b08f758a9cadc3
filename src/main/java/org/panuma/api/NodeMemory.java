package org.panuma.api;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.memory.MappedMemory;

/**
 * Off-heap memory placed on NUMA nodes: each allocation is its own anonymous mapping (mmap)
 * bound to a memory policy (mbind) before any page exists, so every page is faulted in where the
 * policy says. Closing unmaps everything. Works on every JDK (direct {@link ByteBuffer}s);
 * on JDK 23+ {@code org.panuma.api.foreign.NodeArena} hands out {@code MemorySegment}s from one.
 *
 * <pre>{@code
 * try (NodeMemory mem = numa.memory(MemoryPolicy.bind(1))) {
 *     ByteBuffer buf = mem.allocateBuffer(1 << 20);
 *     buf.putLong(0, 42);                               // the page faults in on node 1
 *     assert mem.where(buf).allOn(1);
 * }
 * }</pre>
 *
 * <p><b>Lifetime and threads.</b> Allocation, queries and moves may run on any thread at once.
 * They hold a read lock; {@link #close()} and {@link #free} take the write lock, so memory is never
 * unmapped under a running system call. A close asks running moves to stop at their next batch
 * and waits for them. After close every method throws IllegalStateException. On the FFM backend
 * (Java 23+) the buffers are views of a memory segment that close and free invalidate first, so
 * using one afterwards throws IllegalStateException too. On the JNA backend (Java 17-22) a direct
 * buffer cannot be invalidated: reading or writing it after its memory was freed or closed touches
 * unmapped memory and crashes the JVM, as with any native memory; that is the caller's error
 * (README, "What stays unchecked"). NodeArena's segments are checked on every JDK it runs on.
 *
 * <p>The policy may be any but {@link MemoryPolicy.Mode#DEFAULT} (which would place nothing):
 * {@code bind(n)}, {@code interleave(a, b)}, {@code preferred(n)}, {@code preferredMany(...)},
 * {@code local()}. {@link #rebind} gives touched memory another one.
 */
public final class NodeMemory implements AutoCloseable {
    private final RangeOps ops;
    private final MappedMemory memory;
    private final MemoryPolicy policy;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Live mappings by start address. */
    private final ConcurrentSkipListMap<Long, Mapping> mappings = new ConcurrentSkipListMap<>();
    private volatile boolean closing;
    private boolean closed;

    /** One mmap: the whole mapping, and the bytes handed out inside it. */
    private record Mapping(long start, long length, long userAddress, long userLength) {
        boolean contains(PageRange r) {
            return r.start() >= start && r.end() <= start + length;
        }
    }

    NodeMemory(RangeOps ops, MemoryPolicy policy) {
        this.ops = ops;
        this.memory = MappedMemory.of(ops.sys());
        this.policy = Objects.requireNonNull(policy, "policy");
        if (policy.mode() == MemoryPolicy.Mode.DEFAULT) {
            // mbind with MPOL_DEFAULT removes a binding: as an allocation policy it would mean "anywhere".
            throw new IllegalArgumentException("node-bound memory needs a node policy (bind, interleave,"
                    + " preferred, local), not DEFAULT");
        }
        ops.nodes().policy(policy);
    }

    /** Where this memory's pages go. <pre>{@code mem.policy()}</pre> */
    public MemoryPolicy policy() {
        return policy;
    }

    /** The page size allocations are rounded to. <pre>{@code int size = mem.pageSize();}</pre> */
    public int pageSize() {
        return ops.pageSize();
    }

    /**
     * A direct buffer of {@code bytes} bytes on this memory's nodes (its own page-rounded mapping).
     * <pre>{@code ByteBuffer buf = mem.allocateBuffer(64 * 1024);}</pre>
     */
    public ByteBuffer allocateBuffer(int bytes) {
        long address = allocate(bytes, 1);
        return memory.buffer(address, bytes);
    }

    /**
     * Maps {@code bytes} bytes on this memory's nodes, aligned to {@code alignment} (a power of
     * two; page alignment comes free), and returns the address. The low-level form of
     * {@link #allocateBuffer}: NodeArena builds its segments on it.
     * <pre>{@code long address = mem.allocate(1 << 21, 1 << 21);}</pre>
     */
    public long allocate(long bytes, long alignment) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("allocation size must be positive, got " + bytes);
        }
        if (alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment must be a positive power of two, got " + alignment);
        }
        int pageSize = ops.pageSize();
        long extra = alignment > pageSize ? alignment - pageSize : 0;
        long length = roundUp(bytes, pageSize) + extra;
        if (length < bytes) {
            throw new IllegalArgumentException(bytes + " bytes with alignment " + alignment + " overflow");
        }
        return guarded(() -> {
            AllocationEvent event = Jfr.recording() ? new AllocationEvent() : null;
            if (event != null) {
                event.begin();
            }
            NumaSyscalls sys = ops.sys();
            long start = memory.mmap(length);
            try {
                ops.bind(PageRange.aligned(start, length, pageSize), policy, BindMode.FUTURE_PAGES);
            } catch (RuntimeException e) {
                memory.munmap(start, length);
                throw e;
            }
            long user = roundUp(start, alignment);
            mappings.put(start, new Mapping(start, length, user, bytes));
            if (event != null) {
                event.end();
            }
            if (event != null && event.shouldCommit()) {
                event.bytes = bytes;
                event.pages = length / pageSize;
                event.policy = policy.mode().name();
                event.nodes = policy.nodes().toString();
                event.backend = sys.name();
                event.commit();
            }
            return user;
        });
    }

    /** Where the pages of a buffer of this memory are. <pre>{@code mem.where(buf).pagesByNode()}</pre> */
    public PagePlacement where(ByteBuffer buffer) {
        return where(address(buffer), buffer.capacity());
    }

    /** Where the pages holding {@code [address, address + length)} of this memory are. <pre>{@code mem.where(address, 4096)}</pre> */
    public PagePlacement where(long address, long length) {
        return guarded(() -> ops.where(owned(address, length)));
    }

    /**
     * The memory policy of the range of this memory that holds {@code address} (get_mempolicy with
     * MPOL_F_ADDR): this memory's policy, or what {@link #rebind} gave that range.
     * <pre>{@code MemoryPolicy p = mem.policyOf(address);}</pre>
     */
    public MemoryPolicy policyOf(long address) {
        return guarded(() -> ops.policyAt(owned(address, 1).start()));
    }

    /** The memory policy of the buffer's first page; see {@link #policyOf(long)}. <pre>{@code mem.policyOf(buf)}</pre> */
    public MemoryPolicy policyOf(ByteBuffer buffer) {
        return policyOf(address(buffer));
    }

    /**
     * The node of the page holding {@code address} of this memory, faulting it in by this memory's
     * policy if it was never touched (get_mempolicy with MPOL_F_NODE | MPOL_F_ADDR).
     * <pre>{@code int node = mem.nodeOf(address);}</pre>
     */
    public int nodeOf(long address) {
        return guarded(() -> {
            owned(address, 1);
            return ops.nodeAt(address);
        });
    }

    /** Moves a buffer of this memory to {@code node}. <pre>{@code MoveReport r = mem.move(buf, 1);}</pre> */
    public MoveReport move(ByteBuffer buffer, int node) {
        return move(address(buffer), buffer.capacity(), node, MoveOptions.defaults());
    }

    /**
     * Moves the pages holding {@code [address, address + length)} of this memory to {@code node}.
     * A concurrent {@link #close()} stops the move at its next batch ({@link MoveReport#stoppedEarly()}).
     * <pre>{@code mem.move(address, length, 1, MoveOptions.defaults())}</pre>
     */
    public MoveReport move(long address, long length, int node, MoveOptions options) {
        Objects.requireNonNull(options, "options");
        MoveOptions stopOnClose = options.withStop(() -> closing || options.stop().getAsBoolean());
        return guarded(() -> ops.move(owned(address, length), node, stopOnClose));
    }

    /**
     * Binds a buffer of this memory to another policy (mbind); {@code mode} says what happens to
     * the pages already there. The buffer must start on a page boundary (every allocateBuffer
     * result does). <pre>{@code mem.rebind(buf, MemoryPolicy.bind(1), BindMode.MOVE_STRICT)}</pre>
     */
    public void rebind(ByteBuffer buffer, MemoryPolicy policy, BindMode mode) {
        rebind(address(buffer), buffer.capacity(), policy, mode);
    }

    /** Binds a page-aligned range of this memory to another policy; see {@link #rebind(ByteBuffer, MemoryPolicy, BindMode)}. <pre>{@code mem.rebind(address, length, MemoryPolicy.bind(0), BindMode.MOVE)}</pre> */
    public void rebind(long address, long length, MemoryPolicy policy, BindMode mode) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(mode, "mode");
        PageRange exact = PageRange.aligned(address, length, ops.pageSize());
        guarded(() -> {
            owned(address, length);
            ops.bind(exact, policy, mode);
            return null;
        });
    }

    /**
     * Unmaps one buffer that {@link #allocateBuffer} returned (not a slice of it). The buffer
     * must not be used afterwards. <pre>{@code mem.free(buf);}</pre>
     */
    public void free(ByteBuffer buffer) {
        long address = address(buffer);
        lock.writeLock().lock();
        try {
            ensureOpen();
            Map.Entry<Long, Mapping> e = mappings.floorEntry(address);
            Mapping m = e == null ? null : e.getValue();
            if (m == null || m.userAddress() != address || m.userLength() != buffer.capacity()) {
                throw new IllegalArgumentException("this buffer was not allocated by this NodeMemory"
                        + " (or is a slice, or was freed already)");
            }
            mappings.remove(m.start());
            memory.munmap(m.start(), m.length());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Bytes currently allocated (as requested, before page rounding). <pre>{@code long b = mem.allocatedBytes();}</pre> */
    public long allocatedBytes() {
        return mappings.values().stream().mapToLong(Mapping::userLength).sum();
    }

    /** False once closed. <pre>{@code if (mem.isOpen()) { ... }}</pre> */
    public boolean isOpen() {
        // Not under the lock: a close waiting for a running move would make this wait too.
        return !closing;
    }

    /**
     * Unmaps every allocation, after asking running moves to stop and waiting for running calls.
     * Idempotent. <pre>{@code mem.close();}</pre>
     *
     * @throws IllegalStateException when called from inside an operation on this memory (a
     *                               progress callback), which would wait for itself
     */
    @Override
    public void close() {
        if (lock.getReadHoldCount() > 0) {
            throw new IllegalStateException("close() called from inside an operation on this NodeMemory;"
                    + " close it after the operation returns");
        }
        closing = true;
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            RuntimeException first = null;
            for (Map.Entry<Long, Mapping> e : mappings.entrySet()) {
                try {
                    memory.munmap(e.getValue().start(), e.getValue().length());
                } catch (RuntimeException ex) {
                    // Keep unmapping the others; report the first failure.
                    first = first == null ? ex : first;
                }
            }
            mappings.clear();
            if (first != null) {
                throw first;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "NodeMemory[" + policy + ", " + mappings.size() + " allocations, "
                + (closing ? "closed" : "open") + "]";
    }

    /** Runs {@code op} with the memory kept mapped, or throws if closed. */
    private <T> T guarded(Supplier<T> op) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return op.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed || closing) {
            throw new IllegalStateException("this NodeMemory is closed");
        }
    }

    /** The pages holding the bytes, which must lie inside one live allocation of this memory. */
    private PageRange owned(long address, long length) {
        PageRange range = PageRange.covering(address, length, ops.pageSize());
        Map.Entry<Long, Mapping> e = mappings.floorEntry(range.start());
        if (e == null || !e.getValue().contains(range)) {
            throw new IllegalArgumentException("0x" + Long.toHexString(address) + "+" + length
                    + " is not inside an allocation of this NodeMemory (another allocator's memory,"
                    + " a freed allocation, or past the end of one)");
        }
        return range;
    }

    /**
     * The address of a buffer's first byte: to name its range to another process or tool (a
     * target that prints where its memory is). <pre>{@code long start = mem.address(buf);}</pre>
     */
    public long address(ByteBuffer buffer) {
        Objects.requireNonNull(buffer, "buffer");
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("a heap buffer is not memory of this NodeMemory");
        }
        if (buffer.capacity() == 0) {
            throw new IllegalArgumentException("the buffer is empty");
        }
        return BufferAddress.ofIndexZero(ops.sys(), buffer);
    }

    private static long roundUp(long value, long multiple) {
        long rem = Long.remainderUnsigned(value, multiple);
        return rem == 0 ? value : value + (multiple - rem);
    }
}
