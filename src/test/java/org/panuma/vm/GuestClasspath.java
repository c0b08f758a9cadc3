package org.panuma.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Prepares, on the host, what makes the guest's JVM start fast: target/test-classes as a jar
 * (class-data sharing accepts only jars), and a dynamic CDS archive for the guest's exact
 * class path and this JDK, dumped by a host JVM that only discovers the guest tests. Under TCG
 * every class the JVM need not parse and verify saves real time; on a JDK where dumping fails
 * the guest simply starts without the archive.
 */
final class GuestClasspath {
    private GuestClasspath() {
    }

    /** Writes target/vm-lib/guest-tests.jar and, best effort, guest-tests-javaN.jsa. */
    static void prepare(Path target) throws IOException {
        Path lib = target.resolve("vm-lib");
        Path jar = lib.resolve("guest-tests.jar");
        jar(target.resolve("test-classes"), jar);
        int version = Runtime.version().feature();
        Path jsa = lib.resolve("guest-tests-java" + version + ".jsa");
        Files.deleteIfExists(jsa);
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String cp = String.join(":", target.resolve("panuma.jar").toString(), jar.toString(),
                lib.resolve(GuestJUnit.CONSOLE_LAUNCHER).toString());
        // Same GC and module options as run-guest-tests, or the guest JVM rejects the archive.
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:-UsePerfData"));
        if (version >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + jsa, "-cp", cp, "org.junit.platform.console.ConsoleLauncher",
                "discover", "--disable-banner", "--select-package=" + GuestJUnit.GUEST_PACKAGE,
                "--include-classname=.*GuestTest"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(lib.resolve("cds-dump.log").toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void jar(Path classes, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(p -> !p.equals(classes)).sorted().toList()) {
                String name = classes.relativize(p).toString().replace('\\', '/');
                // Directory entries too: JUnit's package scan finds a package through them.
                out.putNextEntry(new JarEntry(Files.isDirectory(p) ? name + "/" : name));
                if (Files.isRegularFile(p)) {
                    Files.copy(p, out);   // does not close the jar stream
                }
                out.closeEntry();
            }
        }
    }
}
