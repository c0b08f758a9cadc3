package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CLI's start-up is its JVM's class loading (BENCHMARKS.md, "Start-up"): the Prometheus
 * client and the exporter must load for `panuma exporter` only, never for another command, nor
 * for the help that lists every command.
 */
class ExporterStaysUnloadedIT {
    @Test
    void otherCommandsAndTheHelp_loadNoPrometheusClass() throws Exception {
        for (List<String> args : List.of(List.of("nodes"), List.of("nodes", "--json"), List.of("--help"),
                List.of("exporter", "--help"), List.of("where", Long.toString(ProcessHandle.current().pid())))) {
            String classes = loadedClasses(args);
            assertTrue(classes.contains("org.panuma.cli.PanumaCli"), "the log lists loaded classes: " + args);
            for (String line : classes.lines().toList()) {
                assertTrue(!line.contains("io.prometheus.") && !line.contains("org.panuma.exporter.")
                        && !line.contains("org.panuma.cli.ExporterLauncher"), args + " loaded: " + line);
            }
        }
    }

    private static String loadedClasses(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xlog:class+load=info:stdout", "-jar",
                Path.of("target/panuma.jar").toAbsolutePath().toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), args + ":\n" + out.lines().filter(l -> !l.startsWith("[")).toList());
        return out;
    }
}
