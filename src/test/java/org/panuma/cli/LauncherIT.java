package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The ./panuma launcher on a Java 17 runtime: with JAVA_HOME a JDK 17 it runs the built jar
 * there, on the JNA backend (it used to refuse anything before 22). Skipped without a JDK 17
 * under /usr/lib/jvm, and when the jar is older than the sources (the launcher would rebuild it).
 */
class LauncherIT {
    @Test
    void panuma_runsOnJava17_withTheJnaBackend() throws Exception {
        Optional<Path> jdk17 = jdk(17);
        assumeTrue(jdk17.isPresent(), "no JDK 17 under /usr/lib/jvm");
        assumeFreshBuild();
        String out = run(List.of(launcher(), "nodes"), null, Map.of("JAVA_HOME", jdk17.get().toString()));
        assertTrue(out.startsWith("backend jna"), "runs on 17 with JNA: " + out);
    }

    /**
     * The launcher's own share of a start: it finds its JDKs by reading their release files in
     * the shell, and its own directory with the shell's cd -P, so the one process it makes
     * before exec'ing java is find (is the jar stale?), exec'd in place of its substitution's
     * subshell. It made 8 (a subshell per JDK looked at, dirname, and more), then 3 (readlink,
     * and a subshell around find), a millisecond or two each of a command meant to start in a
     * tenth of a second.
     */
    @Test
    void launcher_makesOneProcessBeforeJava() throws Exception {
        Path strace = Paths.get("/usr/bin/strace");
        assumeTrue(Files.isExecutable(strace), "strace is not installed");
        Process probe = new ProcessBuilder(strace.toString(), "-f", "-o", "/dev/null", "true").redirectErrorStream(true).start();
        String refused = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(probe.waitFor() == 0, "strace cannot trace here (ptrace refused?): " + refused);
        assumeFreshBuild();
        Path log = Files.createTempFile("panuma-launcher", ".strace");
        try {
            run(List.of(strace.toString(), "-f", "-qq", "-e", "trace=clone,clone3,fork,vfork,execve", "-o", log.toString(),
                    launcher(), "--version"), null, Map.of());
            List<String> lines = Files.readAllLines(log);
            int java = 0;
            while (java < lines.size() && !(lines.get(java).contains("execve(") && lines.get(java).contains("/bin/java\""))) {
                java++;
            }
            assertTrue(java < lines.size(), "the launcher ran no java:\n" + String.join("\n", lines));
            long before = lines.subList(0, java).stream().filter(l -> l.matches("\\d+ +(clone|clone3|fork|vfork)\\(.*")).count();
            assertTrue(before <= 1, before + " processes before java:\n" + String.join("\n", lines.subList(0, java)));
            // The script itself, then find: no env in between (#!/usr/bin/env bash execs env, which searches $PATH).
            long execs = lines.subList(0, java).stream().filter(l -> l.matches("\\d+ +execve\\(.*\\) = 0")).count();
            assertTrue(execs <= 2, execs + " programs run before java:\n" + String.join("\n", lines.subList(0, java)));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * `./panuma nodes`, `./panuma where PID` and `./panuma where PID --regions` never open the
     * jar: every class they need is in the AOT cache, and opening the jar indexes its 3,300
     * entries, about 0.01 s of a 0.1 s command. It was opened three ways: by -jar (the JVM reads the manifest), by picocli's
     * default factory looking for Groovy on the class path, and by System.exit's logger lookup
     * (BENCHMARKS.md, start-up fifth pass).
     */
    @Test
    void nodesAndWhere_neverOpenTheJar() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the AOT cache needs Java 25+; this is " + Runtime.version().feature());
        Path strace = Paths.get("/usr/bin/strace");
        assumeTrue(Files.isExecutable(strace), "strace is not installed");
        assumeFreshBuild("panuma.aot");
        String self = Long.toString(ProcessHandle.current().pid());
        for (List<String> args : List.of(List.of("nodes"), List.of("where", self),
                List.of("where", self, "--regions"))) {
            Path log = Files.createTempFile("panuma-launcher", ".strace");
            try {
                List<String> cmd = new ArrayList<>(List.of(strace.toString(), "-f", "-qq",
                        "-e", "trace=open,openat,openat2", "-o", log.toString(), launcher()));
                cmd.addAll(args);
                run(cmd, null, THIS_JDK);
                List<String> lines = Files.readAllLines(log);
                // The reports made from /proc alone have a cache without the downcall linker.
                String cache = args.size() <= 2 ? "panuma-procfs.aot\"" : "panuma.aot\"";
                assertTrue(lines.stream().anyMatch(l -> l.contains(cache)), args + " used no " + cache + ":\n"
                        + String.join("\n", lines));
                List<String> opened = lines.stream().filter(l -> l.contains("panuma.jar\"")).toList();
                assertTrue(opened.isEmpty(), args + " opened the jar: " + opened);
            } finally {
                Files.deleteIfExists(log);
            }
        }
    }

    /**
     * `nodes` and `where PID` run from the cache that holds no method profiles, so the JVM has
     * nothing to replay from it: the launcher turns replay off for them (JDK 25 otherwise starts
     * the replay thread and wakes it at every class initialized, 4-6 ms of CPU; BENCHMARKS.md,
     * start-up eighth pass). Commands on the caches with profiles keep it. The JVM's own flag
     * table, printed through JDK_JAVA_OPTIONS, is the evidence.
     */
    @Test
    void shortReports_replayNoTraining_theOthersDo() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the AOT cache needs Java 25+; this is " + Runtime.version().feature());
        assumeFreshBuild("panuma-procfs.aot", "panuma.aot");
        String self = Long.toString(ProcessHandle.current().pid());
        Map<List<String>, String> expected = new LinkedHashMap<>();
        expected.put(List.of("nodes"), "false");
        expected.put(List.of("where", self), "false");
        expected.put(List.of("where", self, "--regions"), "true");
        for (var e : expected.entrySet()) {
            List<String> cmd = new ArrayList<>(List.of(launcher()));
            cmd.addAll(e.getKey());
            Map<String, String> env = new LinkedHashMap<>(THIS_JDK);
            env.put("JDK_JAVA_OPTIONS", "-XX:+UnlockDiagnosticVMOptions -XX:+PrintFlagsFinal");
            String out = run(cmd, null, env);
            List<String> flag = out.lines().filter(l -> l.matches("\\s*bool AOTReplayTraining\\s+=.*")).toList();
            assumeTrue(flag.size() == 1, "this JDK has no AOTReplayTraining flag");
            assertEquals(e.getValue(), flag.get(0).replaceAll(".*=\\s*(\\S+).*", "$1"), e.getKey() + ": " + flag.get(0));
        }
    }

