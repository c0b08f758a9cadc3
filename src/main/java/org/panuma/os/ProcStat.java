package org.panuma.os;

import org.panuma.spi.NoSuchProcessException;

/**
 * The fields of /proc/PID/stat panuma uses (proc(5) numbers them from 1).
 *
 * @param pid       field 1
 * @param state     field 3: R, S, D, Z (zombie), X (dead), ...
 * @param ppid      field 4
 * @param pgrp      field 5, the process group
 * @param session   field 6
 * @param flags     field 9, the kernel's PF_* flags
 * @param startTime field 22, clock ticks after boot: with the pid, names one process for as long as
 *                  the machine runs (a pid can be reused, a (pid, start time) pair cannot)
 */
public record ProcStat(int pid, char state, int ppid, int pgrp, int session, long flags, long startTime) {
    /** include/linux/sched.h: PF_KTHREAD, "I am a kernel thread". */
    public static final long PF_KTHREAD = 0x00200000L;
    /** include/linux/sched.h: PF_EXITING, "getting shut down". */
    public static final long PF_EXITING = 0x00000004L;

    public boolean zombie() {
        return state == 'Z' || state == 'X';
    }

    public boolean kernelThread() {
        return (flags & PF_KTHREAD) != 0;
    }

    /**
     * @throws NoSuchProcessException for a process without user memory to read or move: one that
     *                                has exited but is not yet reaped (a zombie: its memory is
     *                                gone), or a kernel thread
     */
    public void requireUserMemory() {
        if (zombie()) {
            throw new NoSuchProcessException("process " + pid + " has exited (zombie): its memory is gone");
        }
        if (kernelThread()) {
            throw new NoSuchProcessException("process " + pid + " is a kernel thread: no user memory");
        }
    }

    public boolean exiting() {
        return zombie() || (flags & PF_EXITING) != 0;
    }
}
