package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged jar as a JPMS module: a tiny module-path program that {@code requires org.panuma}
 * compiles against the api, places memory with it, plans, predicts, moves and verifies a move of its
 * own process's memory, reads its regions' policies, the memory tiers and NUMA balancing, and
 * catches the "no such process" of another, and sees exactly the exported packages —
 * {@code org.panuma.api.foreign} on Java 23+ only, no backend package ever. Run with
 * {@code --illegal-native-access=deny}, it cannot reach memory through panuma's native access:
 * nothing exported returns a buffer, the backends' raw memory methods refuse reflection, and a
 * NodeMemory buffer used after close throws on FFM instead of crashing the JVM.
 */
class ModulePathIT {

    private static final String MAIN = String.join("\n",
            "package demo;",
            "import org.panuma.api.*;",
            "public class Main {",
            "  public static void main(String[] args) {",
            "    Numa numa = Numa.open();",
            "    int node = numa.topology().withMemory().first();",
            "    try (NodeMemory mem = numa.memory(MemoryPolicy.bind(node))) {",
            "      java.nio.ByteBuffer b = mem.allocateBuffer(4 * numa.pageSize());",
            "      for (int i = 0; i < b.capacity(); i += numa.pageSize()) b.put(i, (byte) 1);",
            "      ProcessMemory self = ProcessMemory.of(numa, (int) ProcessHandle.current().pid());",
            "      boolean heap = self.regions().stream().anyMatch(r -> r.kind() == org.panuma.spi.RegionKind.HEAP);",
            "      MovePlan plan = self.plan(Selection.all());",
            "      String gone = \"not caught\";",
            "      try {",
            "        ProcessMemory.of(numa, 0x3fffffff).regions();",
            "      } catch (org.panuma.spi.NoSuchProcessException e) {",
            "        gone = \"caught\";",
            "      }",
            "      long start = mem.address(b);",
            "      MovePlan mine = self.plan(new Selection(java.util.List.of(), new AddressRange(start, start + b.capacity()),",
            "          null, null));",
            "      String predicted;",
            "      try {",
            "        PredictedMove p = self.predict(mine, node, false);",
            "        ProcessMoveReport r = self.move(mine, node, MoveOptions.defaults(), 1, MoveProgress.NONE);",
            "        Verification v = p.verify(r);",
            "        predicted = v.agreeing() + \"/\" + v.compared() + \" \" + p.outcomes() + \" \" + p.caller();",
            "      } catch (IllegalStateException simulated) {",
            "        predicted = \"refused on the simulated backend\";",
            "      }",
            "      System.out.println(\"predicted=\" + predicted);",
            // What `panuma policy` and `panuma nodes` show beyond the topology, through exported types only.
            "      boolean bound = RegionPolicy.ofProcess((int) ProcessHandle.current().pid()).stream()",
            "          .anyMatch(r -> r.policy().equals(\"bind:\" + node) && r.mode().equals(\"bind\"));",
            "      org.panuma.spi.MemoryTiering tiering = numa.memoryTiering();",
            "      org.panuma.spi.NumaBalancing balancing = numa.numaBalancing();",
            "      System.out.println(\"policies: bound=\" + bound + \" tiered=\" + !tiering.tiers().isEmpty()",
            "          + \" balancing=\" + balancing);",
            "      Module m = Numa.class.getModule();",
            // No exported type hands out memory: the spi's methods return no buffer, and the
            // backend's own (raw memory) methods are out of reach, reflection included.
            "      boolean bufferMethod = java.util.Arrays.stream(org.panuma.spi.NumaSyscalls.class.getMethods())",
            "          .anyMatch(x -> x.getReturnType() == java.nio.ByteBuffer.class);",
            "      String raw;",
            "      try {",
            "        java.lang.reflect.Method read = numa.syscalls().getClass().getMethod(\"buffer\", long.class, int.class);",
            "        read.invoke(numa.syscalls(), 4096L, 8);",
            "        raw = \"read\";",
            "      } catch (IllegalAccessException e) {",
            "        raw = \"refused\";",
            "      } catch (ReflectiveOperationException | RuntimeException e) {",
            "        raw = \"refused:\" + e;",
            "      }",
            "      System.out.println(\"raw: bufferMethod=\" + bufferMethod + \" reflective=\" + raw",
            "          + \" memoryPackage=\" + m.isExported(\"org.panuma.spi.memory\"));",
            "      System.out.println(\"process: heap=\" + heap + \" planned=\" + (plan.pages().length > 0)",
            "          + \" gone=\" + gone);",
            "      System.out.println(\"module=\" + m.getName() + \" backend=\" + numa.backend()",
            "          + \" onNode=\" + mem.where(b).allOn(node)",
            "          + \" foreign=\" + m.isExported(\"org.panuma.api.foreign\")",
            "          + \" backendPackage=\" + m.isExported(\"org.panuma.backend.jna\"));",
            "    }",
            // A buffer used after its NodeMemory closed: an exception on FFM, never a crash.
            "    if (numa.backend().equals(\"ffm\")) {",
            "      NodeMemory mem = numa.memory(MemoryPolicy.bind(node));",
            "      java.nio.ByteBuffer b = mem.allocateBuffer(numa.pageSize());",
            "      b.put(0, (byte) 7);",
            "      mem.close();",
            "      try {",
            "        System.out.println(\"afterClose=read \" + b.get(0));",
            "      } catch (IllegalStateException e) {",
            "        System.out.println(\"afterClose=threw \" + e.getMessage());",
            "      }",
            "    }",
            "  }",
            "}");

