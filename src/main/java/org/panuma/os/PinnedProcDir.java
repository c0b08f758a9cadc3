package org.panuma.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.panuma.spi.NoSuchProcessException;

/**
 * One process's /proc/PID directory, held open: every file is read relative to that descriptor
 * ({@code openat}), so all of them come from the process that had the pid when this was opened.
 * The kernel ties a /proc/PID directory to the process, not to its number: once that process is
 * reaped, a file opened through the descriptor is gone (ENOENT), even when a newcomer has taken
 * the pid meanwhile. This pins a target as a pidfd does, without a system call of panuma's own
 * (the JDK's file channel makes the {@code openat}), so a report that only reads /proc links no
 * downcall.
 */
public final class PinnedProcDir implements AutoCloseable {
    private final int pid;
    private final Path dir;
    private final SecureDirectoryStream<Path> handle;

    private PinnedProcDir(int pid, Path dir, SecureDirectoryStream<Path> handle) {
        this.pid = pid;
        this.dir = dir;
        this.handle = handle;
    }

    /**
     * Opens {@code root/PID}.
     *
     * @throws NoSuchProcessException when there is no such process
     * @throws UnsupportedOperationException where the JDK cannot open files relative to a directory
     */
    static PinnedProcDir open(Path root, int pid) {
        Path dir = root.resolve(Integer.toString(pid));
        DirectoryStream<Path> stream;
        try {
            stream = Files.newDirectoryStream(dir);
        } catch (NoSuchFileException e) {
            throw new NoSuchProcessException("no process with pid " + pid + " (" + dir + " does not exist)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + dir + ": " + e.getMessage(), e);
        }
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return new PinnedProcDir(pid, dir, secure);
        }
        try {
            stream.close();
        } catch (IOException ignored) {
            // Nothing was read through it.
        }
        throw new UnsupportedOperationException("this JDK cannot open files relative to " + dir);
    }

    /** The process's mappings (maps). */
    public List<MapsEntry> maps() {
        return read("maps", MapsParser::parse);
    }

    /**
     * Pages per node of each mapping (numa_maps); on a kernel without NUMA an
     * {@link UncheckedIOException} with the {@link NoSuchFileException}.
     */
    public List<NumaMapsEntry> numaMaps() {
        return read("numa_maps", NumaMapsParser::parse);
    }

    /** The process's stat line (its state, flags, start time). */
    public ProcStat stat() {
        return read("stat", lines -> ProcStatParser.parse(lines.hasNext() ? lines.next() : ""));
    }

    /** True when the file can be opened through the directory: stat can while the process exists. */
    private boolean has(String file) {
        try {
            handle.newByteChannel(Path.of(file), Set.of(StandardOpenOption.READ)).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Parses a file as it is read, as {@code ProcFs} does. A file missing from the directory of a
     * process that has been reaped names the process as gone; a file missing from a live
     * process's directory is an {@link UncheckedIOException} with the {@link NoSuchFileException}.
     */
    private <T> T read(String file, Function<Iterator<String>, T> parse) {
        try {
            return Lines.parse(Channels.newInputStream(handle.newByteChannel(Path.of(file),
                    Set.of(StandardOpenOption.READ))), parse);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    private RuntimeException failure(String file, IOException e) {
        // Reading a reaped process's file gives ESRCH, opening one through the directory ENOENT.
        boolean gone = e instanceof NoSuchFileException && !has("stat");
        if (gone || String.valueOf(e.getMessage()).contains("No such process")) {
            return new NoSuchProcessException("process " + pid + " exited (reading " + dir.resolve(file) + ")");
        }
        return new UncheckedIOException("cannot read " + dir.resolve(file) + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        try {
            handle.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + dir, e);
        }
    }
}
