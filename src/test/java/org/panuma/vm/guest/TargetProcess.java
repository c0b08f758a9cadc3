package org.panuma.vm.guest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A separate process the guest tests watch and act on (a C or Java pattern writer, the CLI):
 * its output lines arrive on a queue as they are printed, so a test can wait for "ready" while
 * the process keeps running. Closing it kills whatever is still alive.
 */
final class TargetProcess implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final String name;

    private TargetProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process is gone; whatever it printed is in the queue
            }
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    static TargetProcess start(String name, List<String> command) throws IOException {
        return new TargetProcess(name, new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /**
     * The C fault-target with {@code mib} MiB on {@code node} (its code and stack land on the node
     * it runs on); it prints "range START END" and then "ready".
     */
    static TargetProcess faultTarget(int mib, int node) throws IOException {
        String target = GuestEnvironment.targets().resolve("fault-target").toString();
        return start("fault-target", List.of(target, String.valueOf(mib), String.valueOf(node)));
    }

    long pid() {
        return process.pid();
    }

    /** The first line starting with {@code prefix}; fails with all output so far after {@code timeout}. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError(name + ": no line starting '" + prefix + "' within " + timeout.toSeconds()
                        + " s (alive=" + process.isAlive() + "); output:\n" + String.join("\n", seen));
            }
            seen.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Waits for the exit; returns the exit code, or fails with the output after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout.toSeconds() + " s; output:\n" + output());
        }
        return process.exitValue();
    }

    /** Everything printed so far. */
    String output() {
        lines.drainTo(seen);
        return String.join("\n", seen);
    }

    void write(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    void signal(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).inheritIO().start().waitFor();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
