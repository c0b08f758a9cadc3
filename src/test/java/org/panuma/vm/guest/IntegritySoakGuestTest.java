package org.panuma.vm.guest;

import org.panuma.vm.GuestSlowdown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.panuma.api.AddressRange;
import org.panuma.api.MoveOptions;
import org.panuma.api.MoveProgress;
import org.panuma.api.Numa;
import org.panuma.api.ProcessMemory;
import org.panuma.api.ProcessMoveReport;
import org.panuma.api.Selection;

/**
 * Issue 8, item 1: a live multi-threaded target keeps every byte while panuma moves its memory
 * back and forth between nodes 0 and 1, and every move accounts for every page. The C target is
 * moved from this JVM through ProcessMemory (what `panuma move` runs) and, every
 * {@link #CLI_EVERY}th move, by the real CLI in its own JVM; the JVM target moves its own memory
 * with the library while its threads write. Runs in the 2-node guest only.
 *
 * <p>Sizes: {@code PANUMA_SOAK_MIB}, {@code PANUMA_SOAK_JVM_MIB}, {@code PANUMA_SOAK_MOVES} and
 * {@code PANUMA_SOAK_CLI_EVERY} in the guest's environment (or the {@code panuma.soak.*}
 * properties). The defaults are sized for CI's reliability guest under TCG (RELIABILITY.md has
 * the measured times): the 256 MiB, 508.7 s for the whole reliability guest on a quiet host.
 * It runs in NumaVmIT's 2-nodes-reliability guest (PANUMA_GUEST_SLOW=1) and skips elsewhere.
 */
class IntegritySoakGuestTest {
    static final int MIB = size("mib", 256);
    static final int JVM_MIB = size("jvm.mib", 256);
    static final int MOVES = size("moves", 100);
    static final int THREADS = 3;
    static final int CLI_EVERY = size("cli.every", 25);

