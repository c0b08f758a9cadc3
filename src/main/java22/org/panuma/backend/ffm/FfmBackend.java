package org.panuma.backend.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Supplier;
import org.panuma.backend.HostBackend;
import org.panuma.backend.ffm.bindings.numa_h;
import org.panuma.spi.CpuAndNode;
import org.panuma.spi.CpuSet;
import org.panuma.spi.Mempolicy;
import org.panuma.spi.MovePagesArguments;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeMasks;
import org.panuma.spi.NodeSet;
import org.panuma.spi.Errno;
import org.panuma.spi.ProcessSyscallNumbers;
import org.panuma.spi.SyscallException;
import org.panuma.spi.SyscallNumbers;

/**
 * The spi over the Foreign Function &amp; Memory API (Java 23+: the jextract bindings use SymbolLookup.findOrThrow): libc's {@code syscall()} for the
 * NUMA calls, libc functions for the rest, errno captured per call. Argument buffers live in a
 * confined arena per call; the Java arrays are copied in and out.
 */
final class FfmBackend extends HostBackend {
    /**
     * mmap's MAP_FAILED, (void *) -1, as an address: a long, not a MemorySegment, whose class
     * initialization (eight java.lang.foreign classes) a command that only reads /proc would pay
     * for this constant alone.
     */
    private static final long MAP_FAILED = -1L;

    private final SyscallNumbers numbers;

    /**
     * The downcall handles, made at the first system call: ErrnoCapturingCalls' static layouts
     * and errno VarHandle spin method-handle classes at run time, which a command that makes no
     * system call (`panuma nodes`) never needs (BENCHMARKS.md, item 5).
     */
    private static final class Calls {
        static final ErrnoCapturingCalls INSTANCE = new ErrnoCapturingCalls();
    }

    private static ErrnoCapturingCalls calls() {
        return Calls.INSTANCE;
    }

    FfmBackend(SyscallNumbers numbers, int pageSize) {
        super("ffm", pageSize);
        this.numbers = numbers;
    }

