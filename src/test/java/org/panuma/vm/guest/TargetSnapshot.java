package org.panuma.vm.guest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.panuma.engine.predict.ProcessSnapshot;
import org.panuma.os.FolioExtents;
import org.panuma.os.KPageFlags;
import org.panuma.os.PageSnapshot;
import org.panuma.os.PageSnapshotReader;
import org.panuma.os.PagemapEntry;
import org.panuma.spi.IdListParser;
import org.panuma.spi.NodeSet;

/**
 * The engine's view of a live target, taken the way the issue asks: from /proc/PID/maps,
 * /proc/PID/pagemap, /proc/kpageflags and /proc/kpagecount (through panuma's own
 * {@link PageSnapshotReader}); a page's node from its PFN and the memory blocks each node
 * owns in sysfs; the large folio of each page from kpageflags' compound head and tails
 * ({@link PageSnapshotReader#readFolios}). Never from move_pages: the kernel call under test must
 * not feed the engine.
 */
final class TargetSnapshot {
    private static final Path NODES = Paths.get("/sys/devices/system/node");

    private TargetSnapshot() {
    }

    static ProcessSnapshot take(long pid, long[] addresses, int pageSize) throws IOException {
        PageSnapshotReader reader = PageSnapshotReader.system(pageSize);
        PageSnapshot pages = reader.read((int) pid, addresses);
        FolioExtents folios = reader.readFolios(pages);
        TreeMap<Long, Integer> blockNode = memoryBlockNodes();
        long blockBytes = Long.parseLong(Files.readString(Paths.get("/sys/devices/system/memory/block_size_bytes")).trim(), 16);

        List<ProcessSnapshot.Region> regions = new ArrayList<>();
        for (String line : Files.readAllLines(Paths.get("/proc/" + pid + "/maps"))) {
            String[] f = line.trim().split("\\s+", 6);
            String[] range = f[0].split("-");
            long start = Long.parseUnsignedLong(range[0], 16);
            long end = Long.parseUnsignedLong(range[1], 16);
            String path = f.length > 5 ? f[5] : "";
            List<ProcessSnapshot.Page> inside = new ArrayList<>();
            java.util.Map<Long, ProcessSnapshot.Folio> large = new TreeMap<>();
            for (int i = 0; i < addresses.length; i++) {
                if (addresses[i] >= start && addresses[i] < end) {
                    inside.add(page(pages, i, blockNode, blockBytes, pageSize));
                    if (folios.large(i)) {
                        long head = addresses[i] - (pages.entry(i).pfn() - folios.headPfn()[i]) * pageSize;
                        if (head >= start && head + (long) folios.pages()[i] * pageSize <= end) {
                            large.putIfAbsent(head, new ProcessSnapshot.Folio(head, folios.pages()[i],
                                    KPageFlags.has(folios.headFlags()[i], KPageFlags.LRU)));
                        }
                    }
                }
            }
            // Only mappings that hold a page asked about: move_pages looks up nothing else
            // (find_vma per page), and a target with a thousand mappings would otherwise cost the
            // engine a thousand modelled VMAs per call.
            if (!inside.isEmpty()) {
                regions.add(new ProcessSnapshot.Region(start, end, kind(path), inside, List.copyOf(large.values())));
            }
        }
        return new ProcessSnapshot(memsAllowed(pid), NodeSet.fromBits(IdListParser.parse(
                Files.readString(NODES.resolve("has_memory")).trim())), regions);
    }

    private static ProcessSnapshot.Page page(PageSnapshot s, int i, TreeMap<Long, Integer> blockNode, long blockBytes,
                                             int pageSize) {
        PagemapEntry e = s.entry(i);
        long address = s.addresses()[i];
        if (e.swapped()) {
            return new ProcessSnapshot.Page(address, ProcessSnapshot.Presence.SWAPPED, null, null, false, null, false);
        }
        if (!e.present()) {
            return new ProcessSnapshot.Page(address, ProcessSnapshot.Presence.NOT_PRESENT, null, null, null, null, null);
        }
        long flags = s.kpageflags() == null ? 0 : s.kpageflags()[i];
        Integer node = null;
        if (e.pfn() != 0) {
            java.util.Map.Entry<Long, Integer> b = blockNode.floorEntry(e.pfn() * pageSize / blockBytes);
            node = b == null ? null : b.getValue();
        }
        Integer mapcount = s.kpagecount() == null ? null : (int) s.kpagecount()[i];
        return new ProcessSnapshot.Page(address, ProcessSnapshot.Presence.PRESENT, node, mapcount,
                s.kpageflags() == null ? null : KPageFlags.has(flags, KPageFlags.ZERO_PAGE),
                s.kpageflags() == null ? null : KPageFlags.has(flags, KPageFlags.LRU),
                s.kpageflags() == null ? null : KPageFlags.has(flags, KPageFlags.THP),
                s.kpageflags() == null ? null : KPageFlags.has(flags, KPageFlags.KSM));
    }

    /** What the engine should model a mapping as, from its maps path. */
    static ProcessSnapshot.Kind kind(String path) {
        if (path.startsWith("/anon_hugepage")) {   // MAP_HUGETLB: hugetlb folios, never on an LRU list
            return ProcessSnapshot.Kind.HUGETLB;
        }
        if (path.isEmpty() || path.startsWith("[")) {
            return ProcessSnapshot.Kind.ANON;
        }
        // tmpfs (the guest's /tmp, /dev/shm), memfd and SysV segments are shmem, not page cache of a disk file.
        if (path.startsWith("/tmp/") || path.startsWith("/dev/shm/") || path.startsWith("/memfd:")
                || path.startsWith("/SYSV") || path.startsWith("/dev/zero")) {
            return ProcessSnapshot.Kind.SHMEM;
        }
        return ProcessSnapshot.Kind.FILE;
    }

    /** Memory block number -> node, from the nodeN/memoryM links of sysfs. */
    static TreeMap<Long, Integer> memoryBlockNodes() throws IOException {
        TreeMap<Long, Integer> m = new TreeMap<>();
        try (DirectoryStream<Path> nodes = Files.newDirectoryStream(NODES, "node[0-9]*")) {
            for (Path node : nodes) {
                int id = Integer.parseInt(node.getFileName().toString().substring(4));
                try (DirectoryStream<Path> blocks = Files.newDirectoryStream(node, "memory[0-9]*")) {
                    for (Path b : blocks) {
                        m.put(Long.parseLong(b.getFileName().toString().substring(6)), id);
                    }
                }
            }
        }
        return m;
    }

    static NodeSet memsAllowed(long pid) throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/" + pid + "/status"))) {
            if (line.startsWith("Mems_allowed_list:")) {
                return NodeSet.fromBits(IdListParser.parse(line.substring(line.indexOf(':') + 1).trim()));
            }
        }
        throw new IOException("no Mems_allowed_list in /proc/" + pid + "/status");
    }
}
