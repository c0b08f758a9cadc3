package org.panuma.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.panuma.spi.IdListParser;
import org.panuma.spi.NodeSet;

/**
 * Two lines of the calling thread's /proc/thread-self/status that answer, without a system call,
 * what the native backends would otherwise ask the kernel at start: {@code Seccomp} (0: no
 * seccomp filter on this thread, so nothing can refuse a system call with EPERM) and
 * {@code Mems_allowed_list} (the nodes get_mempolicy with MPOL_F_MEMS_ALLOWED returns: both are
 * the task's cpuset mems_allowed, kernel/cgroup/cpuset.c and mm/mempolicy.c). Why: the first
 * system call through FFM links a downcall, the largest piece of `panuma nodes`' start-up
 * (BENCHMARKS.md, item 5). A line the kernel does not print (no CONFIG_SECCOMP, no
 * CONFIG_CPUSETS) is unknown, and the caller asks the kernel instead.
 *
 * @param seccomp     the Seccomp mode (0 none, 1 strict, 2 filter), or -1 when not printed
 * @param memsAllowed the Mems_allowed_list nodes, or null when not printed
 */
public record ThreadStatus(int seccomp, NodeSet memsAllowed) {
    static final Path CURRENT = Path.of("/proc/thread-self/status");
    /** Nothing known: what a thread whose status cannot be read gets. */
    static final ThreadStatus UNKNOWN = new ThreadStatus(-1, null);

    /** True when the kernel says no seccomp filter or strict mode applies to this thread. */
    public boolean noSeccomp() {
        return seccomp == 0;
    }

    /** The calling thread's status, or {@link #UNKNOWN} when it cannot be read. */
    public static ThreadStatus current() {
        try {
            return parse(Files.readString(CURRENT, StandardCharsets.US_ASCII));
        } catch (IOException | IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /**
     * The two lines of a status text ("Key:\tvalue" lines). Pure function.
     *
     * @throws IllegalArgumentException naming the line when a value is not a number or node list
     */
    public static ThreadStatus parse(String text) {
        int seccomp = -1;
        NodeSet mems = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("Seccomp:")) {
                String value = line.substring("Seccomp:".length()).strip();
                try {
                    seccomp = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + line + "' should hold a number", e);
                }
            } else if (line.startsWith("Mems_allowed_list:")) {
                mems = NodeSet.fromBits(IdListParser.parse(line.substring("Mems_allowed_list:".length()).strip()));
            }
        }
        return new ThreadStatus(seccomp, mems);
    }
}
