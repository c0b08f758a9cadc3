package org.panuma.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A real process whose argv[0] is any text (bash's {@code exec -a}, then sleep), for the tests
 * where a pattern must find it by its command line. Started only once the exec is done: bash can
 * say nothing after it, so readiness is the process's own /proc/PID/cmdline starting with the
 * name; a "ready" echoed before the exec let a search run while the command line was still
 * bash's, and find one look-alike of two.
 */
final class RenamedProcess {
    private static final long DEADLINE_SECONDS = 60;

    private RenamedProcess() {
    }

    /** {@code sleep SECONDS} named {@code argv0}, its command line already showing the name. */
    static Process start(String argv0, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", "exec -a \"$0\" sleep " + seconds, argv0).start();
        byte[] name = (argv0 + "\0").getBytes(StandardCharsets.UTF_8);
        Path cmdline = Path.of("/proc", Long.toString(p.pid()), "cmdline");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        byte[] seen = new byte[0];
        while (System.nanoTime() - deadline < 0 && p.isAlive()) {
            seen = Files.readAllBytes(cmdline);
            if (seen.length >= name.length && Arrays.equals(seen, 0, name.length, name, 0, name.length)) {
                return p;
            }
            Thread.sleep(5);
        }
        p.destroy();
        throw new AssertionError("the process named " + Arrays.toString(name) + " did not exec within "
                + DEADLINE_SECONDS + " s (alive=" + p.isAlive() + "); its command line: "
                + new String(seen, StandardCharsets.UTF_8).replace('\0', ' '));
    }
}
