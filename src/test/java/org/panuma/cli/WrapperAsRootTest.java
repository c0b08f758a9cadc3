package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./panuma wrapper run as root on a checkout another user can change: it must not build (and
 * so run that user's pom.xml and plugins as root) without being asked, and says why.
 */
class WrapperAsRootTest {
    @TempDir
    Path checkout;

    @Test
    void asRoot_onACheckoutAnotherUserOwns_refusesToBuild_andSaysHowToAsk() throws Exception {
        assumeTrue(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
                StandardCharsets.US_ASCII).strip().equals("0"), "the wrapper's root path needs root");
        Files.copy(Path.of("panuma"), checkout.resolve("panuma"));
        Files.createDirectories(checkout.resolve("scripts"));
        Files.copy(Path.of("scripts", "jdk.sh"), checkout.resolve("scripts").resolve("jdk.sh"));
        Files.createDirectories(checkout.resolve("src").resolve("main"));
        Path pom = Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        Files.setOwner(pom, pom.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        Process p = new ProcessBuilder("bash", checkout.resolve("panuma").toString(), "nodes")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the wrapper did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(5, p.exitValue(), out);
        assertTrue(out.contains("can be changed by nobody"), out);
        assertTrue(out.contains("PANUMA_BUILD_AS_ROOT=1"), out);
        assertFalse(Files.exists(checkout.resolve("target")), "nothing was built");
    }
}
