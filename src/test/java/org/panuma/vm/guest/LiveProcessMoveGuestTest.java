package org.panuma.vm.guest;

import org.panuma.vm.GuestSlowdown;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.panuma.spi.Backends;
import org.panuma.spi.NumaSyscalls;

/**
 * Issue 4 (c): a live process, writing and checking a pattern over its memory all the while, is
 * moved from node 0 to the last node by the CLI, as a separate process, the way an operator
 * would. Afterwards every page of its buffer is on the new node (move_pages query and
 * /proc/PID/numa_maps) and the target found no corrupted byte.
 */
class LiveProcessMoveGuestTest {
    static final int MIB = 16;
    static final int JVM_MIB = 4;
    /** Generous: a JVM under TCG on a busy host takes tens of seconds to start. */
    static final Duration START = GuestSlowdown.scaled(Duration.ofMinutes(4));

    @Test
    void cTarget_movedByTheCliWhileWriting_endsOnTheNewNodeUncorrupted() throws Exception {
        int to = GuestEnvironment.nodes() - 1;
        String writer = GuestEnvironment.targets().resolve("pattern-writer").toString();
        try (TargetProcess target = TargetProcess.start("pattern-writer", List.of(writer, String.valueOf(MIB), "0"))) {
            long[] range = hexRange(target.awaitLine("range ", START).substring("range ".length()));
            target.awaitLine("ready", START);
            assertAllOn(0, target.pid(), range, "before the move");

            moveWithCli(target.pid(), to, range);

            assertAllOn(to, target.pid(), range, "after the move");
            target.signal("TERM");
            assertEquals(0, target.awaitExit(START), target.output());
            String out = target.output();
            assertTrue(out.contains("corrupted 0"), out);
            assertTrue(!out.contains("passes 0"), "the target kept writing: " + out);
        }
    }

    @Test
    void jvmTarget_movedByTheCliWhileWriting_endsOnTheNewNodeUncorrupted() throws Exception {
        int to = GuestEnvironment.nodes() - 1;
        // This target spends its life in one hot loop: there the JIT pays (C1; the interpreter
        // needs seconds per pass even over 4 MiB under TCG). The CLI, all start-up, stays interpreted.
        List<String> cmd = new ArrayList<>(List.of(GuestEnvironment.java().toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-XX:-UsePerfData"));
        if (Runtime.version().feature() >= 23) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-cp", GuestEnvironment.jar().toString(), "org.panuma.cli.demo.PatternTarget",
                String.valueOf(JVM_MIB), "0"));
        try (TargetProcess target = TargetProcess.start("PatternTarget", cmd)) {
            long[] range = hexRange(target.awaitLine("ready ", START).substring("ready ".length()));
            assertAllOn(0, target.pid(), range, "before the move");

            moveWithCli(target.pid(), to, range);

            assertAllOn(to, target.pid(), range, "after the move");
            target.write("stop");
            String done = target.awaitLine("done ", START);
            assertTrue(done.contains("corrupted=0"), done);
            assertTrue(!done.contains("passes=0"), "the target kept writing: " + done);
        }
    }

    /** `panuma move PID --to NODE --range START-END`, in its own JVM; must exit 0. */
    static void moveWithCli(long pid, int to, long[] range) throws Exception {
        List<String> cmd = java();
        cmd.addAll(List.of("-jar", GuestEnvironment.jar().toString(), "move", String.valueOf(pid), "--to",
                String.valueOf(to), "--range", "0x" + Long.toHexString(range[0]) + "-0x" + Long.toHexString(range[1]),
                "--no-progress"));
        try (TargetProcess cli = TargetProcess.start("panuma move", cmd)) {
            int exit = cli.awaitExit(START);
            assertEquals(0, exit, "panuma move exit code; output:\n" + cli.output());
        }
    }

    /** Every page of {@code range} in {@code pid} is on {@code node}: move_pages query and numa_maps. */
    static void assertAllOn(int node, long pid, long[] range, String when) throws IOException {
        NumaSyscalls sys = Backends.open(null);
        int pageSize = sys.pageSize();
        int pages = (int) ((range[1] - range[0]) / pageSize);
        long[] addresses = new long[pages];
        for (int i = 0; i < pages; i++) {
            addresses[i] = range[0] + (long) i * pageSize;
        }
        int[] status = new int[pages];
        sys.movePages((int) pid, addresses, null, status, 0, pages, 0);
        int[] expected = new int[pages];
        Arrays.fill(expected, node);
        assertArrayEquals(expected, status, when + ": move_pages query of pid " + pid);

        String line = numaMapsLine(pid, range[0]);
        Matcher m = Pattern.compile(" N" + node + "=(\\d+)").matcher(line);
        assertTrue(m.find() && Long.parseLong(m.group(1)) >= pages,
                when + ": numa_maps should show " + pages + " pages on N" + node + ": " + line);
    }

    /** The numa_maps line of the VMA holding {@code address} in {@code pid}. */
    static String numaMapsLine(long pid, long address) throws IOException {
        String start = null;
        for (String line : Files.readAllLines(Paths.get("/proc/" + pid + "/maps"))) {
            String[] r = line.substring(0, line.indexOf(' ')).split("-");
            if (Long.parseUnsignedLong(r[0], 16) <= address && address < Long.parseUnsignedLong(r[1], 16)) {
                start = r[0].replaceFirst("^0+(?=.)", "");
            }
        }
        for (String line : Files.readAllLines(Paths.get("/proc/" + pid + "/numa_maps"))) {
            if (line.startsWith(start + " ")) {
                return line;
            }
        }
        throw new AssertionError("no numa_maps line for " + Long.toHexString(address) + " in pid " + pid);
    }

    /** "7f00 7f10" or "7f00-7f10" (hex) -> {start, end}. */
    static long[] hexRange(String s) {
        String[] p = s.trim().split("[ -]");
        return new long[] {Long.parseUnsignedLong(p[0], 16), Long.parseUnsignedLong(p[1], 16)};
    }

    /** This JVM's launcher with the flags the guest tests run with (interpreter: see run-guest-tests). */
    static List<String> java() {
        List<String> cmd = new ArrayList<>(List.of(GuestEnvironment.java().toString()));
        cmd.addAll(GuestEnvironment.childJvmFlags());
        if (Runtime.version().feature() >= 23) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        return cmd;
    }
}
