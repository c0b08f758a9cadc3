package org.panuma.backend.sim;

import org.panuma.spi.Printable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.panuma.engine.KernelProfile;
import org.panuma.engine.World;
import org.panuma.engine.migrate.MovePagesArgs;
import org.panuma.engine.migrate.SyscallResult;
import org.panuma.engine.model.Mm;
import org.panuma.engine.model.Pte;
import org.panuma.engine.model.Task;
import org.panuma.engine.model.Vma;
import org.panuma.engine.policy.MempolicyCalls;
import org.panuma.spi.CpuAndNode;
import org.panuma.spi.CpuSet;
import org.panuma.spi.Errno;
import org.panuma.spi.Mempolicy;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.memory.MappedMemory;
import org.panuma.spi.SyscallException;
import org.panuma.spi.Topology;

/**
 * {@link NumaSyscalls} answered by the engine: one simulated process (pid {@value #PID}, uid 1000)
 * on a simulated machine ({@link SimTopology}) under a kernel profile (system property
 * {@value #PROFILE_PROPERTY}, default v6.1).
 *
 * <p>Memory: {@link #mmap(long)} returns addresses in the simulated process, backed by a direct
 * {@link ByteBuffer} per mapping. <b>Touching:</b> a page becomes present (faulted in, on the node
 * its policy or the calling CPU's node gives) when {@link #buffer(long, int)} hands out memory that
 * covers it — the caller asked for the memory to use it. get_mempolicy(MPOL_F_NODE |
 * MPOL_F_ADDR) read-faults it as the kernel's lookup_node does: untouched private anonymous memory
 * gets the shared zero page (and its node), which a later write replaces. Until then move_pages
 * reports it as never touched, as the profile does (-EFAULT on v6.1, -ENOENT on v6.12). The memory
 * policy calls are the engine's model of mm/mempolicy.c ({@code engine.policy.MempolicyCalls}). Data lives in the buffers;
 * migration changes the node, not the bytes, as on a real machine.
 */
public final class SimBackend implements NumaSyscalls, MappedMemory {
    public static final String PROFILE_PROPERTY = "panuma.sim.profile";
    public static final int PID = 4242;
    private static final long MMAP_BASE = 0x7f0000000000L;

    private final World world;
    private final Task task;
    private final SimTopology shape;
    private final TreeMap<Long, Region> regions = new TreeMap<>();
    private final Map<ByteBuffer, Long> handedOut = new IdentityHashMap<>();
    private long nextAddress = MMAP_BASE;
    private CpuSet affinity;

    private record Region(long start, long length, ByteBuffer memory) {
    }

    public SimBackend(SimTopology shape, KernelProfile profile) {
        this(shape, profile, Task.Credentials.user(1000));
    }

    /** A simulated process with the given credentials (root: CAP_SYS_NICE, as a guest test runs). */
    public SimBackend(SimTopology shape, KernelProfile profile, Task.Credentials credentials) {
        this.shape = shape;
        long pages = shape.bytesPerNode() / SimTopology.PAGE * shape.nodes();
        this.world = new World(profile, shape.toNodes(), 0, org.panuma.engine.model.Disturbances.Rates.NONE,
                (int) Math.min(1 << 16, pages));
        this.task = world.process(PID, credentials, world.machine().nodes().withMemorySet(), 0);
        int[] cpus = new int[shape.cpuCount()];
        for (int i = 0; i < cpus.length; i++) {
            cpus[i] = i;
        }
        this.affinity = CpuSet.of(cpus);
    }

    public static KernelProfile profileFromSystemProperty() {
        String p = System.getProperty(PROFILE_PROPERTY);
        return p == null || p.isBlank() ? KernelProfile.V6_1 : KernelProfile.byName(p);
    }

    /** The engine behind this backend (for tests and the CLI's explanations). */
    public World world() {
        return world;
    }

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public int pageSize() {
        return (int) Mm.PAGE_SIZE;
    }

