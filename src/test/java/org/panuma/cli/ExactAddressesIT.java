package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact addresses are each answered as the kernel answers them: an address in no mapping is
 * EFAULT (never dropped), [vdso] and [vvar] are asked like any page, and no status reads "not
 * processed".
 */
class ExactAddressesIT {
    static final String UNMAPPED = "0x10";
    /** The page of {@link #UNMAPPED}: what move_pages is given and answers for. */
    static final String UNMAPPED_PAGE = "0x0";

    @TempDir
    static Path dir;
    static LiveTarget target;
    static String pid;

    @BeforeAll
    static void start() throws Exception {
        target = LiveTarget.start(dir, 16, 64);
        pid = Integer.toString(target.pid());
    }

    @AfterAll
    static void stop() throws Exception {
        if (target != null) {
            assertEquals(0, target.stop());
        }
    }

    static Optional<String> mapping(String name) throws Exception {
        return Files.readAllLines(Path.of("/proc", pid, "maps")).stream().filter(l -> l.endsWith(name))
                .map(l -> "0x" + l.substring(0, l.indexOf('-'))).findFirst();
    }

    @Test
    void where_anAddressInNoMapping_isTheKernelsEfault() {
        JsonNode root = Run.of("where", pid, "--addresses", UNMAPPED, "--json").json();
        JsonNode page = root.get("pages").get(0);
        assertEquals(UNMAPPED_PAGE, page.get("address").asText(), root.toString());
        assertEquals("EFAULT", page.get("status").asText(), root.toString());
        Run text = Run.of("where", pid, "--addresses", UNMAPPED);
        assertTrue(text.out.contains("0x0  unmapped EFAULT"), text.out);
    }

    @Test
    void move_dryRun_andVerify_requestTheAddress_andSayEfault() {
        JsonNode moved = Run.of("move", pid, "--to", "0", "--addresses", UNMAPPED, "--json").json();
        assertEquals(1, moved.get("requestedPages").asLong(), moved.toString());
        assertEquals(1, moved.get("outcomes").get("EFAULT").asLong(), moved.toString());
        JsonNode predicted = Run.of("move", pid, "--to", "0", "--addresses", UNMAPPED, "--dry-run", "--json").json();
        assertEquals(1, predicted.get("requestedPages").asLong(), predicted.toString());
        assertEquals(1, predicted.get("outcomes").get("EFAULT").asLong(), predicted.toString());
        Run verified = Run.of("move", pid, "--to", "0", "--addresses", UNMAPPED, "--verify", "--json");
        JsonNode v = verified.json().get("verify");
        assertEquals(1, v.get("compared").asLong(), verified.toString());
        assertEquals(1, v.get("agreeing").asLong(), verified.toString());
        assertEquals(ExitCodes.PAGES_NOT_MOVED, verified.exitCode);
    }

    @Test
    void vdsoAndVvar_areAskedLikeAnyPage_andNothingIsNotProcessed() throws Exception {
        Optional<String> vdso = mapping("[vdso]");
        Optional<String> vvar = mapping("[vvar]");
        assumeTrue(vdso.isPresent() && vvar.isPresent(), "this kernel maps [vdso] and [vvar]");
        Run run = Run.of("where", pid, "--addresses", vdso.get() + "," + vvar.get(), "--json");
        assertEquals(0, run.exitCode, run.toString());
        for (JsonNode page : run.json().get("pages")) {
            String status = page.get("status").asText();
            assertFalse(status.equals("not processed"), run.out);
            assertTrue(page.get("status").isInt() || status.startsWith("E"), run.out);
        }
        boolean vdsoOnANode = false;
        for (JsonNode page : run.json().get("pages")) {
            if (Long.decode(page.get("address").asText()).equals(Long.decode(vdso.get()))) {
                vdsoOnANode = page.get("status").isInt();
            }
        }
        assertTrue(vdsoOnANode, "[vdso] is on a node: " + run.out);
        JsonNode whole = Run.of("where", pid, "--json").json();
        assertFalse(whole.toString().contains("not processed"), whole.toString());
        assertFalse(whole.toString().contains("NOT_PROCESSED"), whole.toString());
    }
}