    static int size(String name, int ciDefault) {
        String env = System.getenv("PANUMA_SOAK_" + name.toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
        return env != null ? Integer.parseInt(env) : Integer.getInteger("panuma.soak." + name, ciDefault);
    }

    static void assumeAskedFor() {
        assumeTrue(GuestEnvironment.nodes() == 2, "the soak runs in the 2-node guest only");
        GuestEnvironment.assumeReliabilityRun("the soak (" + MIB + "/" + JVM_MIB + " MiB x " + MOVES + " moves)");
    }

    @Test
    void cTarget_movedBackAndForth_byLibraryAndCli_keepsEveryByte() throws Exception {
        assumeAskedFor();
        long t0 = System.nanoTime();
        Numa numa = Numa.open();
        SoakTally library = new SoakTally("c-target-library " + MIB + " MiB, " + THREADS + " writer threads");
        SoakTally cli = new SoakTally("c-target-cli " + MIB + " MiB, " + THREADS + " writer threads");
        Path exe = GuestEnvironment.targets().resolve("soak-target");
        try (SoakTarget target = SoakTarget.start(List.of(exe.toString(), Integer.toString(MIB),
                Integer.toString(THREADS)))) {
            System.out.printf("[soak] c-target: started and filled in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            AddressRange range = new AddressRange(target.rangeStart(), target.rangeEnd());
            Selection sel = new Selection(List.of(), range, null, null);
            for (int m = 0; m < MOVES; m++) {
                int node = (m + 1) % 2;
                long m0 = System.nanoTime();
                if (m % CLI_EVERY == CLI_EVERY - 1) {
                    moveWithCli(target.pid(), range, node, cli);
                    cli.wall(System.nanoTime() - m0);
                } else {
                    ProcessMoveReport r = ProcessMemory.of(numa, target.pid())
                            .move(sel, node, MoveOptions.defaults(), 1, MoveProgress.NONE);
                    library.wall(System.nanoTime() - m0);
                    library.add(r.move());
                    assertEquals(false, r.targetExited());
                }
                assertTrue(target.process.isAlive(), "the target died during move " + m);
                if (m % 10 == 9) {
                    System.out.printf("[soak] c-target: %d moves, %.1f s%n", m + 1, (System.nanoTime() - t0) / 1e9);
                }
            }
            long s0 = System.nanoTime();
            int exit = target.stop();
            System.out.printf("[soak] c-target: stop and final check %.1f s%n", (System.nanoTime() - s0) / 1e9);
            System.out.println(library.line(numa.pageSize()));
            System.out.println(cli.line(numa.pageSize()));
            System.out.printf("[soak] c-target: %d MiB x %d moves in %.1f s wall%n", MIB, MOVES,
                    (System.nanoTime() - t0) / 1e9);
            System.out.println("[soak] c-target: passes=" + target.values.get("passes") + " corrupted="
                    + target.values.get("corrupted"));
            assertEquals("0", target.values.get("corrupted"), "bytes corrupted in the target");
            assertEquals(0, exit, "the target's exit status");
            assertTrue(Long.parseLong(target.values.get("passes")) > 0, "the writers ran");
            assertTrue(library.movedPages > 0 && cli.movedPages > 0, "pages moved");
        }
    }

    @Test
    void jvmTarget_movingItsOwnMemoryWithTheLibrary_keepsEveryByte() throws Exception {
        assumeAskedFor();
        List<String> cmd = new ArrayList<>(List.of(GuestEnvironment.java().toString()));
        if (Runtime.version().feature() >= 23) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(GuestEnvironment.childJvmFlags());
        // Java's MIN_PRIORITY as nice 19 for the writer threads (see SoakJvmTarget); needs root.
        cmd.addAll(List.of("-XX:ThreadPriorityPolicy=1", "-XX:JavaPriority1_To_OSPriority=19"));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                SoakJvmTarget.class.getName(), Integer.toString(JVM_MIB), Integer.toString(THREADS),
                Integer.toString(MOVES)));
        long t0 = System.nanoTime();
        // Its stderr (progress lines) passes straight through, so a slow run shows where it is.
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(GuestSlowdown.scaled(java.time.Duration.ofMinutes(20)).toMillis(), TimeUnit.MILLISECONDS),
                "the JVM target finished");
        System.out.print(out);
        System.out.printf("[soak] jvm-target: %d MiB x %d moves in %.1f s wall%n", JVM_MIB, MOVES,
                (System.nanoTime() - t0) / 1e9);
        assertTrue(out.contains("corrupted 0"), out);
        assertEquals(0, p.exitValue(), out);
    }

    private static void moveWithCli(int pid, AddressRange range, int node, SoakTally tally)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(GuestEnvironment.java().toString()));
        if (Runtime.version().feature() >= 23) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(GuestEnvironment.cliJvmFlags());
        cmd.addAll(List.of("-jar", GuestEnvironment.jar().toString(), "move", Integer.toString(pid), "--to",
                Integer.toString(node), "--range", range.toString(), "--json", "--no-progress"));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(GuestSlowdown.scaled(java.time.Duration.ofMinutes(5)).toMillis(), TimeUnit.MILLISECONDS),
                "the CLI finished");
        assertTrue(p.exitValue() == 0 || p.exitValue() == 1, "CLI exit " + p.exitValue() + ": " + out);
        JsonNode json = new ObjectMapper().readTree(out);
        long requested = json.get("requestedPages").asLong();
        long outcomes = 0;
        for (JsonNode n : json.get("outcomes")) {
            outcomes += n.asLong();
        }
        assertEquals(requested, outcomes, "CLI: pages with an outcome vs requested: " + json.get("outcomes"));
        long moved = json.get("outcomes").path("moved").asLong();
        long already = json.get("outcomes").path("already").asLong();
        tally.add(requested, moved, already, requested - moved - already, json.get("elapsedNanos").asLong());
        assertEquals(p.exitValue() == 0, requested == moved + already, "exit code 0 exactly when every page is there");
    }
}
