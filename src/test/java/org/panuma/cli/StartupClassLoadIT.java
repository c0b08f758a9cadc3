package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Start-up is class loading (BENCHMARKS.md, item 5): a command loads only what it uses. Under the
 * FFM backend, `panuma nodes` and `panuma where PID` print text, so neither Jackson (JSON) nor
 * JNA (the other backend) may load. Each command runs as `./panuma` starts it: the packaged jar,
 * the launcher's JVM options and, on JDK 25+, the shipped AOT cache, whose classes the JVM
 * loads all at start; so this also fails when the cache is trained on something that pulls
 * them in. The class-load log of the real run is the evidence.
 */
class StartupClassLoadIT {
    private static final Path JAR = Path.of("target/panuma.jar").toAbsolutePath();
    private static final Path AOT = Path.of("target/panuma.aot").toAbsolutePath();
    private static final Pattern PUBLIC_INTERFACE_PROXY =
            Pattern.compile(" (jdk\\.proxy\\d+|com\\.sun\\.proxy)\\.\\S*\\$Proxy\\d+ ");

    @Test
    void textCommandsUnderFfm_loadNeitherJacksonNorJna() throws Exception {
        assumeTrue(Runtime.version().feature() >= 23, "the FFM backend needs Java 23+; this is "
                + Runtime.version().feature() + " (the JNA backend serves it, and loads JNA by design)");
        String self = Long.toString(ProcessHandle.current().pid());
        for (List<String> args : List.of(List.of("nodes"), List.of("where", self))) {
            List<String> classes = loadedClasses(args);
            assertTrue(classes.stream().anyMatch(l -> l.contains(" org.panuma.backend.ffm.FfmBackend ")),
                    args + " ran on the FFM backend: " + classes.size() + " classes loaded");
            for (String line : classes) {
                assertTrue(!line.contains(" com.fasterxml.jackson.") && !line.contains(" com.sun.jna."),
                        args + " (text output, FFM backend) loaded: " + line);
            }
        }
    }

    /**
     * `panuma nodes` makes no system call (its topology is sysfs and /proc/thread-self/status, and
     * the backend's availability is known from the Seccomp line when no filter applies), so under
     * FFM it links no downcall: linking one spins a DowncallStub class and method handles, about
     * a tenth of a second of CPU (BENCHMARKS.md, item 5). `where` does link one (its queries), so
     * the log can show the stub when it happens.
     */
    @Test
    void nodesUnderFfm_linksNoDowncall() throws Exception {
        assumeFfmWithoutSeccomp();
        List<String> nodes = loadedClasses(List.of("nodes"));
        assertTrue(nodes.stream().anyMatch(l -> l.contains(" org.panuma.backend.ffm.FfmBackend ")),
                "nodes ran on the FFM backend: " + nodes.size() + " classes loaded");
        for (String line : nodes) {
            assertTrue(!line.contains(".DowncallStub"), "nodes linked a downcall: " + line);
        }
        String self = Long.toString(ProcessHandle.current().pid());
        assertTrue(loadedClasses(List.of("where", self, "--regions")).stream().anyMatch(l -> l.contains(".DowncallStub")),
                "where, which queries pages, linked no downcall: the check above could not see one");
    }

    /**
     * The cache of the short reports (`nodes`, `where PID`) holds classes, not method profiles:
     * with the training run's profiles the JVM compiles, at every start, the methods that ran hot
     * in training (40 compilations in `where PID` instead of 15), CPU that a report of a tenth of a
     * second never earns back (BENCHMARKS.md, start-up seventh pass). The JVM's own listing of
     * the cache's training data is the evidence: its dictionary has no entry.
     */
    @Test
    void procfsCache_holdsNoMethodProfiles() throws Exception {
        Path procfs = AOT.resolveSibling("panuma-procfs.aot");
        assumeTrue(Runtime.version().feature() >= 25 && Files.isRegularFile(procfs),
                "the AOT cache needs Java 25+ and a built target/panuma-procfs.aot");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UnlockDiagnosticVMOptions", "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+AOTPrintTrainingInfo",
                "-XX:AOTCache=" + procfs, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-cp", JAR.toString(), "-version").redirectErrorStream(true).start();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, p.waitFor(), String.join("\n", out));
        int dictionary = out.indexOf("Archived TrainingData Dictionary");
        assumeTrue(dictionary >= 0, "this JDK does not list a cache's training data (-XX:+AOTPrintTrainingInfo)");
        List<String> entries = out.subList(dictionary + 1, out.size()).stream()
                .filter(l -> l.matches("\\s+\\d+: .*")).toList();
        assertTrue(entries.isEmpty(), () -> entries.size() + " method profiles in " + procfs + ", the first: "
                + entries.get(0));
    }

