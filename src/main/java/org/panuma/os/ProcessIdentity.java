package org.panuma.os;

import java.lang.ref.Cleaner;
import java.util.Optional;
import org.panuma.spi.NoSuchProcessException;
import org.panuma.spi.PidFd;

/**
 * One process, not just a pid: the pid with its start time (field 22 of /proc/PID/stat). A move
 * takes many calls over seconds or minutes; if the target exits meanwhile, its pid can be taken
 * by another process (an unprivileged one can even ask for it with clone3's set_tid), and every
 * later call would go to that impostor. The start time is fixed for a process's life and differs
 * for the next process of the same pid, so comparing it before each batch tells the two apart;
 * but it counts clock ticks (10 ms), and a newcomer started within the tick of the target looks
 * the same. Where the kernel has pidfds (5.3+) the process is also pinned by one, opened before
 * the stat is read: it names the process itself, so once that process is reaped no newcomer
 * passes for it. Without one (older kernels, a seccomp filter, the sim backend) the start time
 * alone decides. The pidfd is closed when this identity is no longer reachable.
 */
public final class ProcessIdentity {
    private static final Cleaner CLEANER = Cleaner.create();

    private final ProcFs proc;
    private final int pid;
    private final long startTime;
    private final PidFd pidfd;

    private ProcessIdentity(ProcFs proc, int pid, long startTime, PidFd pidfd) {
        this.proc = proc;
        this.pid = pid;
        this.startTime = startTime;
        this.pidfd = pidfd;
        if (pidfd != null) {
            CLEANER.register(this, pidfd::close);
        }
    }

    /** As {@link #pin(ProcFs, int, Optional)} with no pidfd: the start time alone. */
    public static ProcessIdentity pin(ProcFs proc, int pid) {
        return pin(proc, pid, Optional.empty());
    }

    /**
     * Pins the process that has {@code pid} now.
     *
     * @throws NoSuchProcessException when it does not exist, has exited but is not yet reaped (a
     *                                zombie: its memory is gone), or is a kernel thread (it has no
     *                                user memory)
     */
    public static ProcessIdentity pin(ProcFs proc, int pid, Optional<PidFd> pidfd) {
        try {
            return pinned(proc, pid, pidfd.orElse(null));
        } catch (RuntimeException e) {
            pidfd.ifPresent(PidFd::close);
            throw e;
        }
    }

    /** @param pidfd opened for {@code pid} before this reads its stat, or null */
    private static ProcessIdentity pinned(ProcFs proc, int pid, PidFd pidfd) {
        ProcStat s;
        try {
            s = proc.stat(pid);
        } catch (NoSuchProcessException e) {
            throw e;
        } catch (RuntimeException unreadable) {
            // Not a /proc this process can read (a simulated machine's pids): nothing to pin.
            return new ProcessIdentity(proc, pid, -1, pidfd);
        }
        if (s.zombie()) {
            throw new NoSuchProcessException("process " + pid + " has exited (zombie): its memory is gone");
        }
        if (s.kernelThread()) {
            throw new NoSuchProcessException("process " + pid + " is a kernel thread: no user memory");
        }
        return new ProcessIdentity(proc, pid, s.startTime(), pidfd);
    }

    public int pid() {
        return pid;
    }

    /** Whether a pidfd pins the process too, not only its start time. */
    public boolean hasPidfd() {
        return pidfd != null;
    }

    /**
     * Whether the pid still names the pinned process and it still has its memory: false once it
     * has exited (zombie or reaped) or its pid names another process.
     */
    public boolean alive() {
        if (pidfd != null && pidfd.reaped()) {
            return false;
        }
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
