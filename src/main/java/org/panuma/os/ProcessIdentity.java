package org.panuma.os;

import org.panuma.spi.NoSuchProcessException;

/**
 * One process, not just a pid: the pid with its start time (field 22 of /proc/PID/stat). A move
 * takes many calls over seconds or minutes; if the target exits meanwhile, its pid can be taken
 * by another process (an unprivileged one can even ask for it with clone3's set_tid), and every
 * later call would go to that impostor. The start time is fixed for a process's life and differs
 * for the next process of the same pid, so comparing it before each batch tells the two apart.
 * It counts clock ticks, though: a newcomer started within the target's tick looks the same,
 * which is why the api pins a pidfd beside it where the kernel has one (api.TargetIdentity).
 */
public final class ProcessIdentity {
    private final ProcFs proc;
    private final int pid;
    private final long startTime;

    private ProcessIdentity(ProcFs proc, int pid, long startTime) {
        this.proc = proc;
        this.pid = pid;
        this.startTime = startTime;
    }

    /**
     * Pins the process that has {@code pid} now.
     *
     * @throws NoSuchProcessException when it does not exist, has exited but is not yet reaped (a
     *                                zombie: its memory is gone), or is a kernel thread (it has no
     *                                user memory)
     */
    public static ProcessIdentity pin(ProcFs proc, int pid) {
        ProcStat s;
        try {
            s = proc.stat(pid);
        } catch (NoSuchProcessException e) {
            throw e;
        } catch (RuntimeException unreadable) {
            // Not a /proc this process can read (a simulated machine's pids): nothing to pin.
            return new ProcessIdentity(proc, pid, -1);
        }
        s.requireUserMemory();
        return new ProcessIdentity(proc, pid, s.startTime());
    }

    public int pid() {
        return pid;
    }

    /**
     * Whether the pid still names the pinned process and it still has its memory: false once it
     * has exited (zombie or reaped) or its pid names another process.
     */
    public boolean alive() {
        if (startTime < 0) {
            return proc.exists(pid);
        }
        try {
            ProcStat s = proc.stat(pid);
            return s.startTime() == startTime && !s.zombie() && (s.flags() & ProcStat.PF_EXITING) == 0;
        } catch (RuntimeException gone) {
            return false;
        }
    }

    /** @throws NoSuchProcessException naming the pid when {@link #alive()} is false */
    public void check() {
        if (!alive()) {
            throw new NoSuchProcessException("process " + pid + " has exited (or its pid now names another"
                    + " process)");
        }
    }
}
