package org.panuma.os;

import org.panuma.spi.Printable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.panuma.spi.JvmUnreachableException;

/**
 * Asks a running JVM through jcmd (the attach API): the JDK's own diagnostic channel, the only
 * one that knows where a JVM put its heap. Attaching needs the JVM's user (or root) and a JVM
 * that has not disabled attach (-XX:+DisableAttachMechanism).
 */
public final class Jcmd {
    private static final long TIMEOUT_SECONDS = 30;

    private Jcmd() {
    }

    /**
     * The output of {@code jcmd PID COMMAND...}.
     *
     * @throws JvmUnreachableException when jcmd is missing, cannot attach, or the command fails; the message says why
     */
    public static String run(int pid, String... command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            jcmd = Path.of("/usr/bin/jcmd");
        }
        if (!Files.isExecutable(jcmd)) {
            throw new JvmUnreachableException("jcmd is not installed with this Java runtime (" + System.getProperty("java.home")
                    + "); a JDK has it");
        }
        List<String> cmd = new ArrayList<>(List.of(jcmd.toString(), Integer.toString(pid)));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new JvmUnreachableException("jcmd " + pid + " did not answer in " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0 || out.contains("AttachNotSupportedException") || out.contains("Exception")) {
                String first = out.lines().filter(l -> l.contains("Exception") || l.contains("rror"))
                        .findFirst().orElse(out.strip());
                throw new JvmUnreachableException("cannot attach to JVM " + pid + " (" + Printable.escape(first.strip())
                        + "): attaching needs the"
                        + " JVM's own user or root, and a JVM without -XX:+DisableAttachMechanism");
            }
            return out;
        } catch (IOException e) {
            throw new JvmUnreachableException("cannot run " + Printable.escape(jcmd.toString()) + ": "
                    + Printable.escape(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JvmUnreachableException("interrupted while asking JVM " + pid);
        }
    }
}