    @Override
    public synchronized Topology topology() {
        var nodes = world.machine().nodes();
        List<Topology.Node> list = new ArrayList<>();
        int[] ids = nodes.onlineSet().toArray();
        for (int id : ids) {
            int[] cpus = shape.cpusOf(id);
            int[] dist = new int[ids.length];
            for (int j = 0; j < ids.length; j++) {
                dist[j] = ids[j] == id ? 10 : 20;
            }
            list.add(new Topology.Node(id, CpuSet.of(cpus), nodes.totalPages(id) * SimTopology.PAGE,
                    nodes.freePages(id) * SimTopology.PAGE, dist, ids));
        }
        NodeSet online = nodes.onlineSet();
        return new Topology("simulated " + world.profile().id(), online, online, nodes.withMemorySet(),
                online.minus(shape.memoryOnly()), task.memsAllowed(), list, true);
    }

    @Override
    public synchronized long movePages(int pid, long[] pages, int[] nodes, int[] status, int offset, int count, int flags) {
        long[] p = java.util.Arrays.copyOfRange(pages, offset, offset + count);
        int[] n = nodes == null ? null : java.util.Arrays.copyOfRange(nodes, offset, offset + count);
        int[] s = java.util.Arrays.copyOfRange(status, offset, offset + count);
        int target = pid == PID ? 0 : pid;
        SyscallResult r = world.movePages(PID, new MovePagesArgs(target, count, p, n, s, flags));
        System.arraycopy(s, 0, status, offset, count);
        if (r.failed()) {
            throw SyscallException.of("move_pages", "pid=" + pid + ", count=" + count, r.errno());
        }
        return r.value();
    }

    @Override
    public synchronized long migratePages(int pid, NodeSet from, NodeSet to) {
        SyscallResult r = world.migratePages(PID, pid == PID ? 0 : pid, from, to);
        if (r.failed()) {
            throw SyscallException.of("migrate_pages", "pid=" + pid + ", from=" + from + ", to=" + to, r.errno());
        }
        return r.value();
    }

    @Override
    public synchronized Mempolicy getMempolicy(long address, int flags) {
        MempolicyCalls.Query q = world.getMempolicy(PID, address, flags);
        check(q.failed() ? SyscallResult.of(-q.errno().number()) : SyscallResult.ok(0), "get_mempolicy",
                "addr=0x" + Long.toHexString(address) + ", flags=0x" + Integer.toHexString(flags));
        return new Mempolicy(q.value(), q.nodes());
    }

    @Override
    public synchronized void setMempolicy(int modeWord, NodeSet nodes) {
        check(world.setMempolicy(PID, modeWord, nodes), "set_mempolicy", "mode=" + Mpol.modeName(modeWord) + ", nodes=" + nodes);
    }

    @Override
    public synchronized void mbind(long address, long length, int modeWord, NodeSet nodes, int flags) {
        check(world.mbind(PID, address, length, modeWord, nodes, flags), "mbind", "addr=0x" + Long.toHexString(address)
                + ", len=" + length + ", mode=" + Mpol.modeName(modeWord) + ", nodes=" + nodes + ", flags=0x"
                + Integer.toHexString(flags));
    }

    private void check(SyscallResult r, String call, String args) {
        if (r.failed()) {
            throw SyscallException.of(call, args, r.errno());
        }
    }

    @Override
    public synchronized void setMempolicyHomeNode(long address, long length, int homeNode, int flags) {
        check(world.setMempolicyHomeNode(PID, address, length, homeNode, flags), "set_mempolicy_home_node",
                "addr=0x" + Long.toHexString(address) + ", len=" + length + ", home_node=" + homeNode + ", flags=" + flags);
    }

    @Override
    public synchronized long mmap(long length) {
        if (length <= 0 || length > Integer.MAX_VALUE) {
            throw SyscallException.of("mmap", "length=" + length, Errno.EINVAL);
        }
        long rounded = (length + Mm.PAGE_SIZE - 1) & -Mm.PAGE_SIZE;
        long start = nextAddress;
        nextAddress += rounded + Mm.PAGE_SIZE; // a guard gap between mappings
        world.anon(task, "mmap@" + Long.toHexString(start), start, (int) (rounded >>> Mm.PAGE_SHIFT), 0);
        regions.put(start, new Region(start, rounded, ByteBuffer.allocateDirect((int) rounded)));
        return start;
    }

