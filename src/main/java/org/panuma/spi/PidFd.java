package org.panuma.spi;

/**
 * A pidfd (pidfd_open(2), Linux 5.3): a descriptor bound to one process, not to its number. A pid
 * is reused once its process is reaped; a pidfd keeps naming the process it was opened for, so it
 * tells a target that is gone from a newcomer with the same pid even when both started within the
 * same clock tick (where /proc/PID/stat's start time cannot).
 */
public interface PidFd extends AutoCloseable {

    /**
     * True once the process has been reaped (pidfd_send_signal with signal 0 answers ESRCH): its
     * pid is free for, or already taken by, another process. A zombie is not reaped yet.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    boolean reaped();

    /** Closes the descriptor; idempotent. */
    @Override
    void close();
}
