package org.panuma.vm.guest;

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
 * with the library while its threads write. Sizes: {@code panuma.soak.mib} (256) and
 * {@code panuma.soak.moves} (100). Runs in the 2-node guest only, and only when asked for with
 * {@code PANUMA_SOAK=1} in the guest's environment: at 256 MiB x 100 moves it did not finish
 * within NumaVmIT's 600 s guest budget under TCG (measured 2026-11-21), so it is skipped, never
 * passed, until it has a guest and a time budget of its own.
 */
class IntegritySoakGuestTest {
    static final int MIB = Integer.getInteger("panuma.soak.mib", 256);
    static final int MOVES = Integer.getInteger("panuma.soak.moves", 100);
    static final int THREADS = 2;
    static final int CLI_EVERY = 10;

    static void assumeAskedFor() {
        assumeTrue(GuestEnvironment.nodes() == 2, "the soak runs in the 2-node guest only");
        assumeTrue("1".equals(System.getenv("PANUMA_SOAK")), "the soak (" + MIB + " MiB x " + MOVES
                + " moves) exceeds the 600 s guest budget under TCG; run it with PANUMA_SOAK=1");
    }

    @Test
    void cTarget_movedBackAndForth_byLibraryAndCli_keepsEveryByte() throws Exception {
        assumeAskedFor();
        Numa numa = Numa.open();
        SoakTally library = new SoakTally("c-target-library " + MIB + " MiB, " + THREADS + " writer threads");
        SoakTally cli = new SoakTally("c-target-cli " + MIB + " MiB, " + THREADS + " writer threads");
        Path exe = GuestEnvironment.targets().resolve("soak-target");
        try (SoakTarget target = SoakTarget.start(List.of(exe.toString(), Integer.toString(MIB),
                Integer.toString(THREADS)))) {
            AddressRange range = new AddressRange(target.rangeStart(), target.rangeEnd());
            Selection sel = new Selection(List.of(), range, null, null);
            for (int m = 0; m < MOVES; m++) {
                int node = (m + 1) % 2;
                if (m % CLI_EVERY == CLI_EVERY - 1) {
                    moveWithCli(target.pid(), range, node, cli);
                } else {
                    ProcessMoveReport r = ProcessMemory.of(numa, target.pid())
                            .move(sel, node, MoveOptions.defaults(), 1, MoveProgress.NONE);
                    library.add(r.move());
                    assertEquals(false, r.targetExited());
                }
                assertTrue(target.process.isAlive(), "the target died during move " + m);
            }
            int exit = target.stop();
            System.out.println(library.line(numa.pageSize()));
            System.out.println(cli.line(numa.pageSize()));
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
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                SoakJvmTarget.class.getName(), Integer.toString(MIB), Integer.toString(THREADS),
                Integer.toString(MOVES)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.MINUTES), "the JVM target finished");
        System.out.print(out);
        assertTrue(out.contains("corrupted 0"), out);
        assertEquals(0, p.exitValue(), out);
    }

    private static void moveWithCli(int pid, AddressRange range, int node, SoakTally tally)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(GuestEnvironment.java().toString()));
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-jar", GuestEnvironment.jar().toString(), "move", Integer.toString(pid), "--to",
                Integer.toString(node), "--range", range.toString(), "--json", "--no-progress"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the CLI finished");
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