    /**
     * The launcher finds its checkout with the shell's cd -P, then returns to the caller's
     * directory before java starts: reached through a symbolic link to the script, or by a
     * relative path through a symbolically linked directory, it runs the checkout's jar, and a
     * relative file name on the command line (--svg) still names a file in the caller's directory.
     */
    @Test
    void launcher_throughLinks_runsTheCheckoutInTheCallersDirectory() throws Exception {
        assumeFreshBuild();
        Path checkout = Paths.get("").toAbsolutePath();
        Path tmp = Files.createTempDirectory("panuma-launcher-links");
        try {
            Path bin = Files.createDirectories(tmp.resolve("bin"));
            Files.createSymbolicLink(bin.resolve("panuma"), checkout.resolve("panuma"));
            Files.createSymbolicLink(tmp.resolve("checkout"), checkout);
            Path work = Files.createDirectories(tmp.resolve("work"));
            String self = Long.toString(ProcessHandle.current().pid());
            int n = 0;
            for (String launcher : new String[] {bin.resolve("panuma").toString(), "../checkout/panuma"}) {
                String svg = "map" + (n++) + ".svg";
                String out = run(List.of(launcher, "where", self, "--svg", svg), work, THIS_JDK);
                assertTrue(Files.size(work.resolve(svg)) > 0, launcher + " wrote no " + work.resolve(svg) + ": " + out);
                assertTrue(!Files.exists(checkout.resolve(svg)), launcher + " wrote " + svg + " in the checkout");
            }
        } finally {
            try (Stream<Path> all = Files.walk(tmp)) {
                all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** JAVA_HOME for the launcher: the JDK running these tests. */
    private static final Map<String, String> THIS_JDK = Map.of("JAVA_HOME", System.getProperty("java.home"));

    private static String launcher() {
        return Paths.get("panuma").toAbsolutePath().toString();
    }

    /**
     * The launcher runs the built jar only while it is newer than the sources (else it rebuilds);
     * and the named AOT caches under target/ exist.
     */
    private static void assumeFreshBuild(String... caches) throws IOException {
        Path jar = Paths.get("target", "panuma.jar");
        boolean built = Files.isRegularFile(jar) && !newerThan(Paths.get("src", "main"), jar);
        for (String cache : caches) {
            built &= Files.isRegularFile(Paths.get("target", cache));
        }
        assumeTrue(built, "target/panuma.jar or a cache of " + List.of(caches) + " is missing, or older than the sources");
    }

    /** Runs CMD in DIR (null: this one) with ENV added; its output, once it has exited 0 within two minutes. */
    private static String run(List<String> cmd, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), cmd + " did not exit within two minutes");
        assertEquals(0, p.exitValue(), cmd + ": " + out);
        return out;
    }

    static Optional<Path> jdk(int feature) throws IOException {
        try (Stream<Path> homes = Files.list(Paths.get("/usr/lib/jvm"))) {
            return homes.filter(h -> !Files.isSymbolicLink(h) && Files.isExecutable(h.resolve("bin/javac")))
                    .filter(h -> {
                        try {
                            return Files.readAllLines(h.resolve("release")).stream()
                                    .anyMatch(l -> l.startsWith("JAVA_VERSION=\"" + feature + "."));
                        } catch (IOException e) {
                            return false;
                        }
                    }).findFirst();
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static boolean newerThan(Path dir, Path file) throws IOException {
        long t = Files.getLastModifiedTime(file).toMillis();
        try (Stream<Path> all = Files.walk(dir)) {
            return all.anyMatch(f -> {
                try {
                    return Files.getLastModifiedTime(f).toMillis() > t;
                } catch (IOException e) {
                    return true;
                }
            });
        }
    }
}
