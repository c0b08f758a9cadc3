package org.panuma.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link PatternTarget} running as a child JVM: started, waited for until its memory is
 * written, then stopped and asked how many bytes it found corrupted.
 */
public final class TargetChild implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final long start;
    private final long end;

    private TargetChild(Process process, BufferedReader out, long start, long end) {
        this.process = process;
        this.out = out;
        this.start = start;
        this.end = end;
    }

    /**
     * Starts a target of {@code mib} MiB bound to {@code node} with the same JVM and jar as this
     * process, and waits for it to be ready.
     */
    public static TargetChild start(Path jar, int mib, int node, String backend) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 23) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.add("-XX:+UseSerialGC");
        if (backend != null) {
            cmd.add("-Dpanuma.backend=" + backend);
        }
        cmd.addAll(List.of("-cp", jar.toString(), PatternTarget.class.getName(), Integer.toString(mib),
                Integer.toString(node)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("ready ")) {
                String[] w = line.split(" ");
                return new TargetChild(p, r, Long.parseUnsignedLong(w[1], 16), Long.parseUnsignedLong(w[2], 16));
            }
        }
        p.destroyForcibly();
        throw new IOException("the demo target exited before it was ready (exit " + exitOf(p) + ")");
    }

    public long pid() {
        return process.pid();
    }

    /** The range of its pattern memory, as {@code --range} takes it. */
    public String range() {
        return String.format("0x%x-0x%x", start, end);
    }

    /** Stops it and returns its last line, e.g. "done passes=12 corrupted=0". */
    public String stop() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write("stop\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
        String last = null;
        String line;
        while ((line = out.readLine()) != null) {
            last = line;
        }
        return last == null ? "(no report)" : last;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String exitOf(Process p) {
        try {
            return p.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(p.exitValue()) : "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
