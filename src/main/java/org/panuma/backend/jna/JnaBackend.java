package org.panuma.backend.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.panuma.backend.HostBackend;
import org.panuma.spi.CpuAndNode;
import org.panuma.spi.CpuSet;
import org.panuma.spi.Errno;
import org.panuma.spi.Mempolicy;
import org.panuma.spi.MovePagesArguments;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeMasks;
import org.panuma.spi.NodeSet;
import org.panuma.spi.ProcessSyscallNumbers;
import org.panuma.spi.SyscallException;
import org.panuma.spi.SyscallNumbers;

/**
 * The spi over JNA (Java 17+). The NUMA calls go through {@link DirectSyscall} (direct mapping);
 * buffers are {@link Memory} blocks written and read in bulk, not {@code Structure}s, reused per
 * thread for move_pages ({@link ScratchMemory}), so a batch of pages costs three array copies.
 */
final class JnaBackend extends HostBackend {
    private final LibC libc;
    private final SyscallNumbers numbers;

    JnaBackend(LibC libc, SyscallNumbers numbers) {
        super("jna", libc.getpagesize());
        this.libc = libc;
        this.numbers = numbers;
    }

    @Override
    public long movePages(int pid, long[] pages, int[] nodes, int[] status, int offset, int count, int flags) {
        MovePagesArguments.check(pages, nodes, status, offset, count);
        ScratchMemory scratch = ScratchMemory.get();
        Memory pagesMem = scratch.pages(8L * count);
        pagesMem.write(0, pages, offset, count);
        Memory nodesMem = null;
        if (nodes != null) {
            nodesMem = scratch.nodes(4L * count);
            nodesMem.write(0, nodes, offset, count);
        }
        Memory statusMem = scratch.status(4L * count);
        // Entries the kernel leaves unwritten keep the caller's pre-fill.
        statusMem.write(0, status, offset, count);
        try {
            return DirectSyscall.syscall(numbers.movePages, pid, count, pagesMem, nodesMem, statusMem, flags);
        } catch (LastErrorException e) {
            throw SyscallException.of("move_pages", "pid=" + pid + ", count=" + count, e.getErrorCode());
        } finally {
            statusMem.read(0, status, offset, count);
            scratch.trim();
        }
    }

    @Override
    public long migratePages(int pid, NodeSet from, NodeSet to) {
        try {
            return DirectSyscall.syscall(numbers.migratePages, pid, NodeMasks.MAXNODE, mask(from), mask(to));
        } catch (LastErrorException e) {
            throw SyscallException.of("migrate_pages", "pid=" + pid + ", from=" + from + ", to=" + to,
                    e.getErrorCode());
        }
    }

    @Override
    public Mempolicy getMempolicy(long address, int flags) {
        Memory mode = new Memory(4);
        Memory mask = new Memory(8L * NodeMasks.WORDS);
        mask.clear();
        try {
            DirectSyscall.syscall(numbers.getMempolicy, mode, mask, NodeMasks.MAXNODE, address, flags);
        } catch (LastErrorException e) {
            throw SyscallException.of("get_mempolicy", "addr=0x" + Long.toHexString(address) + ", flags=" + flags,
                    e.getErrorCode());
        }
        return new Mempolicy(mode.getInt(0), NodeSet.fromMask(mask.getLongArray(0, NodeMasks.WORDS)));
    }

    @Override
    public void setMempolicy(int modeWord, NodeSet nodes) {
        try {
            DirectSyscall.syscall(numbers.setMempolicy, modeWord, nodes.isEmpty() ? null : mask(nodes),
                    nodes.isEmpty() ? 0L : NodeMasks.MAXNODE);
        } catch (LastErrorException e) {
            throw SyscallException.of("set_mempolicy", "mode=" + Mpol.modeName(modeWord) + ", nodes=" + nodes,
                    e.getErrorCode());
        }
    }

    @Override
    public void mbind(long address, long length, int modeWord, NodeSet nodes, int flags) {
        try {
            DirectSyscall.syscall(numbers.mbind, address, length, modeWord, nodes.isEmpty() ? null : mask(nodes),
                    nodes.isEmpty() ? 0L : NodeMasks.MAXNODE, flags);
        } catch (LastErrorException e) {
            throw SyscallException.of("mbind", "addr=0x" + Long.toHexString(address) + ", len=" + length
                    + ", mode=" + Mpol.modeName(modeWord) + ", nodes=" + nodes + ", flags=" + flags, e.getErrorCode());
        }
    }

    @Override
    public void setMempolicyHomeNode(long address, long length, int homeNode, int flags) {
        try {
            DirectSyscall.syscall(numbers.setMempolicyHomeNode, address, length, (long) homeNode, (long) flags);
        } catch (LastErrorException e) {
            throw SyscallException.of("set_mempolicy_home_node", "addr=0x" + Long.toHexString(address) + ", len="
                    + length + ", home_node=" + homeNode + ", flags=" + flags, e.getErrorCode());
        }
    }

