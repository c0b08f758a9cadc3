package org.panuma.os;

import org.panuma.spi.Printable;
import org.panuma.spi.NoSuchProcessException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a process's /proc files; the parsers do the rest. The root is /proc unless a test gives a
 * directory laid out the same way. A process that is gone (or never was) is a
 * {@link NoSuchProcessException}; a file the caller may not read is an {@link AccessDeniedException}
 * wrapped in {@link UncheckedIOException}.
 */
public final class ProcFs {
    public static final Path PROC = Path.of("/proc");

    private final Path root;

    public ProcFs(Path root) {
        this.root = root;
    }

    public static ProcFs system() {
        return new ProcFs(PROC);
    }

    public Path root() {
        return root;
    }

    public boolean exists(int pid) {
        return Files.isDirectory(root.resolve(Integer.toString(pid)));
    }

    /**
     * The process's /proc directory, held open so that every file read through it is the
     * process's that has the pid now (see {@link PinnedProcDir}).
     *
     * @throws NoSuchProcessException when there is no such process
     */
    public PinnedProcDir pin(int pid) {
        return PinnedProcDir.open(root, pid);
    }

    public List<MapsEntry> maps(int pid) {
        return MapsParser.parse(text(pid, "maps"));
    }

    public List<SmapsEntry> smaps(int pid) {
        return streamed(pid, "smaps", SmapsParser::parse);
    }

    public List<NumaMapsEntry> numaMaps(int pid) {
        return streamed(pid, "numa_maps", NumaMapsParser::parse);
    }

    public ProcStatus status(int pid) {
        return ProcStatusParser.parse(text(pid, "status"));
    }

    /** The calling process's own status (/proc/self/status). */
    public ProcStatus selfStatus() {
        return status((int) ProcessHandle.current().pid());
    }

    public ProcStat stat(int pid) {
        return ProcStatParser.parse(text(pid, "stat"));
    }

    /** The command name the kernel keeps ({@code comm}, at most 15 bytes). */
    public String comm(int pid) {
        return text(pid, "comm").strip();
    }

    public ProcCgroups cgroups(int pid) {
        return ProcCgroups.parse(text(pid, "cgroup"));
    }

    /**
     * Resident pages ({@code statm}'s second field): the kernel's mm counters, read without
     * walking page tables or taking the target's mmap lock.
     */
    public long residentPages(int pid) {
        String[] f = text(pid, "statm").strip().split(" ");
        long pages = f.length > 1 ? ProcNumbers.unsigned(f[1]) : -1;
        if (pages < 0) {
            throw new IllegalArgumentException("/proc/" + pid + "/statm has no resident page count: "
                    + Printable.quote(String.join(" ", f)));
        }
        return pages;
    }

    /**
     * The CPU each thread of the process last ran on (field 39 of {@code task/TID/stat}). A
     * thread that exits while they are read is left out.
     */
    public int[] lastCpus(int pid) {
        Path tasks = root.resolve(Integer.toString(pid)).resolve("task");
        List<Path> dirs;
        try (Stream<Path> s = Files.list(tasks)) {
            dirs = s.toList();
        } catch (NoSuchFileException e) {
            throw new NoSuchProcessException("no process with pid " + pid + " (" + tasks + " does not exist)");
        } catch (IOException e) {
            if (!exists(pid)) {
                throw new NoSuchProcessException("process " + pid + " exited (listing " + tasks + ")");
            }
            throw new UncheckedIOException("cannot list " + tasks + ": " + e.getMessage(), e);
        }
        int[] cpus = new int[dirs.size()];
        int n = 0;
        for (Path dir : dirs) {
            String stat;
            try {
                stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
            } catch (IOException threadGone) {
                continue;
            }
            cpus[n++] = ProcStatParser.lastCpu(stat);
        }
        if (n == 0 && !exists(pid)) {
            throw new NoSuchProcessException("process " + pid + " exited (reading its threads)");
        }
        return Arrays.copyOf(cpus, n);
    }

    /** What a failed read of a process's file means: it is gone, or the file cannot be read. */
    private RuntimeException failure(int pid, Path p, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new NoSuchProcessException("no process with pid " + pid + " (" + p + " does not exist)");
        }
        // Reading a gone process's file gives ESRCH ("No such process") from the kernel.
        if (!exists(pid) || String.valueOf(e.getMessage()).contains("No such process")) {
            return new NoSuchProcessException("process " + pid + " exited (reading " + p + ")");
        }
        return new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }

    public List<String> cmdline(int pid) {
        return Cmdline.parse(bytes(pid, "cmdline"));
    }

    /** The pids of all processes (the numeric directories), in ascending order. */
    public List<Integer> pids() {
        List<Integer> pids = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.isEmpty() && n.length() < 11 && n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(v -> v <= Integer.MAX_VALUE)
                    .forEach(v -> pids.add(v.intValue()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        pids.sort(null);
        return pids;
    }

    public String text(int pid, String file) {
        return new String(bytes(pid, file), StandardCharsets.UTF_8);
    }

    /**
     * Parses a file as it is read, line by line: for a process of 60,000 mappings the text (70 MB
     * of smaps) is never held whole, only what the parser keeps per mapping.
     */
    private <T> T streamed(int pid, String file, java.util.function.Function<java.util.Iterator<String>, T> parse) {
        Path p = root.resolve(Integer.toString(pid)).resolve(file);
        try {
            return Lines.parse(Files.newInputStream(p), parse);
        } catch (IOException e) {
            throw failure(pid, p, e);
        }
    }

    public byte[] bytes(int pid, String file) {
        Path p = root.resolve(Integer.toString(pid)).resolve(file);
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw failure(pid, p, e);
        }
    }
}
