package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panuma.os.ProcFs;

/** Selection over the real /proc, with sleep processes of a marked command line as targets. */
class ProcessSelectionTest {
    static final long PAGE = 4096;
    private final String marker = "" + (1_000_000 + System.nanoTime() % 1_000_000);
    private Process a;
    private Process b;

    @BeforeEach
    void start() throws Exception {
        a = new ProcessBuilder("sleep", marker).start();
        b = new ProcessBuilder("sleep", marker + ".5").start();
    }

    @AfterEach
    void stop() throws Exception {
        a.destroy();
        b.destroy();
        a.waitFor(5, TimeUnit.SECONDS);
        b.waitFor(5, TimeUnit.SECONDS);
    }

    @Test
    void aPattern_selectsEveryProcessWhoseCommandLineHoldsIt() {
        List<Integer> pids = pids(new ProcessSelection(List.of(), List.of("sleep " + marker), false, 10, null, 0));
        assertEquals(List.of((int) a.pid(), (int) b.pid()).stream().sorted().toList(), pids);
        assertEquals(List.of((int) b.pid()),
                pids(new ProcessSelection(List.of(), List.of(marker + ".5"), false, 10, null, 0)));
    }

    @Test
    void aPidThatIsGone_isSimplyNotSelected() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertEquals(List.of((int) a.pid()),
                pids(new ProcessSelection(List.of((int) gone.pid(), (int) a.pid()), List.of(), false, 10, null, 0)));
    }

    @Test
    void minRss_dropsSmallProcesses() {
        long rss = ProcFs.system().residentPages((int) a.pid()) * PAGE;
        assertEquals(List.of((int) a.pid()),
                pids(new ProcessSelection(List.of((int) a.pid()), List.of(), false, 10, null, rss)));
        assertEquals(List.of(),
                pids(new ProcessSelection(List.of((int) a.pid()), List.of(), false, 10, null, rss + 1)));
    }

    @Test
    void all_withACap_keepsTheLargest_andCountsTheRest() {
        ProcessSelection.Result r = new ProcessSelection(List.of(), List.of(), true, 2, null, 0)
                .select(ProcFs.system(), Set.of(), PAGE);
        assertEquals(2, r.processes().size());
        assertTrue(r.overCap() >= 1, "this JVM and two sleeps at least: " + r);
        long smallestKept = r.processes().stream().mapToLong(ProcessSelection.Selected::residentBytes).min().orElseThrow();
        long thisJvm = ProcFs.system().residentPages((int) ProcessHandle.current().pid()) * PAGE;
        long sleep = ProcFs.system().residentPages((int) a.pid()) * PAGE;
        // The second largest of all is at least as large as the smaller of any two processes.
        assertTrue(smallestKept >= Math.min(thisJvm, sleep), "kept " + r.processes());
    }

    @Test
    void aCgroup_alone_selectsItsProcesses() {
        String mine = ProcFs.system().cgroups((int) a.pid()).label();
        List<Integer> pids = pids(new ProcessSelection(List.of(), List.of(), false, 100_000, mine, 0));
        assertTrue(pids.contains((int) a.pid()) && pids.contains((int) b.pid()), pids.toString());
    }

    @Test
    void badValues_areRejectedNamingThem() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new ProcessSelection(List.of(), List.of(), true, 0, null, 0)).getMessage().contains("0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new ProcessSelection(List.of(-3), List.of(), false, 1, null, 0)).getMessage().contains("-3"));
        assertThrows(IllegalArgumentException.class, () -> new ProcessSelection(List.of(), List.of(" "), false, 1, null, 0));
        assertThrows(IllegalArgumentException.class, () -> new ProcessSelection(List.of(), List.of(), false, 1, null, 0));
    }

    private static List<Integer> pids(ProcessSelection s) {
        return s.select(ProcFs.system(), Set.of((int) ProcessHandle.current().pid()), PAGE).processes().stream()
                .map(ProcessSelection.Selected::pid).toList();
    }
}
