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

    /**
     * The part of {@link #alive()} a move asks before every batch that calls the kernel: false
     * once the pid may name another process. With a pidfd that is one signal-0 call and no /proc
     * read: while the target is not reaped its pid cannot be taken. A target that exited but is
     * not reaped yet (a zombie, or one still exiting) passes: the kernel answers a call for it with
     * EINVAL once its memory is gone (until then the call moves its pages as a live process's),
     * and the move then asks {@link #alive()}. Without a pidfd, {@link #alive()} itself.
     */
    boolean pidStillNamesTarget() {
        return pidfd != null ? !pidfd.reaped() : stat.alive();
    }

    /**
     * A move's question before each batch: is the pid still the target's? A batch that calls the
     * kernel asks only {@link #pidStillNamesTarget()}, since the kernel answers a call for an
     * exited target itself; a batch that makes no call (its pages are all on the target already)
     * and a call the kernel answered EINVAL ask {@link #alive()}.
     */
    BatchStep.Guard moveGuard() {
        return new BatchStep.Guard() {
            @Override
            public boolean targetGone() {
                return !alive();
            }

            @Override
            public boolean pidLost() {
                return !pidStillNamesTarget();
            }
        };
    }

    /** @throws NoSuchProcessException naming the pid when {@link #alive()} is false */
    void check() {
        if (!alive()) {
            throw new NoSuchProcessException("process " + stat.pid() + " has exited (or its pid now names another"
                    + " process)");
        }
    }
}
