package org.panuma.vm.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panuma.api.AddressRange;
import org.panuma.cli.ExitCodes;

/**
 * Issue 8, item 4: panuma as an unprivileged user in the 2-node guest. The CLI runs through
 * setpriv as uid {@link GuestCli#USER} with no capabilities at all (so no CAP_SYS_NICE and no
 * CAP_SYS_ADMIN); targets run as that user or as {@link GuestCli#OTHER_USER}.
 */
class PermissionsGuestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void twoNodes() {
        assumeTrue(GuestEnvironment.nodes() == 2, "the permission tests run in the 2-node guest only");
        GuestCli.assumeSlowAllowed();
    }

    static SoakTarget targetAs(int uid) throws IOException {
        List<String> cmd = new ArrayList<>(GuestCli.asUser(uid));
        cmd.addAll(List.of(GuestEnvironment.targets().resolve("fault-target").toString(), "4", "0"));
        return SoakTarget.start(cmd);
    }

    static String[] move(SoakTarget t, String... more) {
        List<String> a = new ArrayList<>(List.of("move", Integer.toString(t.pid()), "--to", "1", "--range",
                new AddressRange(t.rangeStart(), t.rangeEnd()).toString(), "--no-progress"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    static int uidOf(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.split("\\s+")[1]);
            }
        }
        throw new IllegalStateException("no Uid in /proc/" + pid + "/status");
    }

    static void noStackTrace(GuestCli.Result r) {
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "a stack trace: " + r);
    }

    @Test
    void ownProcess_movesWithoutRoot() throws Exception {
        try (SoakTarget t = targetAs(GuestCli.USER)) {
            assertEquals(GuestCli.USER, uidOf(t.pid()), "the target runs unprivileged");
            GuestCli.Result r = GuestCli.run(GuestCli.asUser(GuestCli.USER), move(t, "--json"));
            System.out.println("[perm] own process as uid " + GuestCli.USER + ": exit " + r.exit());
            noStackTrace(r);
            assertEquals(ExitCodes.SUCCESS, r.exit(), r.toString());
            JsonNode json = JSON.readTree(r.out());
            assertEquals(json.get("requestedPages").asLong(), json.get("outcomes").path("moved").asLong(), r.toString());
            assertEquals(json.get("requestedPages").asLong(), GuestCli.pagesOnNode(t.pid(), t.rangeStart(), t.rangeEnd(), 1));
            assertEquals("corrupted 0", t.send("check"));
        }
    }

    @Test
    void anotherUsersProcess_isEperm_withAPlainExplanation() throws Exception {
        try (SoakTarget t = targetAs(GuestCli.OTHER_USER)) {
            GuestCli.Result r = GuestCli.run(GuestCli.asUser(GuestCli.USER), move(t));
            System.out.println("[perm] another user's process: exit " + r.exit() + "; " + r.err().strip());
            noStackTrace(r);
            assertEquals(ExitCodes.PERMISSION_DENIED, r.exit(), r.toString());
            // panuma stops before move_pages: the target's /proc files are already refused (EACCES).
            assertTrue(r.err().contains("EPERM") || r.err().contains("EACCES"), "names the errno: " + r);
            assertTrue(r.err().contains("another user"), "explains why: " + r);
            assertTrue(r.err().contains("sudo"), "says what would allow it: " + r);
            assertEquals(0, GuestCli.pagesOnNode(t.pid(), t.rangeStart(), t.rangeEnd(), 1), "nothing moved");
        }
    }

    @Test
    void moveAll_withoutCapSysNice_isEperm_withTheFix() throws Exception {
        try (SoakTarget t = targetAs(GuestCli.USER)) {
            GuestCli.Result r = GuestCli.run(GuestCli.asUser(GuestCli.USER), move(t, "--move-all"));
            System.out.println("[perm] --move-all without CAP_SYS_NICE: exit " + r.exit() + "; " + r.err().strip());
            noStackTrace(r);
            assertEquals(ExitCodes.PERMISSION_DENIED, r.exit(), r.toString());
            assertTrue(r.err().contains("EPERM") && r.err().contains("CAP_SYS_NICE"), "names the fix: " + r);
            assertEquals(0, GuestCli.pagesOnNode(t.pid(), t.rangeStart(), t.rangeEnd(), 1), "nothing moved");
        }
    }

    @Test
    void dryRun_withoutCapSysAdmin_works_andSaysWhichPredictionsAreLessCertain() throws Exception {
        try (SoakTarget t = targetAs(GuestCli.USER)) {
            GuestCli.Result r = GuestCli.run(GuestCli.asUser(GuestCli.USER), move(t, "--dry-run"));
            System.out.println("[perm] --dry-run without CAP_SYS_ADMIN: exit " + r.exit() + "\n" + r.out());
            noStackTrace(r);
            assertEquals(ExitCodes.SUCCESS, r.exit(), r.toString());
            assertTrue(r.out().contains("PREDICTION"), r.toString());
            assertTrue(r.out().matches("(?s).*certainty: \\d+ of \\d+ predictions? (is|are) less certain.*"),
                    "says which predictions are less certain: " + r);
            assertTrue(r.out().contains("CAP_SYS_ADMIN"), "says what would make them certain: " + r);
            assertEquals(0, GuestCli.pagesOnNode(t.pid(), t.rangeStart(), t.rangeEnd(), 1), "a dry run moves nothing");
        }
    }
}