    @ParameterizedTest(name = "{0}")
    @MethodSource(TestNuma.BACKENDS)
    void aModulePathProgram_usesTheApi_andSeesOnlyTheExportedPackages(String backend, @TempDir Path dir)
            throws Exception {
        TestNuma.open(backend); // skipped when this backend cannot run in this JVM
        boolean java23 = Runtime.version().feature() >= 23;
        Path jar = codeSource(Numa.class);
        assumeTrue(jar.toString().endsWith(".jar"), "runs against the packaged jar (failsafe), not " + jar);
        String modulePath = jar + File.pathSeparator + codeSource(Class.forName("com.sun.jna.Native"));

        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("demo"));
        Files.write(src.resolve("module-info.java"), "module demo { requires org.panuma; }".getBytes(StandardCharsets.UTF_8));
        Files.write(src.resolve("demo/Main.java"), MAIN.getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve("out");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "--module-path", modulePath, "-d", out.toString(),
                src.resolve("module-info.java").toString(), src.resolve("demo/Main.java").toString());
        assertEquals(0, compiled, "the demo module compiles against the api");

        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        if (java23) {
            // The application itself may not call native code; only panuma and JNA may.
            command.add("--enable-native-access=org.panuma,com.sun.jna");
            command.add("--illegal-native-access=deny");
        }
        command.add("-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"));
        command.add("-Dpanuma.backend=" + backend);
        command.add("--module-path");
        command.add(out + File.pathSeparator + modulePath);
        command.add("-m");
        command.add("demo/demo.Main");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the demo finished");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("process: heap=true planned=true gone=caught"), output);
        // The prediction api from the module path: the buffer's 4 pages, already on their node, each as predicted.
        assertTrue(output.contains(backend.equals("sim") ? "predicted=refused on the simulated backend"
                : "predicted=4/4 {" + Outcome.ALREADY + "=4} CallerRights[sameProcess=true"), output);
        assertTrue(output.contains("module=org.panuma backend=" + backend + " onNode=true foreign=" + java23
                + " backendPackage=false"), output);
        // The sim backend binds no real memory and has no kernel to tier or balance.
        assertTrue(backend.equals("sim") ? output.contains("policies: bound=false tiered=false balancing=OFF")
                : output.contains("policies: bound=true tiered=" + hostHasMemoryTiers()), output);
        assertTrue(output.contains("raw: bufferMethod=false reflective=refused memoryPackage=false"), output);
        if (backend.equals("ffm")) {
            assertTrue(output.contains("afterClose=threw"), output);
        }
        try (var crashes = Files.list(dir)) {
            assertEquals(List.of(), crashes.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList(),
                    "the JVM did not crash");
        }
    }

    /** Whether this kernel sorts nodes into memory tiers (6.1+): a memory_tierN directory in sysfs. */
    private static boolean hostHasMemoryTiers() throws java.io.IOException {
        Path dir = Path.of("/sys/devices/virtual/memory_tiering");
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var tiers = Files.list(dir)) {
            return tiers.anyMatch(t -> t.getFileName().toString().matches("memory_tier\\d+"));
        }
    }

    /**
     * The library jar (the main artifact, org.panuma:panuma) as {@code jar --describe-module}
     * sees it: the named module org.panuma, not an automatic one, requiring JNA and the command
     * line's libraries only statically; none of them is inside it, and its POM declares JNA as the
     * one dependency a user gets (the others optional). The CLI's fat jar is another file.
     */
    @Test
    void theLibraryJar_isTheNamedModule_withItsDependenciesDeclaredNotInside() throws Exception {
        Path jar = codeSource(Numa.class);
        assumeTrue(jar.toString().endsWith(".jar"), "runs against the packaged jar (failsafe), not " + jar);
        StringWriter out = new StringWriter();
        int rc = java.util.spi.ToolProvider.findFirst("jar").orElseThrow().run(new PrintWriter(out, true), new PrintWriter(out, true),
                "--describe-module", "--file", jar.toString());
        String module = out.toString();
        assertEquals(0, rc, module);
        assertTrue(module.lines().anyMatch(l -> l.startsWith("org.panuma@")), "the named module org.panuma: " + module);
        assertFalse(module.contains("automatic"), module);
        assertTrue(module.lines().anyMatch(l -> l.equals("requires com.sun.jna")), module);
        for (String cli : List.of("info.picocli", "com.fasterxml.jackson.databind", "me.tongfei.progressbar")) {
            assertTrue(module.lines().anyMatch(l -> l.equals("requires " + cli + " static")), cli + ": " + module);
        }
        assertTrue(module.lines().anyMatch(l -> l.equals("exports org.panuma.api")), module);

        String pom;
        try (JarFile jf = new JarFile(jar.toFile())) {
            List<String> foreign = jf.stream().map(e -> e.getName()).filter(n -> n.startsWith("com/fasterxml/")
                    || n.startsWith("com/sun/jna/") || n.startsWith("picocli/") || n.startsWith("org/jline/")
                    || n.startsWith("me/tongfei/") || n.startsWith("io/prometheus/")).toList();
            assertEquals(List.of(), foreign, "no dependency is inside the library jar");
            pom = new String(jf.getInputStream(jf.getEntry("META-INF/maven/org.panuma/panuma/pom.xml")).readAllBytes(),
                    StandardCharsets.UTF_8);
        }
        Matcher dep = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(pom);
        List<String> transitive = new ArrayList<>();
        while (dep.find()) {
            String d = dep.group(1);
            if (!d.contains("<optional>true</optional>") && !d.contains("<scope>test</scope>")) {
                Matcher a = Pattern.compile("<artifactId>(.*?)</artifactId>").matcher(d);
                assertTrue(a.find(), d);
                transitive.add(a.group(1));
            }
        }
        assertEquals(List.of("jna"), transitive, "a library user gets JNA only");

        Path cli = jar.resolveSibling("panuma.jar");
        assertTrue(Files.isRegularFile(cli) && !Files.isSameFile(cli, jar), "the CLI's jar is apart: " + cli);
    }

    private static Path codeSource(Class<?> c) throws Exception {
        return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
