package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.panuma.engine.KernelProfile;
import org.panuma.engine.predict.MovePagesPredictor;
import org.panuma.engine.predict.Prediction;
import org.panuma.engine.predict.ProcessSnapshot;
import org.panuma.os.KPageFlags;
import org.panuma.os.PageSnapshot;
import org.panuma.spi.RegionKind;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/**
 * The converter on fixture snapshots shaped like the reader's output for the C target: as root
 * (PFNs, kpageflags, kpagecount) and as an unprivileged user (PFNs hidden).
 */
class SnapshotConverterTest {
    static final long PS = 4096;
    static final long ANON = 0x7f0000000000L;
    static final long FILE = 0x7f0000100000L;
    static final long SHM = 0x7f0000200000L;
    static final long HEAP = 0x560000000000L;
    static final long DEV = 0x7f0000300000L;
    static final long PRESENT = 1L << 63;
    static final long SWAPPED = 1L << 62;
    static final long FILE_BIT = 1L << 61;
    static final long EXCLUSIVE = 1L << 56;
    static final int EFAULT = -14;
    static final int ENOENT = -2;
    static final int EACCES = -13;

    static final List<MemoryRegion> REGIONS = List.of(
            new MemoryRegion(HEAP, HEAP + 64 * PS, "rw-p", RegionKind.HEAP, "[heap]", PS, 0, true, true),
            new MemoryRegion(ANON, ANON + 256 * PS, "rw-p", RegionKind.ANON, "", PS, 0, true, true),
            new MemoryRegion(FILE, FILE + 16 * PS, "r--p", RegionKind.FILE, "/tmp/f", PS, 0, true, true),
            new MemoryRegion(SHM, SHM + 8 * PS, "rw-s", RegionKind.SHM, "/memfd:x (deleted)", PS, 0, true, true),
            new MemoryRegion(DEV, DEV + 4 * PS, "rw-s", RegionKind.FILE, "/dev/mem", PS, 0, true, false));

    /** anon[0] exclusive on node 0; anon[1] shared; anon[2] the zero page; anon[3] untouched; anon[4] swapped. */
    static final long[] PAGES = {ANON, ANON + PS, ANON + 2 * PS, ANON + 3 * PS, ANON + 4 * PS};
    static final int[] QUERIED = {0, 0, EFAULT, ENOENT, ENOENT};

    static PageSnapshot unprivileged() {
        return new PageSnapshot(PAGES, new long[] {PRESENT | EXCLUSIVE, PRESENT, PRESENT, 0, SWAPPED | (7L << 5)},
                null, null, Set.of("pfn (hidden without CAP_SYS_ADMIN)"));
    }

    static PageSnapshot root() {
        long lru = 1L << KPageFlags.LRU | 1L << KPageFlags.ANON | 1L << KPageFlags.MMAP;
        return new PageSnapshot(PAGES,
                new long[] {PRESENT | EXCLUSIVE | 0x1000, PRESENT | 0x1001, PRESENT | 0x2002, 0, SWAPPED | (7L << 5)},
                new long[] {lru, lru | 1L << KPageFlags.KSM, 1L << KPageFlags.ZERO_PAGE, 0, 0}, new long[] {1, 2, 0, 0, 0},
                Set.of());
    }

    static ProcessSnapshot convert(PageSnapshot s, int[] queried) {
        return SnapshotConverter.convert(s, queried, REGIONS, NodeSet.of(0, 1), NodeSet.of(0, 1), PS);
    }

    static List<ProcessSnapshot.Page> pages(ProcessSnapshot s) {
        return s.regions().stream().flatMap(r -> r.pages().stream()).toList();
    }

    @Test
    void root_everyFactComesFromTheKernelsFiles() {
        List<ProcessSnapshot.Page> p = pages(convert(root(), QUERIED));
        assertEquals(new ProcessSnapshot.Page(ANON, ProcessSnapshot.Presence.PRESENT, 0, 1, false, true, false, false),
                p.get(0));
        // KPF_KSM: a page ksmd merged another into (kpagecount 2)
        assertEquals(new ProcessSnapshot.Page(ANON + PS, ProcessSnapshot.Presence.PRESENT, 0, 2, false, true, false, true),
                p.get(1));
        assertEquals(new ProcessSnapshot.Page(ANON + 2 * PS, ProcessSnapshot.Presence.PRESENT, null, 0, true, false,
                false, false), p.get(2));
        assertEquals(ProcessSnapshot.Presence.NOT_PRESENT, p.get(3).presence());
        assertEquals(ProcessSnapshot.Presence.SWAPPED, p.get(4).presence());
    }

