package org.panuma.backend.ffm;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import org.panuma.backend.ffm.bindings.numa_h;

/**
 * The downcall handles panuma uses, each capturing errno.
 *
 * <p>Hand-written beside the generated bindings because jextract cannot emit
 * {@link Linker.Option#captureCallState(String...)}: the addresses, layouts and descriptors come
 * from {@link numa_h}, only the capture option is added here. The handles of libc's variadic
 * {@code syscall(long, ...)} are specialised per call shape (every argument passed as a C long or
 * pointer, which is how the kernel reads its registers).
 *
 * <p>Each handle takes a leading capture-state segment (see {@link #newCaptureState}).
 */
final class ErrnoCapturingCalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final ValueLayout.OfLong LONG = numa_h.C_LONG;
    private static final AddressLayout POINTER = numa_h.C_POINTER;
    private static final ValueLayout.OfInt INT = numa_h.C_INT;

    // Each handle is linked on first use, not when the backend opens: linking a downcall spins
    // method-handle and stub classes (tens of ms per call shape at JVM start, BENCHMARKS.md items
    // 4 and 5), and most commands use one or two of these. A race links a handle twice; both
    // results are equivalent and immutable, so the volatile fields need no lock.
    private volatile MethodHandle movePages;
    private volatile MethodHandle migratePages;
    private volatile MethodHandle getMempolicy;
    private volatile MethodHandle setMempolicy;
    private volatile MethodHandle mbind;
    private volatile MethodHandle setMempolicyHomeNode;
    private volatile MethodHandle mmap;
    private volatile MethodHandle munmap;
    private volatile MethodHandle schedGetaffinity;
    private volatile MethodHandle schedSetaffinity;
    private volatile MethodHandle getcpu;
    private volatile MethodHandle syscall3;

    /** move_pages(pid, count, pages, nodes, status, flags). */
    MethodHandle movePages() {
        MethodHandle h = movePages;
        return h != null ? h : (movePages = syscall(LONG, LONG, POINTER, POINTER, POINTER, LONG));
    }

    /** migrate_pages(pid, maxnode, old_nodes, new_nodes). */
    MethodHandle migratePages() {
        MethodHandle h = migratePages;
        return h != null ? h : (migratePages = syscall(LONG, LONG, POINTER, POINTER));
    }

    /** get_mempolicy(mode, nodemask, maxnode, addr, flags). */
    MethodHandle getMempolicy() {
        MethodHandle h = getMempolicy;
        return h != null ? h : (getMempolicy = syscall(POINTER, POINTER, LONG, LONG, LONG));
    }

    /** set_mempolicy(mode, nodemask, maxnode). */
    MethodHandle setMempolicy() {
        MethodHandle h = setMempolicy;
        return h != null ? h : (setMempolicy = syscall(LONG, POINTER, LONG));
    }

    /** mbind(addr, len, mode, nodemask, maxnode, flags). */
    MethodHandle mbind() {
        MethodHandle h = mbind;
        return h != null ? h : (mbind = syscall(LONG, LONG, LONG, POINTER, LONG, LONG));
    }

    /** set_mempolicy_home_node(start, len, home_node, flags). */
    MethodHandle setMempolicyHomeNode() {
        MethodHandle h = setMempolicyHomeNode;
        return h != null ? h : (setMempolicyHomeNode = syscall(LONG, LONG, LONG, LONG));
    }

    MethodHandle mmap() {
        MethodHandle h = mmap;
        return h != null ? h : (mmap = capture(numa_h.mmap$address(), numa_h.mmap$descriptor()));
    }

    MethodHandle munmap() {
        MethodHandle h = munmap;
        return h != null ? h : (munmap = capture(numa_h.munmap$address(), numa_h.munmap$descriptor()));
    }

    MethodHandle schedGetaffinity() {
        MethodHandle h = schedGetaffinity;
        return h != null ? h
                : (schedGetaffinity = capture(numa_h.sched_getaffinity$address(), numa_h.sched_getaffinity$descriptor()));
    }

    MethodHandle schedSetaffinity() {
        MethodHandle h = schedSetaffinity;
        return h != null ? h
                : (schedSetaffinity = capture(numa_h.sched_setaffinity$address(), numa_h.sched_setaffinity$descriptor()));
    }

    MethodHandle getcpu() {
        MethodHandle h = getcpu;
        return h != null ? h : (getcpu = capture(numa_h.getcpu$address(), numa_h.getcpu$descriptor()));
    }

    /**
     * A system call of three long-or-pointer arguments: execve(path, argv, envp) and
     * close_range(first, last, flags). Pointers travel as their addresses in the same registers.
     */
    MethodHandle syscall3() {
        MethodHandle h = syscall3;
        return h != null ? h : (syscall3 = syscall(LONG, LONG, LONG));
    }

    private volatile MethodHandle syscall4;

    /** A system call of four long-or-pointer arguments: rt_sigprocmask(how, set, oldset, sigsetsize). */
    MethodHandle syscall4() {
        MethodHandle h = syscall4;
        return h != null ? h : (syscall4 = syscall(LONG, LONG, LONG, LONG));
    }

    static final int INT_SIZE = (int) INT.byteSize();

    private static MethodHandle syscall(MemoryLayout... variadicArguments) {
        FunctionDescriptor fixed = FunctionDescriptor.of(LONG, LONG);
        FunctionDescriptor descriptor = fixed.appendArgumentLayouts(variadicArguments);
        return LINKER.downcallHandle(numa_h.syscall.address(), descriptor,
                Linker.Option.firstVariadicArg(fixed.argumentLayouts().size()), CAPTURE_ERRNO);
    }

    private static MethodHandle capture(MemorySegment address, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(address, descriptor, CAPTURE_ERRNO);
    }

    static int errno(MemorySegment captureState) {
        return (int) ERRNO.get(captureState, 0L);
    }
}
