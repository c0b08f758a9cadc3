package org.panuma.api;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.panuma.os.FolioSizes;
import org.panuma.os.PageSnapshotReader;
import org.panuma.os.ProcFs;
import org.panuma.os.SmapsEntry;
import org.panuma.spi.Errno;
import org.panuma.spi.NodeSet;
import org.panuma.spi.SyscallException;

/**
 * A live process's memory: its regions, where their pages are, and moving them. Reads
 * /proc/PID/smaps for the regions and queries pages with move_pages in chunks
 * ({@link Residency#DEFAULT_CHUNK_PAGES}), so the target is never held for long. Regions the
 * kernel has no page of are not queried.
 *
 * <pre>{@code
 * ProcessMemory mem = ProcessMemory.of(Numa.open(), pid);
 * ProcessPlacement p = mem.where(Selection.all());
 * ProcessMoveReport r = mem.move(heapOnly, 1, MoveOptions.defaults(), 1, MoveProgress.NONE);
 * }</pre>
 */
public final class ProcessMemory {
    private final Numa numa;
    private final ProcFs proc;
    private final int pid;
    /** The process the pid named when this was made: checked before each batch and each region scanned. */
    private final TargetIdentity identity;
    private int chunkPages = Residency.DEFAULT_CHUNK_PAGES;
    /** Regions scanned between two identity checks of a where (and one more at its end). */
    private static final int IDENTITY_CHECK_REGIONS = 256;