    @Test
    void unprivileged_mapcountFromTheExclusiveBit_zeroPageFromTheQuery_lruUnknown() {
        List<ProcessSnapshot.Page> p = pages(convert(unprivileged(), QUERIED));
        assertEquals(new ProcessSnapshot.Page(ANON, ProcessSnapshot.Presence.PRESENT, 0, 1, false, null, null), p.get(0));
        assertEquals(new ProcessSnapshot.Page(ANON + PS, ProcessSnapshot.Presence.PRESENT, 0, 2, false, null, null),
                p.get(1));
        assertEquals(new ProcessSnapshot.Page(ANON + 2 * PS, ProcessSnapshot.Presence.PRESENT, null, 2, true, null,
                null), p.get(2));
        assertNull(p.get(3).node());
        assertEquals(ProcessSnapshot.Presence.NOT_PRESENT, p.get(3).presence());
    }

    @Test
    void predictionOfAMoveToNode1_root_isCertainButForTheZeroPage_unprivileged_marksPresentPagesLessCertain() {
        int[] nodes = {1, 1, 1, 1, 1};
        Prediction root = MovePagesPredictor.predict(KernelProfile.V6_12, convert(root(), QUERIED), PAGES, nodes,
                Mpol.MPOL_MF_MOVE, new MovePagesPredictor.Caller(false, true, false));
        assertArrayEquals(new int[] {1, EACCES, EFAULT, ENOENT, ENOENT}, root.status());
        // The zero page's node is not read (no PFN-to-node map): only it is less certain, and harmlessly.
        assertArrayEquals(new boolean[] {false, false, true, false, false}, root.lessCertain());
        Prediction user = MovePagesPredictor.predict(KernelProfile.V6_12, convert(unprivileged(), QUERIED), PAGES,
                nodes, Mpol.MPOL_MF_MOVE, new MovePagesPredictor.Caller(false, true, false));
        assertArrayEquals(new int[] {1, EACCES, EFAULT, ENOENT, ENOENT}, user.status());
        assertArrayEquals(new boolean[] {true, true, true, false, false}, user.lessCertain());
        Prediction v61 = MovePagesPredictor.predict(KernelProfile.V6_1, convert(root(), QUERIED), PAGES, nodes,
                Mpol.MPOL_MF_MOVE, new MovePagesPredictor.Caller(false, true, false));
        assertEquals(EFAULT, v61.status()[3], "a never-touched anonymous page before 6.12");
    }

    @Test
    void kinds_followTheRegions() {
        assertEquals(ProcessSnapshot.Kind.ANON, SnapshotConverter.kind(REGIONS.get(0)));
        assertEquals(ProcessSnapshot.Kind.ANON, SnapshotConverter.kind(REGIONS.get(1)));
        assertEquals(ProcessSnapshot.Kind.FILE, SnapshotConverter.kind(REGIONS.get(2)));
        assertEquals(ProcessSnapshot.Kind.SHMEM, SnapshotConverter.kind(REGIONS.get(3)));
        assertEquals(ProcessSnapshot.Kind.IO_OR_PFNMAP, SnapshotConverter.kind(REGIONS.get(4)));
        assertEquals(ProcessSnapshot.Kind.HUGETLB, SnapshotConverter.kind(new MemoryRegion(0x40000000L, 0x40400000L,
                "rw-p", RegionKind.HUGETLB, "/anon_hugepage", 2 << 20, 0, true, true)));
    }

    @Test
    void mappingsAreClippedToTheLookedAtPages_unmappedAddressesDropped_inAnyOrder() {
        long far = ANON + 200 * PS;
        long unmapped = 0x1000;
        long[] addrs = {far, FILE + PS, ANON + 5 * PS + 17, unmapped};
        PageSnapshot s = new PageSnapshot(addrs, new long[] {PRESENT | EXCLUSIVE, PRESENT | FILE_BIT, 0, 0}, null, null,
                Set.of("pfn (hidden without CAP_SYS_ADMIN)"));
        ProcessSnapshot ps = convert(s, new int[] {0, 0, ENOENT, EFAULT});
        assertEquals(3, ps.regions().size(), ps.regions().toString());
        ProcessSnapshot.Region near = ps.regions().get(0);
        assertEquals(ANON + 5 * PS, near.start());
        assertEquals(ANON + 6 * PS, near.end());
        assertEquals(ANON + 5 * PS, near.pages().get(0).address(), "the page's address, not the byte's");
        assertEquals(far, ps.regions().get(1).start());
        assertEquals(far + PS, ps.regions().get(1).end());
        assertEquals(ProcessSnapshot.Kind.FILE, ps.regions().get(2).kind());
        Prediction p = MovePagesPredictor.predict(KernelProfile.V6_12, ps, addrs, new int[] {0, 0, 0, 0},
                Mpol.MPOL_MF_MOVE, new MovePagesPredictor.Caller(false, true, false));
        assertArrayEquals(new int[] {0, 0, ENOENT, EFAULT}, p.status());
        assertFalse(p.lessCertain()[3], "no mapping: certain");
    }

    @Test
    void mismatchedQueryIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> convert(root(), new int[] {0}));
        assertTrue(e.getMessage().contains("5 pages but 1"), e.getMessage());
    }
}
