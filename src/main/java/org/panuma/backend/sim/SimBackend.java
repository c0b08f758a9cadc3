package org.panuma.backend.sim;

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
import org.panuma.spi.CpuAndNode;
import org.panuma.spi.CpuSet;
import org.panuma.spi.Errno;
import org.panuma.spi.Mempolicy;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;
import org.panuma.spi.NumaSyscalls;
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
 * covers it — the caller asked for the memory to use it — or when get_mempolicy(MPOL_F_NODE |
 * MPOL_F_ADDR) asks for its node (the kernel faults it in too). Until then move_pages reports it as
 * never touched, as the profile does (-EFAULT on v6.1, -ENOENT on v6.12). Data lives in the buffers;
 * migration changes the node, not the bytes, as on a real machine.
 */
public final class SimBackend implements NumaSyscalls {
    public static final String PROFILE_PROPERTY = "panuma.sim.profile";
    public static final int PID = 4242;
    private static final long MMAP_BASE = 0x7f0000000000L;

    private final World world;
    private final Task task;
    private final SimTopology shape;
    private final TreeMap<Long, Region> regions = new TreeMap<>();
    private final Map<ByteBuffer, Long> handedOut = new IdentityHashMap<>();
    private long nextAddress = MMAP_BASE;
    private int policyMode = Mpol.MPOL_DEFAULT;
    private NodeSet policyNodes = NodeSet.empty();
    private CpuSet affinity;

    private record Region(long start, long length, Vma vma, ByteBuffer memory) {
    }

    public SimBackend(SimTopology shape, KernelProfile profile) {
        this.shape = shape;
        long pages = shape.bytesPerNode() / SimTopology.PAGE * shape.nodes();
        this.world = new World(profile, shape.toNodes(), 0, org.panuma.engine.model.Disturbances.Rates.NONE,
                (int) Math.min(1 << 16, pages));
        this.task = world.process(PID, Task.Credentials.user(1000), world.machine().nodes().withMemorySet(), 0);
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
        if ((flags & Mpol.MPOL_F_MEMS_ALLOWED) != 0) {
            return new Mempolicy(Mpol.MPOL_DEFAULT, task.memsAllowed());
        }
        if ((flags & Mpol.MPOL_F_ADDR) != 0) {
            Vma vma = task.mm().vmaLookup(address);
            if (vma == null) {
                throw SyscallException.of("get_mempolicy", "addr=0x" + Long.toHexString(address), Errno.EFAULT);
            }
            if ((flags & Mpol.MPOL_F_NODE) != 0) {
                touch(vma, vma.slot(address));
                return new Mempolicy(world.nodeOf(task, address), NodeSet.empty());
            }
            return new Mempolicy(vma.policyMode(), vma.policyNodes());
        }
        return new Mempolicy(policyMode, policyNodes);
    }

    /**
     * The highest MPOL_* mode the simulated kernel knows: MPOL_WEIGHTED_INTERLEAVE from 6.9 (the
     * v6.12 profile on), MPOL_PREFERRED_MANY from 5.15 (v6.1), MPOL_INTERLEAVE on the seeds. Higher
     * modes get EINVAL, as mpol_new's "mode >= MPOL_MAX" check gives them.
     */
    private int maxMode() {
        if (world.profile().isSeed()) {
            return Mpol.MPOL_INTERLEAVE;
        }
        return world.profile().compareTo(KernelProfile.V6_12) >= 0 ? Mpol.MPOL_WEIGHTED_INTERLEAVE
                : Mpol.MPOL_PREFERRED_MANY;
    }

    @Override
    public synchronized void setMempolicy(int modeWord, NodeSet nodes) {
        int mode = modeWord & ~Mpol.MPOL_MODE_FLAGS;
        if (mode > maxMode() || mode != Mpol.MPOL_DEFAULT && mode != Mpol.MPOL_LOCAL && nodes.isEmpty()
                || !nodes.minus(world.machine().nodes().withMemorySet()).isEmpty()) {
            throw SyscallException.of("set_mempolicy", "mode=" + Mpol.modeName(modeWord) + ", nodes=" + nodes, Errno.EINVAL);
        }
        policyMode = mode;
        policyNodes = nodes;
    }

