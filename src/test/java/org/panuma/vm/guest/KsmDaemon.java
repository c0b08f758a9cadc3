package org.panuma.vm.guest;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.panuma.engine.predict.ProcessSnapshot;

/**
 * Runs ksmd fast for a test (as root, through /sys/kernel/mm/ksm: run 1, many pages a scan, short
 * sleeps) and gives the old settings back on close. Debian's kernels are built with CONFIG_KSM;
 * a guest kernel without it fails the test that needs it, saying so.
 */
final class KsmDaemon implements AutoCloseable {
    static final Path DIR = Path.of("/sys/kernel/mm/ksm");
    private static final List<String> SETTINGS = List.of("run", "pages_to_scan", "sleep_millisecs");
    private final String[] before = new String[SETTINGS.size()];

    private KsmDaemon() throws IOException {
        assertTrue(Files.isDirectory(DIR), DIR + " is missing: the guest kernel has no CONFIG_KSM");
        for (int i = 0; i < SETTINGS.size(); i++) {
            before[i] = Files.readString(DIR.resolve(SETTINGS.get(i))).trim();
        }
    }

    /** ksmd scanning 10,000 pages every 10 ms. */
    static KsmDaemon start() throws IOException {
        KsmDaemon k = new KsmDaemon();
        Files.writeString(DIR.resolve("pages_to_scan"), "10000");
        Files.writeString(DIR.resolve("sleep_millisecs"), "10");
        Files.writeString(DIR.resolve("run"), "1");
        return k;
    }

    /**
     * Stops ksmd scanning (run 0), leaving merged pages merged: the test's calls then meet no
     * ksmd holding a page it compares, and the guest's CPUs are the test's again.
     */
    void pause() throws IOException {
        Files.writeString(DIR.resolve("run"), "0");
    }

    /**
     * Waits until every page of {@code addresses} of {@code pid} has KPF_KSM (read as panuma reads
     * it, through TargetSnapshot), polling; fails after {@code limit} naming the pages still unmerged.
     */
    static void awaitMerged(long pid, long[] addresses, int pageSize, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            ProcessSnapshot snap = TargetSnapshot.take(pid, addresses, pageSize);
            long[] unmerged = snap.regions().stream().flatMap(r -> r.pages().stream())
                    .filter(p -> !Boolean.TRUE.equals(p.ksm())).mapToLong(ProcessSnapshot.Page::address).toArray();
            if (unmerged.length == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail(unmerged.length + " of " + addresses.length + " pages not merged by ksmd after " + limit
                        + " (full_scans " + Files.readString(DIR.resolve("full_scans")).trim() + "): "
                        + Arrays.stream(unmerged).mapToObj(Long::toHexString).toList());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws IOException {
        for (int i = SETTINGS.size() - 1; i >= 0; i--) {
            Files.writeString(DIR.resolve(SETTINGS.get(i)), before[i]);
        }
    }
}