    @Override
    protected long mapAnonymous(long length) {
        try {
            Pointer p = libc.mmap(null, length, MmapConstants.PROT_READ | MmapConstants.PROT_WRITE,
                    MmapConstants.MAP_PRIVATE | MmapConstants.MAP_ANONYMOUS | MmapConstants.MAP_NORESERVE, -1, 0);
            return Pointer.nativeValue(p);
        } catch (LastErrorException e) {
            throw SyscallException.of("mmap", "length=" + length, e.getErrorCode());
        }
    }

    @Override
    protected void unmap(long address, long length) {
        try {
            libc.munmap(new Pointer(address), length);
        } catch (LastErrorException e) {
            throw SyscallException.of("munmap", "addr=0x" + Long.toHexString(address) + ", length=" + length,
                    e.getErrorCode());
        }
    }

    /**
     * Plain direct buffers: Java 17's JDK has no way to invalidate one, so a buffer used after its
     * mapping was unmapped touches unmapped memory (the README's "What stays unchecked").
     */
    @Override
    protected Views views(long start, long length) {
        return new Views() {
            @Override
            public ByteBuffer view(long address, int bytes) {
                return new Pointer(address).getByteBuffer(0, bytes);
            }

            @Override
            public void invalidate() {
                // Nothing to do: see above.
            }
        };
    }

    @Override
    public long address(ByteBuffer directBuffer) {
        if (!directBuffer.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer: " + directBuffer);
        }
        return Pointer.nativeValue(Native.getDirectBufferPointer(directBuffer));
    }

    @Override
    public CpuSet schedGetaffinity(int tid) {
        Memory set = new Memory(NodeMasks.CPU_SET_BYTES);
        set.clear();
        try {
            libc.sched_getaffinity(tid, NodeMasks.CPU_SET_BYTES, set);
        } catch (LastErrorException e) {
            throw SyscallException.of("sched_getaffinity", "tid=" + tid, e.getErrorCode());
        }
        return CpuSet.fromMask(set.getLongArray(0, NodeMasks.CPU_SET_BYTES / 8));
    }

    @Override
    public void schedSetaffinity(int tid, CpuSet cpus) {
        Memory set = new Memory(NodeMasks.CPU_SET_BYTES);
        long[] words = cpus.toMask(NodeMasks.CPU_SET_BYTES / 8);
        set.write(0, words, 0, words.length);
        try {
            libc.sched_setaffinity(tid, NodeMasks.CPU_SET_BYTES, set);
        } catch (LastErrorException e) {
            throw SyscallException.of("sched_setaffinity", "tid=" + tid + ", cpus=" + cpus, e.getErrorCode());
        }
    }

    @Override
    public CpuAndNode getcpu() {
        Memory cpu = new Memory(4);
        Memory node = new Memory(4);
        try {
            libc.getcpu(cpu, node);
        } catch (LastErrorException e) {
            throw SyscallException.of("getcpu", "", e.getErrorCode());
        }
        return new CpuAndNode(cpu.getInt(0), node.getInt(0));
    }

    @Override
    public void execve(String path, List<String> argv, List<String> env) {
        ProcessSyscallNumbers nr = ProcessSyscallNumbers.forCurrentArch();
        if (nr == null) {
            throw SyscallException.of("execve", "path=" + path, Errno.ENOSYS);
        }
        Memory file = new Memory(path.getBytes(StandardCharsets.UTF_8).length + 1L);
        file.setString(0, path, StandardCharsets.UTF_8.name());
        // JNA's StringArray ends the native array with the NULL execve needs.
        StringArray argvArray = new StringArray(argv.toArray(new String[0]), StandardCharsets.UTF_8.name());
        StringArray envArray = new StringArray(env.toArray(new String[0]), StandardCharsets.UTF_8.name());
        Memory emptySet = new Memory(ProcessSyscallNumbers.KERNEL_SIGSET_BYTES);
        emptySet.clear();
        // Best effort, as a shell would start the program (close_range is missing before Linux 5.11).
        try {
            DirectSyscall.syscall(nr.closeRange, 3L, 0xffffffffL, ProcessSyscallNumbers.CLOSE_RANGE_CLOEXEC);
        } catch (LastErrorException e) {
            // the program inherits the descriptors: harmless
        }
        try {
            DirectSyscall.syscall(nr.rtSigprocmask, ProcessSyscallNumbers.SIG_SETMASK, emptySet, null,
                    ProcessSyscallNumbers.KERNEL_SIGSET_BYTES);
        } catch (LastErrorException e) {
            // the program inherits the mask: as when started from this thread by fork
        }
        try {
            DirectSyscall.syscall(nr.execve, file, argvArray, envArray);
        } catch (LastErrorException e) {
            throw SyscallException.of("execve", "path=" + path, e.getErrorCode());
        }
        throw SyscallException.of("execve", "path=" + path, Errno.EINVAL);
    }

    private static Memory mask(NodeSet nodes) {
        long[] words = NodeMasks.toKernel(nodes);
        Memory m = new Memory(8L * words.length);
        m.write(0, words, 0, words.length);
        return m;
    }

    @Override
    protected long syscall4(long nr, long a, long b, long c, long d) {
        try {
            // The set_mempolicy_home_node shape: four longs, as the kernel reads its registers.
            return DirectSyscall.syscall(nr, a, b, c, d);
        } catch (LastErrorException e) {
            return -e.getErrorCode();
        }
    }
}