    /**
     * The short reports load every class from the AOT cache, the JDK's and panuma's alike (classes
     * the JVM generates at run time aside): a class read from the jar makes the JVM open the jar
     * and index its 3,300 entries first, and one from the JDK's modules file is parsed and
     * verified at every start. It caught the FFM backend in the jar's versioned entries, which
     * the cache refuses, and the thread that links the downcall, which training did not start
     * (BENCHMARKS.md, start-up fifth pass).
     */
    @Test
    void shortReports_loadNoClassFromTheJarOrTheJdkModules() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25 && Files.isRegularFile(AOT),
                "the AOT cache needs Java 25+ and a built target/panuma.aot");
        String self = Long.toString(ProcessHandle.current().pid());
        for (List<String> args : List.of(List.of("nodes"), List.of("where", self), List.of("where", self, "--regions"),
                List.of("policy", self))) {
            List<String> classes = loadedClasses(args);
            assertTrue(classes.stream().anyMatch(l -> l.contains(" org.panuma.cli.PanumaCli source: shared objects file")),
                    args + " ran from the AOT cache: " + classes.size() + " classes loaded");
            for (String line : classes) {
                assertTrue(!line.contains(" source: file:") && !(line.contains(" source: jrt:") && !loadedOnlyFromACache(line)),
                        args + " loaded a class outside the AOT cache: " + line);
            }
        }
    }

    /**
     * picocli reads annotations by reflection, and each annotation type it reads is a dynamic proxy
     * class that the JVM generates at run time, with the class-file API, and that the AOT cache
     * cannot hold: seven of them took about 0.05 s of `panuma nodes` (BENCHMARKS.md, start-up third
     * pass). The commands declare their model in code (CommandSpecs), so none is generated.
     */
    @Test
    void nodesAndWhere_generateNoAnnotationProxy() throws Exception {
        String self = Long.toString(ProcessHandle.current().pid());
        // `where` under JNA (Java 17-22) lays out JNA structures, and JNA reads its own annotations
        // for that: proxies the log cannot tell from picocli's. Under FFM nothing else reads any.
        List<List<String>> commands = Runtime.version().feature() >= 23
                ? List.of(List.of("nodes"), List.of("where", self)) : List.of(List.of("nodes"));
        for (List<String> args : commands) {
            List<String> classes = loadedClasses(args);
            assertTrue(classes.stream().anyMatch(l -> l.contains(" org.panuma.cli.PanumaCli ")),
                    args + ": the log names the classes loaded (" + classes.size() + ")");
            for (String line : classes) {
                // "jdk.proxy1.$Proxy0 source: __dynamic_proxy__": annotation types are public, so the
                // JDK defines their proxies in its own proxy packages. (JNA's proxy of panuma's
                // package-private library interface, under JNA on Java 17-22, is in org.panuma.)
                assertTrue(!PUBLIC_INTERFACE_PROXY.matcher(line).find(),
                        args + " generated an annotation proxy class: " + line);
            }
        }
    }

    /**
     * The reports made from /proc and /sys alone touch no foreign memory, so they initialize none
     * of java.lang.foreign's classes: a MemorySegment constant in the FFM backend (mmap's
     * MAP_FAILED) initialized eight of them at every start of `nodes` and `where PID`. `where
     * PID --regions` queries pages through the backend and does initialize them, so the log shows
     * them when they happen.
     */
    @Test
    void shortReportsUnderFfm_initializeNoForeignMemoryClass() throws Exception {
        assumeFfmWithoutSeccomp();
        String self = Long.toString(ProcessHandle.current().pid());
        for (List<String> args : List.of(List.of("nodes"), List.of("where", self))) {
            List<String> initialized = jvmLog(args, "class+init", "Initializing '");
            assertTrue(initialized.stream().anyMatch(l -> l.contains("Initializing 'org/panuma/backend/ffm/FfmBackend'")),
                    args + " ran on the FFM backend: " + initialized.size() + " classes initialized");
            List<String> foreign = initialized.stream().filter(l -> l.contains("Initializing 'java/lang/foreign/")).toList();
            assertTrue(foreign.isEmpty(), args + " initialized " + foreign);
        }
        assertTrue(jvmLog(List.of("where", self, "--regions"), "class+init", "Initializing '").stream()
                        .anyMatch(l -> l.contains("Initializing 'java/lang/foreign/MemorySegment'")),
                "where --regions, which queries pages, initialized no MemorySegment: the check above could not see one");
    }

    @Test
    void jsonOutput_loadsJackson() throws Exception {
        // The other side of the check above: the log does name Jackson's classes when they load.
        List<String> classes = loadedClasses(List.of("nodes", "--json"));
        assertTrue(classes.stream().anyMatch(l -> l.contains(" com.fasterxml.jackson.databind.ObjectMapper ")),
                "nodes --json loaded no ObjectMapper among " + classes.size() + " classes");
    }

    /** The FFM backend, known available without a system call (no seccomp filter to ask about). */
    private static void assumeFfmWithoutSeccomp() throws java.io.IOException {
        assumeTrue(Runtime.version().feature() >= 23, "the FFM backend needs Java 23+; this is "
                + Runtime.version().feature());
        assumeTrue(Files.readString(Path.of("/proc/thread-self/status")).contains("Seccomp:\t0"),
                "this JVM runs under a seccomp filter: the backend then probes with a real call");
    }

    /**
     * A JDK class that only a run from a cache loads, so that no training run can put it in one:
     * the cache holds call sites linked in training, and the first call of one whose target class
     * is not initialized yet goes through an initialization barrier that needs this class (in
     * training, linking the call site initialized the class instead).
     */
    private static boolean loadedOnlyFromACache(String line) {
        return line.contains(" java.lang.invoke.DirectMethodHandle$1 ");
    }

    /**
     * The cache ./panuma picks for these arguments: JSON's for --json, the /proc-only reports' for
     * `nodes` and `where PID`, else the text cache.
     */
    private static Path cacheOf(List<String> args) {
        Path json = AOT.resolveSibling("panuma-json.aot");
        Path procfs = AOT.resolveSibling("panuma-procfs.aot");
        if (args.contains("--json") && Files.isRegularFile(json)) {
            return json;
        }
        boolean procfsOnly = args.equals(List.of("nodes")) || (args.size() == 2 && args.get(0).equals("where"));
        return procfsOnly && Files.isRegularFile(procfs) ? procfs : AOT;
    }

    /** The class-load lines of one run of the command, started with the launcher's JVM options (and cache). */
    private static List<String> loadedClasses(List<String> args) throws Exception {
        return jvmLog(args, "class+load", "[class,load]");
    }

    /** The lines of one JVM log tag ("class+load") that one run of the command writes, marked so ("[class,load]"). */
    private static List<String> jvmLog(List<String> args, String tag, String mark) throws Exception {
        int feature = Runtime.version().feature();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        if (feature >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        Path cache = cacheOf(args);
        if (feature >= 25 && Files.isRegularFile(cache)) {
            cmd.addAll(List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off"));
        }
        cmd.addAll(List.of("-Xlog:" + tag + "=info:stdout", "-cp", JAR.toString(), "org.panuma.cli.PanumaCli"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), args + ":\n" + out.lines().filter(l -> !l.startsWith("[")).toList());
        return out.lines().filter(l -> l.contains(mark)).toList();
    }
}