    @Override
    public synchronized void munmap(long address, long length) {
        Region r = regions.get(address);
        if (r == null) {
            throw SyscallException.of("munmap", "addr=0x" + Long.toHexString(address), Errno.EINVAL);
        }
        // mbind may have split the mapping's VMA: unmap every VMA of the region.
        for (Vma v = task.mm().findVma(r.start()); v != null && v.start() < r.start() + r.length();
             v = task.mm().findVma(r.start())) {
            for (int s = 0; s < v.pages(); s++) {
                int pte = v.pte(s);
                if (Pte.isPresent(pte)) {
                    int pfn = Pte.pfn(pte);
                    v.setPte(s, Pte.NONE);
                    if (pfn != world.machine().zeroPfn()) {
                        world.machine().frames().setMapcount(pfn, world.machine().frames().mapcount(pfn) - 1);
                        world.machine().putPage(pfn);
                    }
                }
            }
            task.mm().removeVma(v);
        }
        regions.remove(address);
        handedOut.values().removeIf(a -> a >= r.start() && a < r.start() + r.length());
    }

    @Override
    public synchronized ByteBuffer buffer(long address, int length) {
        Map.Entry<Long, Region> e = regions.floorEntry(address);
        if (e == null || address + length > e.getValue().start() + e.getValue().length() || length < 0) {
            throw SyscallException.of("buffer", "addr=0x" + Long.toHexString(address) + ", len=" + length, Errno.EFAULT);
        }
        Region r = e.getValue();
        long last = address + Math.max(length, 1) - 1;
        for (long a = address & -Mm.PAGE_SIZE; a <= last; a += Mm.PAGE_SIZE) {
            touch(a);
        }
        ByteBuffer b = r.memory().duplicate();
        b.position((int) (address - r.start())).limit((int) (address - r.start()) + length);
        ByteBuffer slice = b.slice();
        handedOut.put(slice, address);
        return slice;
    }

    @Override
    public synchronized long address(ByteBuffer directBuffer) {
        Long a = handedOut.get(directBuffer);
        if (a == null) {
            throw new IllegalArgumentException("not a buffer of the sim backend's memory (use buffer(address, length))");
        }
        return a;
    }

    /** The write fault: makes the page present on the node its memory policy gives (vma_alloc_folio). */
    private void touch(long address) {
        Vma vma = task.mm().vmaLookup(address);
        int pte = vma.pte(vma.slot(address));
        if (Pte.isPresent(pte) && Pte.pfn(pte) == world.machine().zeroPfn()) {
            // A read fault (get_mempolicy's lookup_node) left the zero page; writing replaces it (do_wp_page).
            vma.setPte(vma.slot(address), Pte.NONE);
        }
        if (Pte.isNone(vma.pte(vma.slot(address))) && world.fault(task, address) < 0) {
            throw SyscallException.of("page fault", "addr=0x" + Long.toHexString(address), Errno.ENOMEM);
        }
    }

    private int currentCpu() {
        return affinity.isEmpty() ? 0 : affinity.first();
    }

    @Override
    public synchronized CpuSet schedGetaffinity(int tid) {
        return affinity;
    }

    @Override
    public synchronized void schedSetaffinity(int tid, CpuSet cpus) {
        if (cpus.isEmpty() || cpus.span() > shape.cpuCount()) {
            throw SyscallException.of("sched_setaffinity", "tid=" + tid + ", cpus=" + cpus, Errno.EINVAL);
        }
        affinity = cpus;
        task.setCpu(cpus.first()); // the task runs on one of its CPUs now
    }

    @Override
    public synchronized CpuAndNode getcpu() {
        int cpu = currentCpu();
        return new CpuAndNode(cpu, world.machine().nodes().nodeOfCpu(cpu));
    }

    /**
     * The simulation has no programs to run: a command started here would run under the real
     * kernel's policy, not the simulated one, so it is refused rather than run unplaced.
     */
    @Override
    public void execve(String path, java.util.List<String> argv, java.util.List<String> env) {
        throw new UnsupportedOperationException("the sim backend simulates memory placement; it cannot run "
                + Printable.quote(path) + " under a policy: use --backend ffm or jna (or auto)");
    }
}
