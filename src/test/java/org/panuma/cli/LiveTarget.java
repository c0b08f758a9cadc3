package org.panuma.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A live target process: src/test/resources/target/panuma-target.c compiled with gcc into a
 * temporary directory, started, and read until it says "ready". It maps a heap, anonymous memory
 * (touched), 16 untouched pages, a 16-page file and 8 pages of memfd shared memory, and prints
 * their addresses. Closing it closes its stdin, on which it exits. Tests are skipped (never
 * passed) when gcc is absent.
 */
final class LiveTarget implements AutoCloseable {
    final Process process;
    final Map<String, String> values = new HashMap<>();
    final Path file;

    private LiveTarget(Process process, Path file) {
        this.process = process;
        this.file = file;
    }

    static Path compile(Path dir) throws IOException, InterruptedException {
        Path src = dir.resolve("panuma-target.c");
        try (InputStream in = LiveTarget.class.getResourceAsStream("/target/panuma-target.c")) {
            Files.copy(in, src);
        }
        Path exe = dir.resolve("panuma-target");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-O1", "-o", exe.toString(), src.toString()).redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            assumeTrue(false, "gcc is not installed: " + e.getMessage());
            throw e;
        }
        String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (gcc.waitFor() != 0) {
            throw new IllegalStateException("gcc failed: " + log);
        }
        return exe;
    }

    /** Starts the target with this many heap and anonymous pages. */
    static LiveTarget start(Path dir, int heapPages, int anonPages) throws IOException, InterruptedException {
        Path exe = compile(dir);
        Path file = dir.resolve("mapped-file-" + System.nanoTime());
        byte[] data = new byte[16 * 4096];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Files.write(file, data);
        Process p = new ProcessBuilder(exe.toString(), Integer.toString(heapPages), Integer.toString(anonPages),
                file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        LiveTarget t = new LiveTarget(p, file);
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null && !line.equals("ready")) {
            int eq = line.indexOf('=');
            t.values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        if (line == null) {
            throw new IllegalStateException("the target exited before it was ready: " + p.waitFor());
        }
        return t;
    }

    int pid() {
        return (int) process.pid();
    }

    long address(String name) {
        return Long.parseUnsignedLong(values.get(name).substring(2), 16);
    }

    int count(String name) {
        return Integer.parseInt(values.get(name));
    }

    /** The target exits normally, with status 0 when its memory was intact (its stack check). */
    int stop() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            stop();
        }
    }
}
