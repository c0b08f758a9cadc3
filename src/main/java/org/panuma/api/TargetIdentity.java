package org.panuma.api;

import java.lang.ref.Cleaner;
import java.util.Optional;
import org.panuma.os.ProcFs;
import org.panuma.os.ProcessIdentity;
import org.panuma.spi.NoSuchProcessException;
import org.panuma.spi.PidFd;

/**
 * The target of a long operation, pinned twice: by its /proc/PID/stat start time
 * ({@link ProcessIdentity}) and, where the kernel has pidfds (5.3+), by a pidfd opened before the
 * stat is read. The start time counts clock ticks, so a newcomer that took the pid within the
 * target's tick looks the same; the pidfd names the process itself, and once that process is
 * reaped no newcomer passes for it. Without a pidfd (an older kernel, a seccomp filter, the sim
 * backend) the start time alone decides. The pidfd is closed when this is no longer reachable.
 */
final class TargetIdentity {
    private static final Cleaner CLEANER = Cleaner.create();

    private final ProcessIdentity stat;
    private final PidFd pidfd;

    private TargetIdentity(ProcessIdentity stat, PidFd pidfd) {
        this.stat = stat;
        this.pidfd = pidfd;
        if (pidfd != null) {
            CLEANER.register(this, pidfd::close);
        }
    }

    /**
     * @param pidfd opened for {@code pid} before this reads its stat (or empty)
     * @throws NoSuchProcessException as {@link ProcessIdentity#pin} does; the pidfd is closed then
     */
    static TargetIdentity pin(ProcFs proc, int pid, Optional<PidFd> pidfd) {
        try {
            return new TargetIdentity(ProcessIdentity.pin(proc, pid), pidfd.orElse(null));
        } catch (RuntimeException e) {
            pidfd.ifPresent(PidFd::close);
            throw e;
        }
    }

    boolean hasPidfd() {
        return pidfd != null;
    }

    /** False once the target is reaped (its pidfd says so), has exited, or its pid names another process. */
    boolean alive() {
        return (pidfd == null || !pidfd.reaped()) && stat.alive();
    }

    /** @throws NoSuchProcessException naming the pid when {@link #alive()} is false */
    void check() {
        if (!alive()) {
            throw new NoSuchProcessException("process " + stat.pid() + " has exited (or its pid now names another"
                    + " process)");
        }
    }
}
