package org.panuma.os;

import org.panuma.spi.NoSuchProcessException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a {@link PageSnapshot} of a process's pages: /proc/PID/pagemap (entry i at byte offset
 * 8 * (address / pageSize)), then, when PFNs are visible, /proc/kpageflags and /proc/kpagecount
 * (entry at 8 * PFN). Pagemap reads are positional, one read per run of consecutive pages.
 */
public final class PageSnapshotReader {
    private final Path proc;
    private final long pageSize;

    public PageSnapshotReader(Path proc, long pageSize) {
        this.proc = proc;
        this.pageSize = pageSize;
    }

    public static PageSnapshotReader system(long pageSize) {
        return new PageSnapshotReader(ProcFs.PROC, pageSize);
    }

    /**
     * @throws NoSuchProcessException when the process is gone
     * @throws java.io.UncheckedIOException when its pagemap cannot be read (another user's process)
     */
    public PageSnapshot read(int pid, long[] addresses) {
        Set<String> unreadable = new TreeSet<>();
        long[] pagemap = new long[addresses.length];
        Path pm = proc.resolve(Integer.toString(pid)).resolve("pagemap");
        try (FileChannel ch = FileChannel.open(pm, StandardOpenOption.READ)) {
            int i = 0;
            while (i < addresses.length) {
                int j = i + 1;
                while (j < addresses.length && j - i < 65536 && addresses[j] - addresses[j - 1] == pageSize) {
                    j++;
                }
                run(ch, 8 * Long.divideUnsigned(addresses[i], pageSize), pagemap, i, j - i);
                i = j;
            }
        } catch (NoSuchFileException e) {
            throw new NoSuchProcessException("no process with pid " + pid + " (" + pm + " does not exist)");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + pm + ": " + e.getMessage(), e);
        }
        boolean anyPresent = false;
        boolean pfnVisible = false;
        for (long raw : pagemap) {
            PagemapEntry e = new PagemapEntry(raw);
            anyPresent |= e.present();
            pfnVisible |= e.pfn() != 0;
        }
        long[] flags = null;
        long[] counts = null;
        if (anyPresent && !pfnVisible) {
            unreadable.add("pfn (hidden without CAP_SYS_ADMIN)");
        } else if (pfnVisible) {
            flags = perPfn(pagemap, "kpageflags", unreadable);
            counts = perPfn(pagemap, "kpagecount", unreadable);
        }
        return new PageSnapshot(addresses.clone(), pagemap, flags, counts, unreadable);
    }

    /**
     * The large folio of each page of {@code s} ({@link FolioExtents}), reading the flags of the PFNs
     * around a folio's pages from /proc/kpageflags (one word each, a few per folio); all base pages
     * when the snapshot has no page flags or the file cannot be read again.
     */
    public FolioExtents readFolios(PageSnapshot s) {
        if (s.kpageflags() == null) {
            return FolioExtents.of(s, pfn -> 0);
        }
        java.util.Map<Long, Long> seen = new java.util.HashMap<>();
        for (int i = 0; i < s.addresses().length; i++) {
            seen.put(s.entry(i).pfn(), s.kpageflags()[i]);
        }
        try (FileChannel ch = FileChannel.open(proc.resolve("kpageflags"), StandardOpenOption.READ)) {
            return FolioExtents.of(s, pfn -> seen.computeIfAbsent(pfn, p -> {
                try {
                    return word(ch, 8 * p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        } catch (IOException | java.io.UncheckedIOException e) {
            return FolioExtents.of(s, pfn -> 0);
        }
    }

    private long[] perPfn(long[] pagemap, String file, Set<String> unreadable) {
        Path p = proc.resolve(file);
        long[] out = new long[pagemap.length];
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            for (int i = 0; i < pagemap.length; i++) {
                long pfn = new PagemapEntry(pagemap[i]).pfn();
                out[i] = pfn == 0 ? 0 : word(ch, 8 * pfn);
            }
            return out;
        } catch (AccessDeniedException | NoSuchFileException e) {
            unreadable.add("/proc/" + file + " (" + e.getClass().getSimpleName() + ")");
            return null;
        } catch (IOException e) {
            unreadable.add("/proc/" + file + " (" + e.getMessage() + ")");
            return null;
        }
    }

    private static void run(FileChannel ch, long offset, long[] out, int from, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 * n).order(ByteOrder.nativeOrder());
        while (b.hasRemaining()) {
            if (ch.read(b, offset + b.position()) < 0) {
                break;
            }
        }
        for (int k = 0; k < n; k++) {
            out[from + k] = b.getLong(8 * k);
        }
    }

    private static long word(FileChannel ch, long offset) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        while (b.hasRemaining()) {
            int n = ch.read(b, offset + b.position());
            if (n < 0) {
                return 0;
            }
        }
        return b.getLong(0);
    }
}
