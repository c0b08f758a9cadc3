package org.panuma.vm.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real panuma CLI (target/panuma.jar) as a process of its own in the guest, optionally as
 * another user: {@code asUser} prefixes setpriv, which drops every capability and the bounding
 * set, like numa-vm's --user.
 */
final class GuestCli {
    /** An unprivileged uid/gid with no home, and a second one for "another user's process". */
    static final int USER = 65534;
    static final int OTHER_USER = 65533;

    private GuestCli() {
    }

    /** Cases that start CLI JVMs or fill a node run in the reliability guest only (see GuestEnvironment). */
    static void assumeSlowAllowed() {
        GuestEnvironment.assumeReliabilityRun("starts CLI JVMs or fills a node");
    }

    /** A started CLI run; its output goes to files so that nothing blocks on a full pipe. */
    record Run(Process process, Path out, Path err) {
        Result await(long minutes) throws IOException, InterruptedException {
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("the CLI did not finish within " + minutes + " min");
            }
            Result r = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        }
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    /** setpriv as {@code uid}: no capabilities, no supplementary groups. */
    static List<String> asUser(int uid) {
        return List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--inh-caps=-all",
                "--bounding-set=-all", "--");
    }

    static List<String> command(List<String> prefix, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(GuestEnvironment.java().toString());
        if (Runtime.version().feature() >= 23) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        // As run-guest-tests runs the guest JVMs (under TCG a short JVM is fastest interpreted), with
        // the jar's AOT cache.
        cmd.addAll(GuestEnvironment.cliJvmFlags());
        cmd.addAll(List.of("-jar", GuestEnvironment.jar().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Run start(List<String> prefix, String... args) throws IOException {
        Path out = Files.createTempFile("panuma-cli", ".out");
        Path err = Files.createTempFile("panuma-cli", ".err");
        Process p = new ProcessBuilder(command(prefix, args)).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        return new Run(p, out, err);
    }

    static Result run(List<String> prefix, String... args) throws IOException, InterruptedException {
        return start(prefix, args).await(5);
    }

    /** Pages of [start, end) on {@code node}, from /proc/PID/numa_maps (a munmap may have split the mapping). */
    static long pagesOnNode(long pid, long start, long end, int node) throws IOException {
        long n = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/numa_maps"))) {
            long at = Long.parseUnsignedLong(line.substring(0, line.indexOf(' ')), 16);
            if (Long.compareUnsigned(at, start) >= 0 && Long.compareUnsigned(at, end) < 0) {
                for (String f : line.split(" ")) {
                    if (f.startsWith("N" + node + "=")) {
                        n += Long.parseLong(f.substring(f.indexOf('=') + 1));
                    }
                }
            }
        }
        return n;
    }
}