    ProcessMemory(Numa numa, ProcFs proc, int pid) {
        this.numa = Objects.requireNonNull(numa);
        this.proc = Objects.requireNonNull(proc);
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive, got " + pid);
        }
        this.pid = pid;
        // A pidfd names a process of this host's /proc only; pinned before the stat is read.
        this.identity = TargetIdentity.pin(proc, pid,
                proc.root().equals(ProcFs.PROC) ? numa.syscalls().pidfd(pid) : java.util.Optional.empty());
    }

    public static ProcessMemory of(Numa numa, int pid) {
        return new ProcessMemory(numa, ProcFs.system(), pid);
    }

    public int pid() {
        return pid;
    }

    /** Pages per move_pages query (tests use small chunks to exercise chunking). */
    public ProcessMemory withChunkPages(int pages) {
        if (pages < 1) {
            throw new IllegalArgumentException("chunk must be at least 1 page, got " + pages);
        }
        this.chunkPages = pages;
        return this;
    }

    /**
     * The process's regions in address order.
     *
     * @throws org.panuma.spi.NoSuchProcessException when it has exited
     */
    public List<MemoryRegion> regions() {
        return regions(smaps());
    }

    /**
     * /proc/PID/smaps; when it cannot be read, the kernel's own verdict on this caller first: a
     * move_pages call of no page makes the same ptrace access check as a move (EPERM for another
     * user's process, ESRCH for one that is gone), so the caller sees the error the kernel would
     * give a move, not the file system's EACCES on the way to it.
     */
    private List<SmapsEntry> smaps() {
        try {
            return proc.smaps(pid);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof AccessDeniedException) {
                numa.syscalls().movePages(pid, new long[0], null, new int[0], 0, 0, 0);
            }
            throw e;
        }
    }

    private List<MemoryRegion> regions(List<SmapsEntry> smaps) {
        List<MemoryRegion> out = new ArrayList<>();
        for (SmapsEntry s : smaps) {
            out.add(MemoryRegion.of(s, numa.pageSize()));
        }
        return out;
    }

    /**
     * Where the selected pages are, per region. {@code fromNodes} of the selection is ignored.
     * Regions selected whole and wholly in memory are counted from numa_maps, the others are
     * queried page by page; both give the same counts (see {@link WhollyResidentRegions}).
     */
    public ProcessPlacement where(Selection sel) {
        Objects.requireNonNull(sel, "selection");
        identity.check();
        long start = System.nanoTime();
        List<SmapsEntry> smaps = smaps();
        Map<Long, Map<Integer, Long>> resident = sel.range() == null && !sel.exactAddresses() && !numa.simulated()
                ? WhollyResidentRegions.read(proc, pid, smaps, numa.pageSize()) : Map.of();
        ProcessPlacement p = where(sel, regions(smaps), resident);
        return new ProcessPlacement(p.pid(), p.basePageSize(), p.regions(), System.nanoTime() - start);
    }

    /** @param resident pages per node of regions known to be wholly in memory, by start */
    private ProcessPlacement where(Selection sel, List<MemoryRegion> regions, Map<Long, Map<Integer, Long>> resident) {
        Residency residency = numa.residency();
        List<RegionPlacement> out = new ArrayList<>();
        int scanned = 0;
        for (MemoryRegion r : regions) {
            if (!sel.reaches(r)) {
                continue;
            }
            // A pid reused mid-scan would mix another process's pages in. Checked every so many
            // regions to stop early, and once more at the end, which is what makes the result
            // sound: a process once gone stays gone (its pidfd reaped, its start time another), so
            // a target replaced at any point of the scan fails the last check. Not every region:
            // 60,000 mappings made 60,000 reads of /proc/PID/stat.
            if (scanned++ % IDENTITY_CHECK_REGIONS == 0) {
                identity.check();
            }
            Map<Integer, Long> wholly = resident.get(r.start());
            if (wholly != null) {
                PageCounts counts = new PageCounts();
                wholly.forEach((node, pages) -> counts.add(Outcome.node(node), pages));
                out.add(new RegionPlacement(r, r.pages(), counts, null, null));
                continue;
            }
            List<long[]> chunks = PageWalk.chunks(r, sel, chunkPages);
            long selected = chunks.stream().mapToLong(c -> c.length).sum();
            if (sel.exactAddresses() && selected == 0) {
                continue;
            }
            PageCounts counts = new PageCounts();
            long[] exact = sel.exactAddresses() ? new long[(int) selected] : null;
            int[] exactStatus = sel.exactAddresses() ? new int[(int) selected] : null;
            int k = 0;
            // Every region the kernel has a page of is asked, special mappings too: [vdso] answers
            // with its node, [vvar] and device mappings with the kernel's errno, shown as given.
            boolean query = r.hasPages() || sel.exactAddresses();
            for (long[] chunk : chunks) {
                int[] st;
                if (query) {
                    st = residency.statuses(pid, chunk, chunkPages);
                    counts.addStatuses(st);
                } else {
                    st = new int[chunk.length];
                    Arrays.fill(st, PageStatus.NOT_PROCESSED);
                }
                if (exact != null) {
                    System.arraycopy(chunk, 0, exact, k, chunk.length);
                    System.arraycopy(st, 0, exactStatus, k, st.length);
                    k += chunk.length;
                }
            }
            if (!query) {
                counts.add(Outcome.ABSENT, selected);
            }
            out.add(new RegionPlacement(r, selected, counts, exact, exactStatus));
        }
        if (sel.exactAddresses() && sel.regions().isEmpty()) {
            out.addAll(unmapped(sel, regions, residency));
            out.sort((a, b) -> Long.compareUnsigned(a.region().start(), b.region().start()));
        }
        identity.check();
        return new ProcessPlacement(pid, numa.pageSize(), out);
    }

    /**
     * Exact addresses in no region, each as a one-page region of kind UNMAPPED with the kernel's
     * answer for it (EFAULT): an address asked for is never dropped silently.
     */
    private List<RegionPlacement> unmapped(Selection sel, List<MemoryRegion> regions, Residency residency) {
        List<RegionPlacement> out = new ArrayList<>();
        long page = numa.pageSize();
        for (long start : sel.pagesOutside(regions, page)) {
            MemoryRegion r = new MemoryRegion(start, start + page, "----", org.panuma.spi.RegionKind.UNMAPPED, "", page,
                    0, false, false);
            long[] addresses = {start};
            int[] status = residency.statuses(pid, addresses, chunkPages);
            PageCounts counts = new PageCounts();
            counts.addStatuses(status);
            out.add(new RegionPlacement(r, 1, counts, addresses, status));
        }
        return out;
    }

    /**
     * Moves the selected pages to {@code targetNode}: {@link #plan(Selection)}, then
     * {@link #move(MovePlan, int, MoveOptions, int, MoveProgress)}.
     *
     * @param threads workers moving disjoint contiguous parts in parallel
     */
    public ProcessMoveReport move(Selection sel, int targetNode, MoveOptions options, int threads,
                                  MoveProgress progress) {
        Objects.requireNonNull(sel, "selection");
        checkMove(targetNode, options, threads, progress);
        return move(plan(sel), targetNode, options, threads, progress);
    }

    /**
     * The pages {@link #move(Selection, int, MoveOptions, int, MoveProgress)} would request, with
     * where they are now: nothing moves (one move_pages query per page at most, none for a region
     * numa_maps shows wholly on one node). Pages on no node (never touched, swapped out) have
     * nothing to move and are counted apart, except when exact addresses were asked: then every
     * address is requested and its outcome reported. With {@code fromNodes}, only pages now on
     * those nodes are requested.
     */
    public MovePlan plan(Selection sel) {
        Objects.requireNonNull(sel, "selection");
        identity.check();
        List<SmapsEntry> smaps = smaps();
        Map<Long, Map<Integer, Long>> resident = !sel.exactAddresses() && !numa.simulated()
                ? WhollyResidentRegions.read(proc, pid, smaps, numa.pageSize()) : Map.of();
        return new MovePlanner(numa.syscalls(), pid, chunkPages).plan(sel, regions(smaps), resident);
    }

    /**
     * What {@link #move(MovePlan, int, MoveOptions, int, MoveProgress)} would do with the plan's
     * pages, page by page, without moving any: the engine runs move_pages on a model of this process
     * made from /proc/PID/pagemap (and, where readable, /proc/kpageflags and /proc/kpagecount),
     * both processes' /proc/PID/status and the plan's own query, under the kernel profile of the
     * running kernel. Each page gets a status, the kernel branch that decided it in words, and
     * whether the prediction leaned on an input it could not read. Compare it with the move that
     * follows by {@link PredictedMove#verify(ProcessMoveReport)}.
     *
     * @param moveAll predict MPOL_MF_MOVE_ALL instead of MPOL_MF_MOVE
     * @throws IllegalStateException on the simulated backend, which holds no live process
     */
    public PredictedMove predict(MovePlan plan, int targetNode, boolean moveAll) {
        if (plan.pid() != pid) {
            throw new IllegalArgumentException("the plan is for pid " + plan.pid() + ", not " + pid);
        }
        if (numa.simulated()) {
            throw new IllegalStateException("a prediction reads the live process's /proc files: the simulated"
                    + " backend (" + numa.backend() + ") holds no live process");
        }
        identity.check();
        return new MovePredictor(proc, numa.pageSize(), numa.topology().withMemory(), System.getProperty("os.version"))
                .predict(plan, targetNode, moveAll);
    }

    /**
     * Moves exactly the pages of a plan (made earlier by {@link #plan(Selection)}), trusting its
     * record of where each page was: each planned page passes the kernel once more (plus retries).
     * Where the pages are afterwards is told by the move's own answers, not by another query.
     */
    public ProcessMoveReport move(MovePlan plan, int targetNode, MoveOptions options, int threads,
                                  MoveProgress progress) {
        Objects.requireNonNull(plan, "plan");
        checkMove(targetNode, options, threads, progress);
        if (plan.pid() != pid) {
            throw new IllegalArgumentException("the plan is for pid " + plan.pid() + ", not " + pid);
        }
        // The plan's counts say whether every page is on another node: then no batch looks at its
        // statuses before moving them (the report needs these counts anyway).
        PageCounts before = plan.before();
        boolean everyPageToMove = before.get(new Outcome.OnNode(targetNode)) == 0
                && before.notOnNodes().total() == 0;
        if (options.moveAll()) {
            // The kernel checks MOVE_ALL's CAP_SYS_NICE before anything else, even with no page to
            // move: ask it with an empty call, so a move with nothing to do is refused as the
            // kernel refuses it (EPERM), never reported as done.
            numa.syscalls().movePages(pid, new long[0], new int[0], new int[0], 0, 0,
                    org.panuma.spi.Mpol.MPOL_MF_MOVE | org.panuma.spi.Mpol.MPOL_MF_MOVE_ALL);
        } else if (anyOnAnotherNode(before, targetNode)) {
            askBeforeTheFirstBatch();
        }
        MovePipeline.Result r = new MovePipeline(numa.syscalls()).move(pid, plan.pages(), plan.status(),
                everyPageToMove, targetNode, options, threads, progress, identity.moveGuard());
        PageCounts after = new PageCounts();
        if (!r.targetExited()) {
            after.addStatuses(afterwards(plan.status(), r.report().status()));
        }
        return new ProcessMoveReport(r.report(), before, after, plan.absentPages(), r.targetExited(), threads,
                plan.pageEntries().plus(r.report().pageEntries()));
    }

    private static boolean anyOnAnotherNode(PageCounts before, int targetNode) {
        for (int node : before.byNode().keySet()) {
            if (node != targetNode) {
                return true;
            }
        }
        return false;
    }

    /**
     * An empty move_pages call with the move's flags, for a move whose batches will call the kernel
     * with them: the kernel checks the flags, the pid and the caller's access before any page, so
     * this asks what the first batch's call would ask, and a move that fails here would have failed
     * at its first call. It is made before the move's clock starts, because the first call through
     * a backend also links its downcall (under emulation, the NUMA guests, 9-63 ms that the first
     * batch paid before, BENCHMARKS.md). A target gone meanwhile (ESRCH, or EINVAL once its memory
     * is gone) is left to the move, which reports it with what it did.
     */
    private void askBeforeTheFirstBatch() {
        try {
            numa.syscalls().movePages(pid, new long[0], new int[0], new int[0], 0, 0, org.panuma.spi.Mpol.MPOL_MF_MOVE);
        } catch (SyscallException e) {
            if (e.errno() != Errno.ESRCH && e.errno() != Errno.EINVAL) {
                throw e;
            }
        }
    }

    /**
     * The arguments of a move, checked before anything is read: a scan of a large process takes
     * seconds, and a bad argument must not cost them (nor be hidden by the target exiting meanwhile).
     */
    private static void checkMove(int targetNode, MoveOptions options, int threads, MoveProgress progress) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        if (targetNode < 0) {
            throw new IllegalArgumentException("target node " + targetNode + " is negative");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /**
     * Where each page is after the move, from the move's answers: a node when the kernel gave one
     * (moved, already there, or left where it was by a cut-short call); -EFAULT/-ENOENT when the
     * page went away meanwhile; and where the plan found it for a page the kernel refused (EACCES,
     * EBUSY, ENOMEM...: a refused page stays put) or the move never reached.
     */
    private static int[] afterwards(int[] before, int[] moveStatus) {
        int[] out = new int[moveStatus.length];
        for (int i = 0; i < out.length; i++) {
            int s = moveStatus[i];
            boolean gone = s == -Errno.EFAULT.number() || s == -Errno.ENOENT.number();
            out[i] = s >= 0 || gone ? s : before[i];
        }
        return out;
    }

    /**
     * migrate_pages(2): every page of the process on {@code from} to {@code to}, with the
     * residency of the whole process before and after.
     */
    public MigrateReport migrate(NodeSet from, NodeSet to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isEmpty()) {
            throw new IllegalArgumentException("no node to migrate to (the target node set is empty)");
        }
        ProcessPlacement before = where(Selection.all());
        long t0 = System.nanoTime();
        long notMigrated = numa.syscalls().migratePages(pid, from, to);
        long elapsed = System.nanoTime() - t0;
        ProcessPlacement after = where(Selection.all());
        return new MigrateReport(pid, from, to, notMigrated, before.totalBasePagesByNode(),
                after.totalBasePagesByNode(), elapsed);
    }

    /**
     * The folios of {@code region} by their real size, from this process's pagemap and
     * /proc/kpageflags (one read per present page: slower than {@link #where(Selection)}, so only
     * on request). Without root the PFNs are hidden and the census says so instead of counting.
     */
    public FolioCensus folios(MemoryRegion region) {
        if (numa.simulated()) {
            return new FolioCensus(region, new java.util.TreeMap<>(), "the sim backend has no pagemap");
        }
        long base = numa.pageSize();
        long n = Long.divideUnsigned(region.length(), base);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("region " + Long.toHexString(region.start()) + " has " + n
                    + " pages; folio sizes are read for regions of up to " + Integer.MAX_VALUE);
        }
        long[] addresses = new long[(int) n];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = region.start() + i * base;
        }
        org.panuma.os.PageSnapshot snapshot = new PageSnapshotReader(proc.root(), base).read(pid, addresses);
        try {
            return new FolioCensus(region, FolioSizes.count(snapshot, base), null);
        } catch (IllegalArgumentException e) {
            return new FolioCensus(region, new java.util.TreeMap<>(), "not readable: " + String.join(", ",
                    snapshot.unreadable()) + " (run as root)");
        }
    }
}
