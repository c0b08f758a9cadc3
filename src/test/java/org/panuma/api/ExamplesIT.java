package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs each program of examples/ briefly, the way examples/run does (the jar plus
 * target/examples on the class path), and checks what it printed.
 */
class ExamplesIT {

    @Test
    void nodeLocalBufferPool_fillsEachNodesBuffersFromThatNode_andTheyAreThere() throws Exception {
        Numa numa = Numa.open();
        String out = run("NodeLocalBufferPool", "4", "16");
        for (int node : numa.topology().withMemory().toArray()) {
            if (numa.topology().node(node).orElseThrow().cpus().isEmpty()) {
                continue;
            }
            assertTrue(out.contains("node " + node + ": 4 buffers of 16 KiB filled by a thread on node " + node
                    + "; 16 of 16 pages on node " + node), out);
        }
    }

    @Test
    void whereIsMyMemory_reportsTheJvmsResidentMemoryPerNode() throws Exception {
        Numa numa = Numa.open();
        String out = run("WhereIsMyMemory");
        int[] nodes = numa.topology().withMemory().toArray();
        for (int n : nodes) {
            assertTrue(out.contains("node " + n + " MiB"), out);
        }
        String anonymous = Arrays.stream(out.split("\n")).filter(l -> l.startsWith("anonymous")).findFirst()
                .orElseThrow(() -> new AssertionError("no anonymous row:\n" + out));
        // columns: kind, mappings, mapped MiB, one column per node, not present MiB
        String[] cols = anonymous.trim().split("\\s+");
        double resident = 0;
        for (int i = 0; i < nodes.length; i++) {
            resident += Double.parseDouble(cols[3 + i]);
        }
        assertTrue(resident > 1.0, "a running JVM has more than 1 MiB of anonymous memory resident: " + anonymous);
    }

    @Test
    void hotSegment_endsUpOnTheWorkersNode() throws Exception {
        assumeTrue(Runtime.version().feature() >= 23, "HotSegment uses MemorySegment (Java 23+ here)");
        String out = run("HotSegment", "4", "2");
        Matcher m = Pattern.compile("worker on node (\\d+), segment starts on node (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        int worker = Integer.parseInt(m.group(1));
        int start = Integer.parseInt(m.group(2));
        assertTrue(out.contains("after:  1024 pages, node " + worker + ": 1024"), out);
        assertTrue(out.contains((worker == start ? "moved 0 pages, 1024 already there" : "moved 1024 pages, 0 already there")
                + ", 0 failed"), out);
        assertTrue(out.contains("ms per pass before"), out);
    }

    /** Another process's memory: predicted, moved, verified; on one node the move is to node 0 and changes nothing. */
    @Test
    void predictMoveVerify_agreesWithTheMoveOnEveryPage() throws Exception {
        String out = run("PredictMoveVerify", "4");
        assertTrue(out.contains("predicted (engine profile v"), out);
        Matcher m = Pattern.compile("verified: (\\d+) of (\\d+) pages as predicted").matcher(out);
        assertTrue(m.find(), out);
        assertEquals(1024, Integer.parseInt(m.group(2)), "4 MiB of 4 KiB pages compared: " + out);
        assertEquals(m.group(2), m.group(1), "every page as predicted: " + out);
    }

    @Test
    void predictMoveVerify_movesTheOtherProcessToTheLastNode() throws Exception {
        int[] nodes = Numa.open().topology().withMemory().toArray();
        assumeTrue(nodes.length >= 2, "a move between nodes needs two nodes with memory");
        int to = nodes[nodes.length - 1];
        String out = run("PredictMoveVerify", "4");
        assertTrue(out.contains("pages to node " + to + ": {moved=1024}"), out);
        assertTrue(out.contains("now {" + to + "=1024}"), out);
    }

    private static String run(String example, String... args) throws Exception {
        Path examples = Paths.get("target", "examples");
        assumeTrue(Files.isDirectory(examples), "examples are built into target/examples");
        String classPath = codeSource(Numa.class) + File.pathSeparator + codeSource(Class.forName("com.sun.jna.Native"))
                + File.pathSeparator + examples.toAbsolutePath();
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 23) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.add("-cp");
        command.add(classPath);
        command.add("org.panuma.examples." + example);
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), example + " finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static Path codeSource(Class<?> c) throws Exception {
        return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
