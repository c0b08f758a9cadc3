package org.panuma.backend.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The libc functions the JNA backend calls through interface mapping (not on hot paths; the
 * system calls go through {@link DirectSyscall}). Every call captures errno through
 * {@link LastErrorException}.
 */
interface LibC extends Library {
    Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset) throws LastErrorException;

    int munmap(Pointer addr, long length) throws LastErrorException;

    int sched_getaffinity(int pid, long cpusetsize, Pointer mask) throws LastErrorException;

    int sched_setaffinity(int pid, long cpusetsize, Pointer mask) throws LastErrorException;

    int getcpu(Pointer cpu, Pointer node) throws LastErrorException;

    int getpagesize();
}
