package org.panuma.vm.guest;

import org.panuma.vm.GuestSlowdown;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A target process started for a reliability test (the C soak-target, or a JVM), read until it
 * prints "ready"; its key-value lines ("pid 42", "range a b") are kept. Closing its standard input
 * asks it to stop and report.
 */
final class SoakTarget implements AutoCloseable {
    final Process process;
    final Map<String, String> values = new HashMap<>();
    private final BufferedReader out;

    private SoakTarget(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static SoakTarget start(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        SoakTarget t = new SoakTarget(p);
        t.readUntil("ready");
        return t;
    }

    int pid() {
        return (int) process.pid();
    }

    long rangeStart() {
        return Long.parseUnsignedLong(values.get("range").split(" ")[0], 16);
    }

    long rangeEnd() {
        return Long.parseUnsignedLong(values.get("range").split(" ")[1], 16);
    }

    /** Sends one command line; returns the target's next output line (null at its end). */
    String send(String command) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        return command.equals("exit") ? null : out.readLine();
    }

    /** Reads lines until {@code last} (or the end): "key value" lines go into {@link #values}. */
    void readUntil(String last) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals(last)) {
                return;
            }
            int sp = line.indexOf(' ');
            if (sp > 0) {
                values.put(line.substring(0, sp), line.substring(sp + 1));
            }
        }
        throw new IOException("the target ended before printing '" + last + "'; values " + values);
    }

    /** Asks the target to stop (stdin closed), waits, returns its exit status; "corrupted" etc. are read. */
    int stop() throws IOException, InterruptedException {
        try (OutputStream in = process.getOutputStream()) {
            in.flush();
        }
        String line;
        while ((line = out.readLine()) != null) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                values.put(line.substring(0, sp), line.substring(sp + 1));
            }
        }
        if (!process.waitFor(GuestSlowdown.scaled(java.time.Duration.ofMinutes(5)).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the target did not stop");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
