package org.panuma.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file named on the command line (--svg, --html). A path that cannot be written is a
 * usage error naming it, not an internal error. A symbolic link is refused: panuma may run as
 * root, and a link planted in a shared directory (/tmp) would steer the write onto any file.
 */
final class OutputFile {
    private OutputFile() {
    }

    static void write(String option, Path path, String content) {
        String name = "'" + path + "'";
        if (path.toString().isEmpty()) {
            throw new UsageException(option + ": an empty file name");
        }
        if (Files.isSymbolicLink(path)) {
            throw new UsageException(option + ": " + name + " is a symbolic link; give the real path");
        }
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (FileSystemException e) {
            String reason = e.getReason() != null ? e.getReason()
                    : e instanceof java.nio.file.NoSuchFileException ? "its directory does not exist"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : "not writable";
            throw new UsageException(option + ": cannot write " + name + " (" + reason + ")");
        } catch (IOException e) {
            throw new UsageException(option + ": cannot write " + name + " (" + e.getMessage() + ")");
        }
    }
}