    @Override
    public synchronized void mbind(long address, long length, int modeWord, NodeSet nodes, int flags) {
        String args = "addr=0x" + Long.toHexString(address) + ", len=" + length;
        if ((flags & ~(Mpol.MPOL_MF_STRICT | Mpol.MPOL_MF_MOVE | Mpol.MPOL_MF_MOVE_ALL)) != 0
                || (address & (Mm.PAGE_SIZE - 1)) != 0 || length < 0) {
            throw SyscallException.of("mbind", args, Errno.EINVAL);
        }
        int requestedMode = modeWord & ~Mpol.MPOL_MODE_FLAGS;
        if (requestedMode > maxMode()) {
            throw SyscallException.of("mbind", args + ", mode=" + Mpol.modeName(modeWord), Errno.EINVAL);
        }
        if ((flags & Mpol.MPOL_MF_MOVE_ALL) != 0 && !task.cred().capSysNice()) {
            throw SyscallException.of("mbind", args, Errno.EPERM);
        }
        long end = address + ((length + Mm.PAGE_SIZE - 1) & -Mm.PAGE_SIZE);
        List<Vma> vmas = new ArrayList<>();
        for (long a = address; a < end; ) {
            Vma v = task.mm().vmaLookup(a);
            if (v == null) {
                throw SyscallException.of("mbind", args, Errno.EFAULT);
            }
            vmas.add(v);
            a = v.end();
        }
        int mode = modeWord & ~Mpol.MPOL_MODE_FLAGS;
        vmas.forEach(v -> v.setPolicy(mode, nodes));
        vmas.forEach(homeNodes::remove);   // a new policy has no home node (NUMA_NO_NODE)
        boolean move = (flags & (Mpol.MPOL_MF_MOVE | Mpol.MPOL_MF_MOVE_ALL)) != 0;
        if (nodes.isEmpty() || mode == Mpol.MPOL_DEFAULT || mode == Mpol.MPOL_LOCAL) {
            return;
        }
        int[] allowed = nodes.toArray();
        List<Long> misplaced = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        for (long a = address; a < end; a += Mm.PAGE_SIZE) {
            int node = world.nodeOf(task, a);
            if (node >= 0 && !nodes.contains(node)) {
                misplaced.add(a);
                targets.add(mode == Mpol.MPOL_INTERLEAVE ? allowed[(int) ((a >>> Mm.PAGE_SHIFT) % allowed.length)] : allowed[0]);
            }
        }
        long failed = misplaced.size();
        if (move && !misplaced.isEmpty()) {
            long[] p = misplaced.stream().mapToLong(Long::longValue).toArray();
            int[] n = targets.stream().mapToInt(Integer::intValue).toArray();
            int[] s = new int[p.length];
            SyscallResult r = world.movePages(PID, new MovePagesArgs(0, p.length, p, n, s, flags & ~Mpol.MPOL_MF_STRICT));
            failed = r.failed() ? p.length : r.value();
        }
        if ((flags & Mpol.MPOL_MF_STRICT) != 0 && failed > 0) {
            throw SyscallException.of("mbind", args, Errno.EIO);
        }
    }

    /**
     * set_mempolicy_home_node as mm/mempolicy.c has it (5.17): EINVAL for an unaligned start,
     * flags other than 0, or a node not online; every VMA of the range with a policy of its own
     * must be MPOL_BIND or MPOL_PREFERRED_MANY (else EOPNOTSUPP, the VMAs before it keep their new
     * home); VMAs without one are skipped. The seeds predate it: ENOSYS.
     */
    @Override
    public synchronized void setMempolicyHomeNode(long address, long length, int homeNode, int flags) {
        String args = "addr=0x" + Long.toHexString(address) + ", len=" + length + ", home_node=" + homeNode
                + ", flags=" + flags;
        if (world.profile().isSeed()) {
            throw SyscallException.of("set_mempolicy_home_node", args, Errno.ENOSYS);
        }
        if ((address & (Mm.PAGE_SIZE - 1)) != 0 || flags != 0 || homeNode < 0
                || !world.machine().nodes().onlineSet().contains(homeNode)) {
            throw SyscallException.of("set_mempolicy_home_node", args, Errno.EINVAL);
        }
        long end = address + ((length + Mm.PAGE_SIZE - 1) & -Mm.PAGE_SIZE);
        for (long a = address; a < end; ) {
            Vma v = task.mm().vmaLookup(a);
            if (v == null) {
                a += Mm.PAGE_SIZE;
                continue;
            }
            if (v.policyMode() != Mpol.MPOL_DEFAULT) {
                if (v.policyMode() != Mpol.MPOL_BIND && v.policyMode() != Mpol.MPOL_PREFERRED_MANY) {
                    throw SyscallException.of("set_mempolicy_home_node", args, Errno.EOPNOTSUPP);
                }
                homeNodes.put(v, homeNode);
            }
            a = v.end();
        }
    }

