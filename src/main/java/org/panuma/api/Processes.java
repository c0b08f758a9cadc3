package org.panuma.api;

import org.panuma.os.ProcFs;
import org.panuma.os.ProcessFinder;
import org.panuma.spi.AmbiguousProcessException;
import org.panuma.spi.NoSuchProcessException;
import org.panuma.spi.ProcessInfo;

/**
 * The processes of this host as a user names them: by pid, or by a pattern found in exactly one
 * command line (as pgrep -f, leaving out panuma itself and its own pipeline), and whose they are.
 *
 * <pre>{@code
 * ProcessInfo redis = Processes.find("redis-server");
 * ProcessMemory mem = ProcessMemory.of(Numa.open(), redis.pid());
 * }</pre>
 */
public final class Processes {
    private Processes() {
    }

    /**
     * The process a pid or a pattern names.
     *
     * @throws NoSuchProcessException     when there is none
     * @throws AmbiguousProcessException  when the pattern names several (it lists them)
     * @throws IllegalArgumentException   when the text is neither a pid nor a pattern
     */
    public static ProcessInfo find(String pidOrPattern) {
        return ProcessFinder.system().find(pidOrPattern);
    }

    /**
     * The process with this pid.
     *
     * @throws NoSuchProcessException when there is none
     */
    public static ProcessInfo info(int pid) {
        return ProcessFinder.system().info(pid);
    }

    /**
     * Whether the process runs as the caller's real uid (its /proc files then are the caller's to
     * read unless it made itself undumpable).
     *
     * @throws NoSuchProcessException when there is none
     * @throws RuntimeException        when its /proc/PID/status cannot be read
     */
    public static boolean ownedByCaller(int pid) {
        ProcFs proc = ProcFs.system();
        return proc.status(pid).realUid() == proc.selfStatus().realUid();
    }

    /** Whether the process's known owner is the caller's real uid (false when its owner is unknown or unreadable). */
    public static boolean ownedByCaller(ProcessInfo p) {
        try {
            return p.uid() != ProcessInfo.UNKNOWN_UID && p.uid() == ProcFs.system().selfStatus().realUid();
        } catch (RuntimeException unreadable) {
            return false;
        }
    }
}
