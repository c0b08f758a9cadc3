package org.panuma.backend.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * libc's {@code syscall()} through JNA's direct mapping, one fixed-arity overload per call shape.
 *
 * <p>Why direct mapping: JNA's interface mapping with varargs costs ≈14 µs per call here (it
 * builds a call descriptor every time); a direct-mapped native method costs about as much as
 * JNI. Why fixed arity is safe for the variadic {@code syscall(long, ...)}: on Linux x86_64 and
 * aarch64 integer and pointer arguments travel in the same registers whether or not the callee
 * is variadic (x86_64's %al only bounds the vector registers a variadic callee may spill; glibc's
 * {@code syscall} is assembly that reads none).
 */
final class DirectSyscall {
    static {
        // By file name, as in JnaBackendProvider: "c" makes JNA run `ldconfig -p`.
        Native.register(DirectSyscall.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private DirectSyscall() {
    }

    /** move_pages(pid, count, pages, nodes, status, flags). */
    static native long syscall(long nr, long pid, long count, Pointer pages, Pointer nodes, Pointer status,
                               long flags) throws LastErrorException;

    /** migrate_pages(pid, maxnode, old, new). */
    static native long syscall(long nr, long pid, long maxnode, Pointer oldNodes, Pointer newNodes)
            throws LastErrorException;

    /** get_mempolicy(mode, nodemask, maxnode, addr, flags). */
    static native long syscall(long nr, Pointer mode, Pointer nodemask, long maxnode, long addr, long flags)
            throws LastErrorException;

    /** set_mempolicy(mode, nodemask, maxnode). */
    static native long syscall(long nr, long mode, Pointer nodemask, long maxnode) throws LastErrorException;

    /** set_mempolicy_home_node(start, len, home_node, flags). */
    static native long syscall(long nr, long start, long len, long homeNode, long flags) throws LastErrorException;

    /** mbind(addr, len, mode, nodemask, maxnode, flags). */
    static native long syscall(long nr, long addr, long len, long mode, Pointer nodemask, long maxnode, long flags)
            throws LastErrorException;

    /** execve(path, argv, envp). */
    static native long syscall(long nr, Pointer path, Pointer argv, Pointer envp) throws LastErrorException;

    /** close_range(first, last, flags). */
    static native long syscall(long nr, long first, long last, long flags) throws LastErrorException;

    /** rt_sigprocmask(how, set, oldset, sigsetsize). */
    static native long syscall(long nr, long how, Pointer set, Pointer oldSet, long sigsetSize)
            throws LastErrorException;
}