    @Override
    public synchronized long mmap(long length) {
        if (length <= 0 || length > Integer.MAX_VALUE) {
            throw SyscallException.of("mmap", "length=" + length, Errno.EINVAL);
        }
        long rounded = (length + Mm.PAGE_SIZE - 1) & -Mm.PAGE_SIZE;
        long start = nextAddress;
        nextAddress += rounded + Mm.PAGE_SIZE; // a guard gap between mappings
        Vma vma = world.anon(task, "mmap@" + Long.toHexString(start), start, (int) (rounded >>> Mm.PAGE_SHIFT), 0);
        regions.put(start, new Region(start, rounded, vma, ByteBuffer.allocateDirect((int) rounded)));
        return start;
    }

    @Override
    public synchronized void munmap(long address, long length) {
        Region r = regions.get(address);
        if (r == null) {
            throw SyscallException.of("munmap", "addr=0x" + Long.toHexString(address), Errno.EINVAL);
        }
        Vma v = r.vma();
        for (int s = 0; s < v.pages(); s++) {
            int pte = v.pte(s);
            if (Pte.isPresent(pte)) {
                int pfn = Pte.pfn(pte);
                v.setPte(s, Pte.NONE);
                world.machine().frames().setMapcount(pfn, world.machine().frames().mapcount(pfn) - 1);
                world.machine().putPage(pfn);
            }
        }
        task.mm().removeVma(v);
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
        int from = r.vma().slot(address);
        int to = r.vma().slot(address + Math.max(length, 1) - 1);
        for (int s = from; s <= to; s++) {
            touch(r.vma(), s);
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

    /** The write fault: makes the page present on the node its policy or the current CPU gives. */
    private void touch(Vma vma, int slot) {
        if (!Pte.isNone(vma.pte(slot))) {
            return;
        }
        int node = faultNode(vma, slot);
        if (world.touch(task, vma, slot, node, 0, 0) < 0) {
            throw SyscallException.of("page fault", "addr=0x" + Long.toHexString(vma.address(slot)), Errno.ENOMEM);
        }
    }

    private int faultNode(Vma vma, int slot) {
        int mode = vma.policyMode() != Mpol.MPOL_DEFAULT ? vma.policyMode() : policyMode;
        NodeSet nodes = vma.policyMode() != Mpol.MPOL_DEFAULT ? vma.policyNodes() : policyNodes;
        var machineNodes = world.machine().nodes();
        if ((mode == Mpol.MPOL_INTERLEAVE || mode == Mpol.MPOL_WEIGHTED_INTERLEAVE) && !nodes.isEmpty()) {
            // Weighted interleave with the default weights (1 per node, the kernel's without
            // firmware bandwidth data) is plain interleave.
            int[] ids = nodes.toArray();
            // floorMod: pageIndex is an int and goes negative for mappings high in the address space.
            return ids[Math.floorMod(vma.pageIndex(slot), ids.length)];
        }
        Integer home = homeNodes.get(vma);
        if (home != null && (mode == Mpol.MPOL_BIND || mode == Mpol.MPOL_PREFERRED_MANY)) {
            // policy_node(): the home node first; the mask's nodes (nearest first) when it is full or outside the mask.
            if (nodes.contains(home) && machineNodes.freePages(home) > 0) {
                return home;
            }
        }
        if ((mode == Mpol.MPOL_BIND || mode == Mpol.MPOL_PREFERRED || mode == Mpol.MPOL_PREFERRED_MANY) && !nodes.isEmpty()) {
            for (int id : nodes.toArray()) {
                if (machineNodes.freePages(id) > 0) {
                    return id;
                }
            }
        }
        int local = machineNodes.nodeOfCpu(currentCpu());
        if (machineNodes.freePages(local) > 0) {
            return local;
        }
        for (int id : machineNodes.withMemorySet().toArray()) {
            if (machineNodes.freePages(id) > 0) {
                return id;
            }
        }
        return local;
    }

    /** The home node of each VMA that has one (set_mempolicy_home_node); engine VMAs carry none. */
    private final Map<Vma, Integer> homeNodes = new java.util.IdentityHashMap<>();

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
        throw new UnsupportedOperationException("the sim backend simulates memory placement; it cannot run '"
                + path + "' under a policy: use --backend ffm or jna (or auto)");
    }
}