    @Override
    public long movePages(int pid, long[] pages, int[] nodes, int[] status, int offset, int count, int flags) {
        MovePagesArguments.check(pages, nodes, status, offset, count);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pagesSeg = arena.allocate(ValueLayout.JAVA_LONG, Math.max(count, 1));
            // Copies between segments, not MemorySegment.copy(array, ...): that one picks the array's
            // kind with a pattern switch whose class the JDK spins at its first use, which for a
            // move is inside its first batch (tens of milliseconds in the NUMA guests).
            MemorySegment.copy(MemorySegment.ofArray(pages), (long) offset * Long.BYTES, pagesSeg, 0,
                    (long) count * Long.BYTES);
            MemorySegment nodesSeg = MemorySegment.NULL;
            if (nodes != null) {
                nodesSeg = arena.allocate(ValueLayout.JAVA_INT, Math.max(count, 1));
                MemorySegment.copy(MemorySegment.ofArray(nodes), (long) offset * Integer.BYTES, nodesSeg, 0,
                        (long) count * Integer.BYTES);
            }
            MemorySegment statusSeg = arena.allocate(ValueLayout.JAVA_INT, Math.max(count, 1));
            // Entries the kernel leaves unwritten keep the caller's pre-fill.
            MemorySegment.copy(MemorySegment.ofArray(status), (long) offset * Integer.BYTES, statusSeg, 0,
                    (long) count * Integer.BYTES);
            MovePagesCall c = new MovePagesCall(pid, count, pagesSeg, nodesSeg, statusSeg, flags, status, offset);
            return call(arena, "move_pages", c, c);
        }
    }

    /**
     * move_pages' downcall and its arguments for an error message, as a named class rather than
     * two lambdas: this backend's classes are not in the AOT cache, so a lambda's class is spun at
     * its first call (class-file API, method-handle forms), and a move's first move_pages call
     * falls inside its timed phase. Under emulation (the NUMA guests) that spinning took about a
     * tenth of a second of the first batch; a named class is only loaded.
     */
    private final class MovePagesCall implements Downcall, Supplier<String> {
        private final int pid;
        private final int count;
        private final MemorySegment pages;
        private final MemorySegment nodes;
        private final MemorySegment statuses;
        private final int flags;
        private final int[] status;
        private final int offset;

        MovePagesCall(int pid, int count, MemorySegment pages, MemorySegment nodes, MemorySegment statuses, int flags,
                      int[] status, int offset) {
            this.pid = pid;
            this.count = count;
            this.pages = pages;
            this.nodes = nodes;
            this.statuses = statuses;
            this.flags = flags;
            this.status = status;
            this.offset = offset;
        }

        @Override
        public long invoke(MemorySegment capture) throws Throwable {
            long r = (long) calls().syscall().invokeExact(capture, numbers.movePages, (long) pid, (long) count,
                    pages.address(), nodes.address(), statuses.address(), (long) flags);
            // Copied back even when the call failed: the kernel wrote the statuses it got to.
            MemorySegment.copy(statuses, 0, MemorySegment.ofArray(status), (long) offset * Integer.BYTES,
                    (long) count * Integer.BYTES);
            return r;
        }

        @Override
        public String get() {
            return "pid=" + pid + ", count=" + count;
        }
    }

    @Override
    public long migratePages(int pid, NodeSet from, NodeSet to) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment oldMask = mask(arena, from);
            MemorySegment newMask = mask(arena, to);
            return call(arena, "migrate_pages", () -> "pid=" + pid + ", from=" + from + ", to=" + to,
                    capture -> (long) calls().syscall().invokeExact(capture, numbers.migratePages, (long) pid,
                            NodeMasks.MAXNODE, oldMask.address(), newMask.address(), 0L, 0L));
        }
    }

    @Override
    public Mempolicy getMempolicy(long address, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mode = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment mask = arena.allocate(ValueLayout.JAVA_LONG, NodeMasks.WORDS);
            call(arena, "get_mempolicy", () -> "addr=0x" + Long.toHexString(address) + ", flags=" + flags,
                    capture -> (long) calls().syscall().invokeExact(capture, numbers.getMempolicy, mode.address(),
                            mask.address(), NodeMasks.MAXNODE, address, (long) flags, 0L));
            return new Mempolicy(mode.get(ValueLayout.JAVA_INT, 0),
                    NodeSet.fromMask(mask.toArray(ValueLayout.JAVA_LONG)));
        }
    }

    @Override
    public void setMempolicy(int modeWord, NodeSet nodes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = nodes.isEmpty() ? MemorySegment.NULL : mask(arena, nodes);
            long maxnode = nodes.isEmpty() ? 0 : NodeMasks.MAXNODE;
            call(arena, "set_mempolicy", () -> "mode=" + Mpol.modeName(modeWord) + ", nodes=" + nodes,
                    capture -> (long) calls().syscall().invokeExact(capture, numbers.setMempolicy, (long) modeWord,
                            mask.address(), maxnode, 0L, 0L, 0L));
        }
    }

    @Override
    public void mbind(long address, long length, int modeWord, NodeSet nodes, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = nodes.isEmpty() ? MemorySegment.NULL : mask(arena, nodes);
            long maxnode = nodes.isEmpty() ? 0 : NodeMasks.MAXNODE;
            call(arena, "mbind", () -> "addr=0x" + Long.toHexString(address) + ", len=" + length + ", mode="
                    + Mpol.modeName(modeWord) + ", nodes=" + nodes + ", flags=" + flags,
                    capture -> (long) calls().syscall().invokeExact(capture, numbers.mbind, address, length,
                            (long) modeWord, mask.address(), maxnode, (long) flags));
        }
    }

    @Override
    public void setMempolicyHomeNode(long address, long length, int homeNode, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            call(arena, "set_mempolicy_home_node", () -> "addr=0x" + Long.toHexString(address) + ", len=" + length
                    + ", home_node=" + homeNode + ", flags=" + flags,
                    capture -> (long) calls().syscall().invokeExact(capture, numbers.setMempolicyHomeNode,
                            address, length, (long) homeNode, (long) flags, 0L, 0L));
        }
    }

    @Override
    protected long mapAnonymous(long length) {
        try (Arena arena = Arena.ofConfined()) {
            int prot = numa_h.PROT_READ() | numa_h.PROT_WRITE();
            int flags = numa_h.MAP_PRIVATE() | numa_h.MAP_ANONYMOUS() | numa_h.MAP_NORESERVE();
            return call(arena, "mmap", () -> "length=" + length, capture -> {
                MemorySegment r = (MemorySegment) calls().mmap().invokeExact(capture, MemorySegment.NULL, length, prot,
                        flags, -1, 0L);
                // A mapping's address is positive on x86_64 and aarch64.
                return r.address() == MAP_FAILED ? -1 : r.address();
            });
        }
    }

    @Override
    protected void unmap(long address, long length) {
        try (Arena arena = Arena.ofConfined()) {
            call(arena, "munmap", () -> "addr=0x" + Long.toHexString(address) + ", length=" + length,
                    capture -> (int) calls().munmap().invokeExact(capture, MemorySegment.ofAddress(address), length));
        }
    }

    /**
     * Buffers are views of a segment in a shared arena of the mapping's own: closing the arena
     * before the munmap makes every buffer over it throw IllegalStateException from then on (the
     * JDK's handshake stops threads that are reading it at that moment), so a buffer kept past
     * NodeMemory.close() cannot touch unmapped memory.
     */
    @Override
    protected Views views(long start, long length) {
        Arena arena = Arena.ofShared();
        MemorySegment mapping = MemorySegment.ofAddress(start).reinterpret(length, arena, null);
        return new Views() {
            @Override
            public ByteBuffer view(long address, int bytes) {
                return mapping.asSlice(address - start, bytes).asByteBuffer();
            }

            @Override
            public void invalidate() {
                arena.close();
            }
        };
    }

    @Override
    public long address(ByteBuffer directBuffer) {
        if (!directBuffer.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer: " + directBuffer);
        }
        return MemorySegment.ofBuffer(directBuffer).address();
    }

    @Override
    public CpuSet schedGetaffinity(int tid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(NodeMasks.CPU_SET_BYTES, 8);
            call(arena, "sched_getaffinity", () -> "tid=" + tid,
                    capture -> (int) calls().schedGetaffinity().invokeExact(capture, tid, (long) NodeMasks.CPU_SET_BYTES,
                            set));
            return CpuSet.fromMask(set.toArray(ValueLayout.JAVA_LONG));
        }
    }

    @Override
    public void schedSetaffinity(int tid, CpuSet cpus) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocateFrom(ValueLayout.JAVA_LONG, cpus.toMask(NodeMasks.CPU_SET_BYTES / 8));
            call(arena, "sched_setaffinity", () -> "tid=" + tid + ", cpus=" + cpus,
                    capture -> (int) calls().schedSetaffinity().invokeExact(capture, tid, (long) NodeMasks.CPU_SET_BYTES,
                            set));
        }
    }

    @Override
    public CpuAndNode getcpu() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cpu = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment node = arena.allocate(ValueLayout.JAVA_INT);
            call(arena, "getcpu", () -> "", capture -> (int) calls().getcpu().invokeExact(capture, cpu, node));
            return new CpuAndNode(cpu.get(ValueLayout.JAVA_INT, 0), node.get(ValueLayout.JAVA_INT, 0));
        }
    }

    @Override
    protected long syscall4(long nr, long a, long b, long c, long d) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(ErrnoCapturingCalls.CAPTURE_LAYOUT);
            long r = (long) calls().syscall().invokeExact(capture, nr, a, b, c, d, 0L, 0L);
            return r < 0 ? -ErrnoCapturingCalls.errno(capture) : r;
        } catch (Throwable t) {
            throw new AssertionError("syscall(" + nr + ") downcall", t);
        }
    }

    /** One downcall; its errno is captured into {@code capture}. */
    @FunctionalInterface
    private interface Downcall {
        long invoke(MemorySegment capture) throws Throwable;
    }

    /**
     * The one scaffold every call goes through: errno is captured in the call's arena, a negative
     * return (-1: failed) becomes a {@link SyscallException} naming the call and its arguments
     * (built only then), and the Throwable that invokeExact declares (a correct handle never
     * throws it) an AssertionError.
     */
    private static long call(Arena arena, String name, Supplier<String> arguments, Downcall downcall) {
        MemorySegment capture = arena.allocate(ErrnoCapturingCalls.CAPTURE_LAYOUT);
        long r;
        try {
            r = downcall.invoke(capture);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(name + " downcall", t);
        }
        if (r < 0) {
            throw SyscallException.of(name, arguments.get(), ErrnoCapturingCalls.errno(capture));
        }
        return r;
    }

    @Override
    public void execve(String path, List<String> argv, List<String> env) {
        ProcessSyscallNumbers nr = ProcessSyscallNumbers.forCurrentArch();
        if (nr == null) {
            throw SyscallException.of("execve", "path=" + path, Errno.ENOSYS);
        }
        // Not closed on success: the process image it lives in is replaced.
        Arena arena = Arena.ofConfined();
        try {
            MemorySegment capture = arena.allocate(ErrnoCapturingCalls.CAPTURE_LAYOUT);
            MemorySegment file = arena.allocateFrom(path);
            MemorySegment argvSeg = strings(arena, argv);
            MemorySegment envSeg = strings(arena, env);
            MemorySegment emptySet = arena.allocate(ProcessSyscallNumbers.KERNEL_SIGSET_BYTES, 8);
            // Best effort, as a shell would start the program: failures leave the JVM's state,
            // which the program can live with (close_range is missing before Linux 5.11).
            long closeRange = (long) calls().syscall().invokeExact(capture, nr.closeRange, 3L, 0xffffffffL,
                    (long) ProcessSyscallNumbers.CLOSE_RANGE_CLOEXEC, 0L, 0L, 0L);
            long sigmask = (long) calls().syscall().invokeExact(capture, nr.rtSigprocmask,
                    (long) ProcessSyscallNumbers.SIG_SETMASK, emptySet.address(), 0L,
                    (long) ProcessSyscallNumbers.KERNEL_SIGSET_BYTES, 0L, 0L);
            long r = (long) calls().syscall().invokeExact(capture, nr.execve, file.address(), argvSeg.address(),
                    envSeg.address(), 0L, 0L, 0L);
            throw SyscallException.of("execve", "path=" + path, r < 0 ? ErrnoCapturingCalls.errno(capture)
                    : Errno.EINVAL.number());
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new AssertionError("execve downcall", t);
        }
    }

    /** A NULL-terminated array of C strings. */
    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    private static MemorySegment mask(Arena arena, NodeSet nodes) {
        return arena.allocateFrom(ValueLayout.JAVA_LONG, NodeMasks.toKernel(nodes));
    }
}
