package org.panuma.spi;

import java.nio.ByteBuffer;

/**
 * The system-call surface panuma is built on: C-shaped, Java-typed. One instance per backend
 * (FFM, JNA, sim); instances are thread-safe. No other package touches native memory.
 *
 * <p>Whole-call failures throw {@link SyscallException}; per-page outcomes are data.
 * Node masks are passed with room for the kernel's largest MAX_NUMNODES.
 *
 * <p>Nothing here reads or writes memory at an address the caller names: the calls change where
 * pages are placed, never what they hold, and the kernel checks every range. Mapping memory and
 * viewing it as a buffer is {@link org.panuma.spi.memory.MappedMemory}, which is not exported.
 */
public interface NumaSyscalls {

    /** "ffm", "jna" or "sim". */
    String name();

    /** True when an engine, not a kernel, answers. */
    boolean simulated();

    /** The base page size in bytes. */
    int pageSize();

    /** The topology this backend sees. */
    Topology topology();

    /**
     * move_pages(2) over {@code count} entries starting at {@code offset} of each array.
     *
     * <p>{@code nodes == null} queries: each status becomes the page's node or a negative errno.
     * Otherwise each page is moved to {@code nodes[i]}. Status entries the kernel does not write
     * (a call cut short) keep what the caller put there: pre-fill them.
     *
     * @param pid   the target process, 0 for the caller
     * @param flags 0, {@link Mpol#MPOL_MF_MOVE} or {@link Mpol#MPOL_MF_MOVE_ALL}
     * @return 0, or the positive number of pages the kernel did not migrate
     * @throws SyscallException when the call returns -1
     */
    long movePages(int pid, long[] pages, int[] nodes, int[] status, int offset, int count, int flags);

    /**
     * migrate_pages(2): move the pages of {@code pid} on {@code from} to {@code to}.
     *
     * @return the number of pages that could not be moved
     */
    long migratePages(int pid, NodeSet from, NodeSet to);

    /** get_mempolicy(2) with the given MPOL_F_* flags; {@code address} is used with MPOL_F_ADDR. */
    Mempolicy getMempolicy(long address, int flags);

    /** set_mempolicy(2) for the calling thread; {@code modeWord} may carry optional mode flags. */
    void setMempolicy(int modeWord, NodeSet nodes);

    /** mbind(2) on {@code [address, address + length)}; {@code flags} are MPOL_MF_*. */
    void mbind(long address, long length, int modeWord, NodeSet nodes, int flags);

    /**
     * set_mempolicy_home_node(2) (Linux 5.17) on {@code [address, address + length)}: the node
     * MPOL_BIND and MPOL_PREFERRED_MANY ranges allocate from first (then the nodes of their mask
     * nearest to it). Ranges without a policy of their own are left alone.
     *
     * @param flags must be 0 (the kernel reserves it)
     * @throws SyscallException EINVAL (unaligned address, flags, offline node), EOPNOTSUPP (a range
     *                          with another policy), ENOSYS (a kernel before 5.17)
     */
    void setMempolicyHomeNode(long address, long length, int homeNode, int flags);

    /** The address of a direct buffer's first byte. */
    long address(ByteBuffer directBuffer);

    /**
     * A pidfd for the process that has {@code pid} now (pidfd_open(2), Linux 5.3), or empty where
     * there is none: a kernel before 5.3 (ENOSYS), a seccomp filter that refuses it, a backend
     * without processes (sim), or a pid that has no process (the caller's /proc read says so).
     */
    default java.util.Optional<PidFd> pidfd(int pid) {
        return java.util.Optional.empty();
    }

    /** sched_getaffinity(2); {@code tid} 0 is the calling thread. */
    CpuSet schedGetaffinity(int tid);

    /** sched_setaffinity(2); {@code tid} 0 is the calling thread. */
    void schedSetaffinity(int tid, CpuSet cpus);

    /** getcpu(2) for the calling thread. */
    CpuAndNode getcpu();

    /**
     * execve(2): replaces this process's program with {@code path}, as numactl does after setting
     * a policy. The process keeps its pid, its standard streams and the calling thread's memory
     * policy and CPU affinity; every other thread ends. Before the call the calling thread's
     * signal mask is emptied (a JVM thread blocks some signals the new program must see) and
     * descriptors above 2 are marked close-on-exec (close_range, Linux 5.11+; older kernels keep
     * them), so the program starts as a shell would start it.
     *
     * @param argv the program's arguments, {@code argv[0]} first
     * @param env  its environment, {@code NAME=value} each
     * @throws SyscallException always: on success the call does not return
     */
    void execve(String path, java.util.List<String> argv, java.util.List<String> env);
}
