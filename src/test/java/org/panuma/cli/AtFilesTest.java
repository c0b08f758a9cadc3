package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An argument starting with '@' is a value, never a file to read arguments from: picocli's
 * at-file expansion would let `panuma where @/etc/shadow`, run through sudo, print the file's
 * first word in its "no process matches" message.
 */
class AtFilesTest {
    @TempDir
    Path dir;

    @Test
    void atSignArgument_isNotExpandedFromTheFile_andTheFileIsNeverEchoed() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "SECRET-TOKEN-4c1e other words\n");
        Run run = Run.of("where", "@" + secret);
        assertFalse((run.out + run.err).contains("SECRET-TOKEN-4c1e"), run.toString());
        assertEquals(ExitCodes.NO_SUCH_PROCESS, run.exitCode, run.toString());
        assertTrue(run.err.contains("'@" + secret + "'"), "names the argument as given: " + run);
    }

    @Test
    void atSignOptionValue_isTakenAsGiven() throws Exception {
        Path nodes = Files.writeString(dir.resolve("nodes"), "0\n");
        Run run = Run.of("move", "2147483646", "--to", "@" + nodes);
        assertEquals(ExitCodes.USAGE, run.exitCode, run.toString());
        assertTrue(run.err.contains("@" + nodes), run.toString());
    }
}
