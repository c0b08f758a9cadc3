package org.panuma.backend.ffm;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.panuma.backend.ffm.bindings.numa_h;

/**
 * The downcall handles panuma uses, each capturing errno.
 *
 * <p>Hand-written beside the generated bindings because jextract cannot emit
 * {@link Linker.Option#captureCallState(String...)}: the addresses, layouts and descriptors come
 * from {@link numa_h}, only the capture option is added here. libc's variadic
 * {@code syscall(long, ...)} has one handle for every system call (see {@link #syscall()}).
 *
 * <p>Each handle takes a leading capture-state segment (see {@link #newCaptureState}).
 */
final class ErrnoCapturingCalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = errnoOffset();

    private static final ValueLayout.OfLong LONG = numa_h.C_LONG;
    private static final ValueLayout.OfInt INT = numa_h.C_INT;

    // Each handle is linked on first use, not when the backend opens: linking a downcall spins
    // method-handle and stub classes (tens of ms per call shape at JVM start, BENCHMARKS.md items
    // 4 and 5), and most commands use one or two of these. A race links a handle twice; both
    // results are equivalent and immutable, so the volatile fields need no lock.
    private volatile MethodHandle mmap;
    private volatile MethodHandle munmap;
    private volatile MethodHandle schedGetaffinity;
    private volatile MethodHandle schedSetaffinity;
    private volatile MethodHandle getcpu;

    /**
     * Every system call panuma makes through libc's {@code syscall()}: the number and six
     * arguments, each a C long (a pointer travels as its address; arguments a call does not have
     * are 0, registers the kernel does not read). One call shape for all of them means one
     * downcall to link per JVM instead of one per system call: the first call links it (for a
     * move, the pidfd that pins the target, before any page is queried), and the move's first
     * move_pages finds it linked (linking generated classes at run time cost more than a 256 MiB
     * move's Java side in the guest). A command that makes no system call links nothing.
     */
    MethodHandle syscall() {
        return Syscall.HANDLE;
    }

    /**
     * Links {@link #syscall()} now, for a caller that will need it soon (see
     * {@link FfmBackendProvider#prepareCalls()}). A holder class rather than a lazy field: the
     * JVM runs its initializer once, and a thread that needs the handle while another links it
     * waits for that link instead of making a second one.
     */
    static void linkSyscall() {
        Syscall.HANDLE.type();
    }

    private static final class Syscall {
        static final MethodHandle HANDLE = syscall(LONG, LONG, LONG, LONG, LONG, LONG);
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

    /**
     * Where errno lies in the capture state: the sizes of the members before it (a struct layout
     * lists its padding as members too). Neither a VarHandle nor a layout path: making either
     * costs a few ms at the first system call of a short command (BENCHMARKS.md, item 5), for
     * one int read per failed call. No lambda either: this class is outside the AOT cache, so
     * the JVM would spin one at run time.
     */
    private static long errnoOffset() {
        long offset = 0;
        for (MemoryLayout member : CAPTURE_LAYOUT.memberLayouts()) {
            if ("errno".equals(member.name().orElse(null))) {
                return offset;
            }
            offset += member.byteSize();
        }
        throw new IllegalStateException("no errno in the capture state layout " + CAPTURE_LAYOUT);
    }

    static int errno(MemorySegment captureState) {
        return captureState.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
    }
}
