package org.panuma.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds the C target programs of integration-tests/targets with the host's gcc, before a guest
 * boots: compiling on the host takes milliseconds, under TCG seconds. The guest sees the
 * binaries at the same path.
 */
public final class TargetPrograms {
    private TargetPrograms() {
    }

    /**
     * Compiles every {@code *.c} in {@code sources} to an executable of the same base name in
     * {@code out}.
     *
     * @throws IOException with gcc's output when a program does not compile (or gcc is missing)
     */
    public static Path build(Path sources, Path out) throws IOException {
        Files.createDirectories(out);
        List<Path> programs;
        try (Stream<Path> s = Files.list(sources)) {
            programs = s.filter(p -> p.toString().endsWith(".c")).sorted().toList();
        }
        for (Path c : programs) {
            String name = c.getFileName().toString().replaceFirst("\\.c$", "");
            Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-o",
                    out.resolve(name).toString(), c.toString()).redirectErrorStream(true).start();
            String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
                    gcc.destroyForcibly();
                    throw new IOException("gcc could not build " + c + ":\n" + output);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted building " + c, e);
            }
        }
        return out;
    }
}
