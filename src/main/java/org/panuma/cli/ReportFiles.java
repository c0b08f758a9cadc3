package org.panuma.cli;

import org.panuma.spi.Printable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes the report files named on the command line (--svg, --html) so that a report is whole or
 * absent, and so that panuma running as root cannot be steered by another user of the host.
 *
 * <p>Every directory on the way is opened without following a symbolic link (a
 * {@link SecureDirectoryStream}: openat with O_NOFOLLOW), so a link planted anywhere on the path
 * (a component in /tmp, not only the last one) is refused. The named file itself is never opened:
 * its attributes are read without following links, and anything but a regular file owned by the
 * caller (a FIFO that would block panuma and hand its reader root's report, a device such as
 * /dev/full, a file planted by another user) is refused. Each report is written to a fresh
 * temporary file beside it, created exclusively (O_EXCL) with mode 0600, and renamed over the
 * name only once every report has been written in full: a write that fails (a full disk, a
 * file-size limit) leaves the old file as it was and no report half-written. Mode 0644 is given
 * only when the process shown belongs to the caller; another user's memory map stays 0600.
 */
final class ReportFiles {
    /** One report: the option that named it, the file and what writes into it (null while only the name is checked). */
    record Report(String option, Path path, Content content) {
    }

    /**
     * What goes into a report, written as it is produced: a report of 60,000 regions is never
     * held whole in memory, and it still reaches its name whole or not at all (it is written to
     * the temporary file).
     */
    @FunctionalInterface
    interface Content {
        void writeTo(Writer out) throws IOException;
    }

    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> SHARED = PosixFilePermissions.fromString("rw-r--r--");
    /** Characters gathered before a write(2) into the temporary file. */
    private static final int BUFFER = 1 << 16;

    private ReportFiles() {
    }

    /** Checks every report's name before anything is computed or written (a usage error names the bad one). */
    static void checkNames(List<Report> reports) {
        Set<Path> seen = new HashSet<>();
        for (Report r : reports) {
            String name = r.path().toString();
            if (name.isEmpty()) {
                throw new UsageException(r.option() + ": an empty file name");
            }
            if (name.equals("-")) {
                throw new UsageException(r.option() + ": '-' (standard output) is not supported; give a file name");
            }
            Path p = r.path().toAbsolutePath().normalize();
            if (p.getFileName() == null) {
                throw new UsageException(r.option() + ": " + Printable.quote(name) + " names no file");
            }
            if (!seen.add(p)) {
                throw new UsageException(r.option() + ": " + Printable.quote(name) + " is also named by another option; give each"
                        + " report its own file");
            }
        }
    }

    /**
     * Writes every report, or none of them.
     *
     * @param readableByOthers whether the reports may be 0644 (the process shown is the caller's own)
     */
    static void write(List<Report> reports, boolean readableByOthers) {
        checkNames(reports);
        List<Pending> pending = new ArrayList<>();
        try {
            for (Report r : reports) {
                pending.add(Pending.open(r));
            }
            for (Pending p : pending) {
                p.fill(readableByOthers);
            }
            for (Pending p : pending) {
                p.commit();
            }
        } finally {
            for (Pending p : pending) {
                p.close();
            }
        }
    }

    /** A report's directory (held open), its temporary file and what it will be renamed to. */
    private static final class Pending implements AutoCloseable {
        private final Report report;
        private final SecureDirectoryStream<Path> dir;
        private final Path name;
        private final Path temp;
        private boolean committed;

        private Pending(Report report, SecureDirectoryStream<Path> dir, Path name, Path temp) {
            this.report = report;
            this.dir = dir;
            this.name = name;
            this.temp = temp;
        }

        static Pending open(Report r) {
            Path abs = r.path().toAbsolutePath().normalize();
            SecureDirectoryStream<Path> dir = openDirectory(r, abs.getParent());
            Path name = abs.getFileName();
            try {
                Path temp = createTemp(r, dir, name);
                Pending p = new Pending(r, dir, name, temp);
                try {
                    p.checkTarget();
                } catch (RuntimeException e) {
                    p.close();
                    throw e;
                }
                return p;
            } catch (RuntimeException e) {
                closeQuietly(dir);
                throw e;
            }
        }

