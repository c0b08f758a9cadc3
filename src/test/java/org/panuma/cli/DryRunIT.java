package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panuma.api.Numa;
import org.panuma.engine.KernelProfile;
import org.panuma.os.PageSnapshot;
import org.panuma.os.PageSnapshotReader;
import org.panuma.spi.KernelRelease;

/**
 * `panuma move --dry-run` and `--verify` against a live C target on this host (one node): moving
 * to node 0, touched pages are predicted "already" and never-touched ones get the kernel's errno;
 * the prediction agrees with the real move; a dry run leaves the target exactly as it was; as an
 * unprivileged user it says which predictions are less certain.
 */
class DryRunIT {
    static final String ERRNO = KernelRelease.parse(System.getProperty("os.version")).neverTouchedAnonymousPage()
            .name();
    static final String PROFILE = KernelProfile.fromUname(System.getProperty("os.version")).id();

    @TempDir
    Path dir;

    /** 8 touched anonymous pages, then 4 never touched. */
    static String addresses(LiveTarget t) {
        List<String> a = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            a.add("0x" + Long.toHexString(t.address("anon") + 4096L * i));
        }
        for (int i = 0; i < 4; i++) {
            a.add("0x" + Long.toHexString(t.address("untouched") + 4096L * i));
        }
        return String.join(",", a);
    }

    @Test
    void dryRun_toNode0_predictsAlreadyForTouchedPages_andTheKernelsErrnoForUntouchedOnes() throws Exception {
        try (LiveTarget t = LiveTarget.start(dir, 16, 64)) {
            Run run = Run.of("move", Integer.toString(t.pid()), "--to", "0", "--addresses", addresses(t), "--dry-run",
                    "--per-page", "--json");
            assertEquals(ExitCodes.PAGES_NOT_MOVED, run.exitCode, "untouched pages cannot move: " + run);
            JsonNode r = run.json();
            assertTrue(r.get("dryRun").asBoolean());
            assertEquals(t.pid(), r.get("pid").asInt());
            assertEquals(0, r.get("targetNode").asInt());
            assertEquals(12, r.get("requestedPages").asLong());
            assertEquals(8, r.get("outcomes").get("already").asLong(), r.toString());
            assertEquals(4, r.get("outcomes").get(ERRNO).asLong(), r.toString());
            assertEquals(2, r.get("outcomes").size(), r.toString());
            assertEquals(0, r.get("notMigrated").asLong());
            assertEquals(0, r.get("calls").asLong(), "nothing was called to move");
            assertEquals(8, r.get("before").get("pagesByNode").get("0").asLong());
            assertEquals(8, r.get("after").get("pagesByNode").get("0").asLong());
            JsonNode pages = r.get("pages");
            assertEquals("0x" + Long.toHexString(t.address("anon")), pages.get(0).get("address").asText());
            assertEquals(0, pages.get(0).get("status").asInt());
            assertEquals("already on node 0", pages.get(0).get("reason").asText());
            assertEquals(ERRNO, pages.get(8).get("status").asText());
            assertTrue(pages.get(8).get("reason").asText().contains("never-touched"), pages.get(8).toString());
            JsonNode p = r.get("prediction");
            assertEquals(PROFILE, p.get("profile").asText());
            assertEquals(System.getProperty("os.version"), p.get("kernel").asText());
            assertTrue(p.get("errno").isNull());
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                assertTrue(p.get("certain").asBoolean(), r.toString());
                assertEquals(0, p.get("lessCertainPages").asLong());
                assertEquals(0, p.get("unreadable").size());
                assertTrue(p.get("caller").get("capSysNice").asBoolean());
            }
            assertTrue(p.get("caller").get("mayPtrace").asBoolean());

            Run text = Run.of("move", Integer.toString(t.pid()), "--to", "0", "--addresses", addresses(t), "--dry-run");
            assertTrue(text.out.contains("PREDICTION (--dry-run: nothing was moved)"), text.out);
            KernelProfile profile = KernelProfile.byName(p.get("profile").asText());
            assertEquals(profile.checkedAgainst().size(), p.get("profileCheckedAgainst").size(), r.toString());
            assertTrue(text.out.contains("profile " + profile + (profile.checkedAgainst().isEmpty() ? " is modelled"
                    : " was checked page by page against kernel " + String.join(" and ", profile.checkedAgainst()))),
                    text.out);
            assertTrue(text.out.contains("would move pages to node 0: 12 requested"), text.out);
            assertTrue(text.out.contains("predicted outcome:"), text.out);
            assertEquals(0, t.stop(), "the target's memory is intact");
        }
    }

    @Test
    void dryRun_neverChangesTheTarget() throws Exception {
        try (LiveTarget t = LiveTarget.start(dir, 16, 64)) {
            Numa numa = Numa.open(null);
            long[] pages = new long[64 + 16];
            for (int i = 0; i < 64; i++) {
                pages[i] = t.address("anon") + 4096L * i;
            }
            for (int i = 0; i < 16; i++) {
                pages[64 + i] = t.address("untouched") + 4096L * i;
            }
            PageSnapshotReader reader = PageSnapshotReader.system(numa.pageSize());
            PageSnapshot before = reader.read(t.pid(), pages);
            int[] nodesBefore = numa.residency().statuses(t.pid(), pages);
            String list = String.join(",", java.util.Arrays.stream(pages).mapToObj(a -> "0x" + Long.toHexString(a))
                    .toList());
            Run all = Run.of("move", Integer.toString(t.pid()), "--to", "0", "--dry-run", "--json");
            assertEquals(0, all.exitCode, all.toString());
            Run exact = Run.of("move", Integer.toString(t.pid()), "--to", "0", "--addresses", list, "--dry-run",
                    "--json");
            assertEquals(16, exact.json().get("outcomes").get(ERRNO).asLong(), exact.toString());
            PageSnapshot after = reader.read(t.pid(), pages);
            // Same entries (PFNs too when visible: no page moved), untouched pages still absent.
            assertArrayEquals(before.pagemap(), after.pagemap());
            assertArrayEquals(nodesBefore, numa.residency().statuses(t.pid(), pages));
            for (int i = 64; i < pages.length; i++) {
                assertFalse(after.entry(i).present(), "a dry run faults nothing in: page " + i);
            }
            assertEquals(0, t.stop());
        }
    }

    @Test
    void verify_agreesWithTheRealMove_pageByPage() throws Exception {
        try (LiveTarget t = LiveTarget.start(dir, 16, 64)) {
            Run run = Run.of("move", Integer.toString(t.pid()), "--to", "0", "--addresses", addresses(t), "--verify",
                    "--json");
            JsonNode r = run.json();
            assertFalse(r.get("dryRun").asBoolean());
            assertEquals(8, r.get("outcomes").get("already").asLong(), r.toString());
            JsonNode v = r.get("verify");
            assertEquals(PROFILE, v.get("profile").asText());
            assertEquals(12, v.get("compared").asLong(), v.toString());
            assertEquals(12, v.get("agreeing").asLong(), v.toString());
            assertEquals(0, v.get("disagreeing").asLong(), v.toString());
            assertEquals(100.0, v.get("agreementPercent").asDouble());
            assertEquals(0, v.get("disagreements").size());

            Run region = Run.of("move", Integer.toString(t.pid()), "--to", "0", "--verify", "--json");
            assertEquals(0, region.exitCode, region.toString());
            JsonNode rv = region.json().get("verify");
            long requested = region.json().get("requestedPages").asLong();
            assertTrue(requested >= 16 + 64, region.toString());
            assertEquals(requested, rv.get("compared").asLong());
            assertEquals(requested, rv.get("agreeing").asLong(), rv.toString());

            Run text = Run.of("move", Integer.toString(t.pid()), "--to", "0", "--region", "anon", "--verify");
            assertTrue(text.out.matches("(?s).*verify: prediction \\(profile " + PROFILE.replace(".", "\\.")
                    + "\\) and move agree on (\\d+) of \\1 pages \\(100\\.0%\\); 0 disagree.*"), text.out);
            assertEquals(0, t.stop());
        }
    }

    @Test
    void dryRunWithVerify_isAUsageError() {
        Run run = Run.of("move", "1", "--to", "0", "--dry-run", "--verify");
        assertEquals(ExitCodes.USAGE, run.exitCode, run.toString());
        assertTrue(run.err.contains("--verify"), run.err);
    }

    @Test
    void dryRun_asAnUnprivilegedUser_saysWhichPredictionsAreLessCertain() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to switch to user 65534 (setpriv)");
        assumeTrue(new File("/usr/bin/setpriv").canExecute(), "setpriv (util-linux) is not installed");
        Path jar = Path.of("target/panuma.jar").toAbsolutePath();
        assumeTrue(Files.isReadable(jar), "the shaded jar " + jar + " is not built (run mvn package)");
        List<String> asNobody = List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        try (LiveTarget t = LiveTarget.start(dir, 16, 64, asNobody)) {
            List<String> cmd = new ArrayList<>(asNobody);
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "move", Integer.toString(t.pid()),
                    "--to", "0", "--region", "anon", "--per-page", "--dry-run"));
            List<String> json = new ArrayList<>(cmd);
            json.add("--json");
            String[] textRun = child(cmd);
            String[] jsonRun = child(json);
            assertEquals("0", jsonRun[0], jsonRun[1] + jsonRun[2]);
            JsonNode r = new ObjectMapper().readTree(jsonRun[1]);
            long requested = r.get("requestedPages").asLong();
            assertTrue(requested >= 64, r.toString());
            assertEquals(requested, r.get("outcomes").get("already").asLong());
            JsonNode p = r.get("prediction");
            assertFalse(p.get("certain").asBoolean());
            assertEquals(requested, p.get("lessCertainPages").asLong(), "no page's LRU state could be read");
            assertEquals(List.of("/proc/kpagecount (not read: no PFN to look up; map counts come from pagemap's"
                    + " exclusive bit)", "/proc/kpageflags (not read: no PFN to look up)",
                    "pfn (hidden without CAP_SYS_ADMIN)"), strings(p.get("unreadable")));
            assertTrue(strings(p.get("unknown")).stream().anyMatch(u -> u.contains("KPF_LRU")), p.toString());
            assertTrue(p.get("caller").get("mayPtrace").asBoolean(), "same user");
            assertFalse(p.get("caller").get("capSysNice").asBoolean());
            for (JsonNode page : r.get("pages")) {
                assertTrue(page.get("lessCertain").asBoolean(), page.toString());
                assertEquals(0, page.get("status").asInt());
            }
            assertEquals("0", textRun[0], textRun[2]);
            assertTrue(textRun[1].contains("certainty: " + requested + " of " + requested
                    + " predictions are less certain"), textRun[1]);
            assertTrue(textRun[1].contains("unreadable: /proc/kpagecount"), textRun[1]);
            assertTrue(textRun[1].contains("node 0  *"), "pages marked less certain: " + textRun[1]);
            assertEquals(0, t.stop());
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Runs a child, returns exit code, stdout, stderr. */
    private static String[] child(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(new File("/")).start();
        p.getOutputStream().close();
        byte[] err;
        byte[] out = p.getInputStream().readAllBytes();
        err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child did not end: " + cmd);
        }
        return new String[] {Integer.toString(p.exitValue()), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8)};
    }
}
