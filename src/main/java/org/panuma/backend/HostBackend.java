package org.panuma.backend;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.panuma.os.SysfsTopologyReader;
import org.panuma.os.ThreadStatus;
import org.panuma.spi.Availability;
import org.panuma.spi.Errno;
import org.panuma.spi.KernelProbe;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.PidFd;
import org.panuma.spi.ProcessSyscallNumbers;
import org.panuma.spi.Topology;
import org.panuma.spi.memory.MappedMemory;

/**
 * What the two native backends (FFM, JNA) share: they answer for the running kernel, so the
 * topology is this host's sysfs plus the caller's allowed nodes (its cpuset's mems); and the
 * mappings they made, so that a buffer is only ever a view of one of them and only they are
 * unmapped (see {@link MappedMemory}).
 */
public abstract class HostBackend implements NumaSyscalls, MappedMemory {
    private final String name;
    private final int pageSize;
    /** Live mappings by start address. */
    private final ConcurrentSkipListMap<Long, Mapping> mappings = new ConcurrentSkipListMap<>();

    /** One mapping this backend made and its views' lifetime. */
    private record Mapping(long start, long length, Views views) {
        boolean holds(long address, int bytes) {
            // Written so that no sum can overflow: address - start is the offset into the mapping.
            return address >= start && address - start <= length && bytes <= length - (address - start);
        }
    }

    /** The buffers over one mapping: views of it, invalidated (where the JDK can) before it is unmapped. */
    protected interface Views {
        ByteBuffer view(long address, int length);

        /**
         * Makes every view unusable; from here on using one throws instead of touching memory.
         *
         * @throws IllegalStateException when a view is in use in a way that cannot be interrupted
         *                               (an I/O operation holds it): the mapping then stays
         */
        void invalidate();
    }

    protected HostBackend(String name, int pageSize) {
        this.name = name;
        this.pageSize = pageSize;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean simulated() {
        return false;
    }

    @Override
    public final int pageSize() {
        return pageSize;
    }

    /**
     * This host's sysfs and the calling thread's allowed nodes: from /proc/thread-self/status
     * (the same cpuset mems get_mempolicy with MPOL_F_MEMS_ALLOWED returns), else from that call.
     * Why not the call: it would be the only system call of `panuma nodes`, and through FFM the
     * first call links a downcall (BENCHMARKS.md, item 5).
     */
    @Override
    public final Topology topology() {
        NodeSet mems = ThreadStatus.current().memsAllowed();
        return SysfsTopologyReader.readHost(mems != null ? mems : getMempolicy(0, Mpol.MPOL_F_MEMS_ALLOWED).nodes());
    }

    /**
     * Whether this backend's system calls get through here. Known without a call when the kernel
     * says this thread has no seccomp filter (nothing can then refuse them with EPERM) and the
     * kernel has NUMA (its sysfs node directory exists only with CONFIG_NUMA, as do the calls);
     * otherwise {@link KernelProbe}'s one harmless call asks, so a filter that blocks the NUMA
     * calls still shows as "EPERM (seccomp?)". Why not always ask: through FFM the first call
     * links a downcall, a tenth of a second of CPU at every start of a command that may make no
     * system call at all (`panuma nodes`; BENCHMARKS.md, item 5).
     */
    public final Availability probe() {
        if (ThreadStatus.current().noSeccomp() && Files.isDirectory(SysfsTopologyReader.NODE_DIR)) {
            return Availability.ok();
        }
        return KernelProbe.probe(this);
    }

    @Override
    public final long mmap(long length) {
        if (length <= 0) {
            throw new IllegalArgumentException("mmap length must be positive, got " + length);
        }
        long start = mapAnonymous(length);
        mappings.put(start, new Mapping(start, length, views(start, length)));
        return start;
    }

    @Override
    public final void munmap(long address, long length) {
        Mapping m = mappings.get(address);
        if (m == null || m.length() != length || !mappings.remove(address, m)) {
            throw new IllegalArgumentException("munmap(addr=0x" + Long.toHexString(address) + ", length=" + length
                    + "): not a whole mapping this backend made (or it was unmapped already)");
        }
        try {
            m.views().invalidate();
        } catch (IllegalStateException e) {
            mappings.put(address, m);
            throw e;
        }
        unmap(address, length);
    }

    @Override
    public final ByteBuffer buffer(long address, int length) {
        Map.Entry<Long, Mapping> e = mappings.floorEntry(address);
        if (length < 0 || e == null || !e.getValue().holds(address, length)) {
            throw new IllegalArgumentException("buffer(addr=0x" + Long.toHexString(address) + ", length=" + length
                    + "): not inside a live mapping this backend made");
        }
        return e.getValue().views().view(address, length);
    }

    /** mmap(2): a fresh anonymous private read-write mapping. */
    protected abstract long mapAnonymous(long length);

    /** munmap(2) of a whole mapping, once its views are invalidated. */
    protected abstract void unmap(long address, long length);

    /** The views of a new mapping. */
    protected abstract Views views(long start, long length);

    @Override
    public final Optional<PidFd> pidfd(int pid) {
        ProcessSyscallNumbers nr = ProcessSyscallNumbers.forCurrentArch();
        if (nr == null || pid <= 0) {
            return Optional.empty();
        }
        long fd = syscall4(nr.pidfdOpen, pid, 0, 0, 0);
        // ENOSYS before 5.3, EPERM under a seccomp filter, ESRCH for no such pid: the caller
        // falls back to (or fails on) /proc/PID/stat.
        return fd < 0 ? Optional.empty() : Optional.of(new KernelPidFd(nr, fd));
    }

    /**
     * A system call of up to four integer arguments through libc's {@code syscall()}: its
     * result, or minus errno when it failed.
     */
    protected abstract long syscall4(long nr, long a, long b, long c, long d);

    /** A pidfd this backend opened. */
    private final class KernelPidFd implements PidFd {
        private final ProcessSyscallNumbers nr;
        private final long fd;
        private boolean closed;

        KernelPidFd(ProcessSyscallNumbers nr, long fd) {
            this.nr = nr;
            this.fd = fd;
        }

        @Override
        public synchronized boolean reaped() {
            if (closed) {
                throw new IllegalStateException("pidfd " + fd + " is closed");
            }
            // Signal 0 sends nothing; EPERM (not allowed to signal it) still means it exists.
            return syscall4(nr.pidfdSendSignal, fd, 0, 0, 0) == -Errno.ESRCH.number();
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                syscall4(nr.close, fd, 0, 0, 0);
            }
        }

        @Override
        public String toString() {
            return "pidfd " + fd + (closed ? " (closed)" : "");
        }
    }
}