        /** The existing file, if any, must be a regular file of the caller's (the owner of the fresh temp file). */
        private void checkTarget() {
            PosixFileAttributes existing;
            UserPrincipal me;
            try {
                me = attributes(temp).owner();
                existing = attributes(name);
            } catch (NoSuchFileException absent) {
                return;
            } catch (IOException e) {
                throw cannot(report, reason(e));
            }
            if (existing.isSymbolicLink()) {
                throw new UsageException(report.option() + ": " + Printable.quote(report.path()) + " is a symbolic link; give the"
                        + " real path");
            }
            if (!existing.isRegularFile()) {
                throw new UsageException(report.option() + ": " + Printable.quote(report.path()) + " is not a regular file ("
                        + kind(existing) + "); give a new file or one of yours to replace");
            }
            if (!existing.owner().equals(me)) {
                throw new UsageException(report.option() + ": " + Printable.quote(report.path()) + " belongs to "
                        + existing.owner().getName() + ", not to " + me.getName() + "; give a new file or one of"
                        + " yours to replace");
            }
        }

        private PosixFileAttributes attributes(Path p) throws IOException {
            return dir.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        }

        void fill(boolean readableByOthers) {
            try (SeekableByteChannel ch = dir.newByteChannel(temp, Set.of(StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS));
                 Writer w = new BufferedWriter(Channels.newWriter(ch, StandardCharsets.UTF_8), BUFFER)) {
                report.content().writeTo(w);
                w.flush();
                if (readableByOthers) {
                    dir.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .setPermissions(SHARED);
                }
            } catch (IOException e) {
                throw cannot(report, reason(e));
            }
        }

        void commit() {
            try {
                // renameat(2) within one directory: the name shows the old file or the whole new one.
                dir.move(temp, dir, name);
                committed = true;
            } catch (IOException e) {
                throw cannot(report, reason(e));
            }
        }

        @Override
        public void close() {
            if (!committed) {
                try {
                    dir.deleteFile(temp);
                } catch (IOException ignored) {
                    // already gone; nothing of ours is left
                }
            }
            closeQuietly(dir);
        }
    }

    private static SecureDirectoryStream<Path> openDirectory(Report r, Path path) {
        Path root = path.getRoot();
        SecureDirectoryStream<Path> dir = null;
        try {
            DirectoryStream<Path> top = Files.newDirectoryStream(root);
            if (!(top instanceof SecureDirectoryStream<Path> s)) {
                top.close();
                throw cannot(r, "this platform cannot open directories without following links");
            }
            dir = s;
            for (int i = 0; i < path.getNameCount(); i++) {
                Path part = path.getName(i);
                SecureDirectoryStream<Path> next;
                try {
                    next = dir.newDirectoryStream(part, LinkOption.NOFOLLOW_LINKS);
                } catch (FileSystemException e) {
                    if (isLink(dir, part)) {
                        throw new UsageException(r.option() + ": " + Printable.quote(r.path()) + ": the directory "
                                + Printable.escape(root.resolve(path.subpath(0, i + 1)).toString()) + " is a symbolic link; give the real path");
                    }
                    throw e;
                }
                dir.close();
                dir = next;
            }
            return dir;
        } catch (IOException e) {
            closeQuietly(dir);
            throw cannot(r, reason(e));
        } catch (RuntimeException e) {
            closeQuietly(dir);
            throw e;
        }
    }

    private static boolean isLink(SecureDirectoryStream<Path> dir, Path part) {
        try {
            return dir.getFileAttributeView(part, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes().isSymbolicLink();
        } catch (IOException e) {
            return false;
        }
    }

    private static Path createTemp(Report r, SecureDirectoryStream<Path> dir, Path name) {
        for (int attempt = 0; ; attempt++) {
            Path temp = Path.of("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".panuma-tmp");
            try {
                dir.newByteChannel(temp, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
                        LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PRIVATE)).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 16) {
                    throw cannot(r, "could not create a temporary file beside it");
                }
            } catch (IOException e) {
                throw cannot(r, reason(e));
            }
        }
    }

    private static String kind(PosixFileAttributes a) {
        return a.isDirectory() ? "a directory" : a.isOther() ? "a FIFO, socket or device" : "not a file";
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e instanceof NoSuchFileException ? "its directory does not exist"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e.getMessage() != null ? Printable.escape(e.getMessage()) : "not writable";
    }

    private static UsageException cannot(Report r, String reason) {
        return new UsageException(r.option() + ": cannot write " + Printable.quote(r.path()) + " (" + reason + ")");
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a directory handle cannot lose data
            }
        }
    }
}
