package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panuma.os.ProcFs;
import org.panuma.spi.NoSuchProcessException;

/**
 * numastat's view from the maps and numa_maps of one live C target (test fixtures: its smaps
 * blocks begin with its maps lines), read from a directory laid out as /proc.
 */
class ProcessUsageTest {
    private static final int PID = 4242;
    private static final long PAGE = 4096;

    @TempDir
    Path proc;

    private static String fixture(String name) throws IOException {
        try (var in = ProcessUsageTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String maps() throws IOException {
        return fixture("c-target.maps");
    }

    /** A stat line (fields 1-22) with the state and flags given. */
    private static String stat(char state, long flags) {
        return PID + " (pt) " + state + " 1 " + PID + " " + PID + " 0 -1 " + flags + " 0 0 0 0 0 0 0 0 20 0 1 0 12345\n";
    }

    private Optional<ProcessUsage> read(String maps, String numaMaps) throws IOException {
        return read(maps, numaMaps, stat('S', 0x400000));
    }

    private Optional<ProcessUsage> read(String maps, String numaMaps, String stat) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Integer.toString(PID)));
        Files.writeString(dir.resolve("stat"), stat);
        Files.writeString(dir.resolve("maps"), maps);
        if (numaMaps != null) {
            Files.writeString(dir.resolve("numa_maps"), numaMaps);
        }
        return ProcessUsage.read(new ProcFs(proc), PID);
    }

    @Test
    void eachMappingsPagesPerNode_countUnderItsKindFromMaps() throws IOException {
        MemoryUsage u = read(maps(), fixture("c-target.numa_maps")).orElseThrow().usage();

        assertEquals(65 * PAGE, u.bytes(MemoryUsage.Kind.HEAP, 0));
        assertEquals(4 * PAGE, u.bytes(MemoryUsage.Kind.STACK, 0));
        assertEquals(8 * PAGE, u.bytes(MemoryUsage.Kind.SHM, 0), "the memfd");
        assertEquals((258 + 5 + 1) * PAGE, u.bytes(MemoryUsage.Kind.PRIVATE, 0), "three anonymous mappings");
        // The program (5 pages), the mapped file (16), libc (322) and the loader (53).
        assertEquals((5 + 16 + 322 + 53) * PAGE, u.bytes(MemoryUsage.Kind.FILE, 0));
        assertEquals(0, u.total(MemoryUsage.Kind.HUGE));
        assertEquals(737 * PAGE, u.total(), "[vvar], [vdso] and [vsyscall] have no count in numa_maps");
    }

    @Test
    void aMappingMadeBetweenTheReads_countsByItsNumaMapsPath() throws IOException {
        String maps = maps().lines().filter(l -> !l.contains("/tmp/ptfile") && !l.contains("memfd:"))
                .collect(Collectors.joining("\n", "", "\n"));
        MemoryUsage u = read(maps, fixture("c-target.numa_maps")).orElseThrow().usage();

        assertEquals(8 * PAGE, u.bytes(MemoryUsage.Kind.SHM, 0), "file=/memfd:... is shared memory");
        assertEquals((5 + 16 + 322 + 53) * PAGE, u.bytes(MemoryUsage.Kind.FILE, 0), "file=/tmp/ptfile is a file");
    }

    @Test
    void aProcessMappingLibjvm_isAJvm() throws IOException {
        assertFalse(read(maps(), fixture("c-target.numa_maps")).orElseThrow().jvm());
        String jvm = maps() + "7fca55000000-7fca56000000 r-xp 00000000 fe:00 1 /usr/lib/jvm/java-25/lib/server/libjvm.so\n";
        assertTrue(read(jvm, fixture("c-target.numa_maps")).orElseThrow().jvm());
    }

    @Test
    void withoutNumaMaps_thereIsNoUsage() throws IOException {
        assertTrue(read(maps(), null).isEmpty(), "a kernel without NUMA: the page-by-page view says why");
    }

    @Test
    void aKernelThreadOrAnExitedProcess_isRefused_asThePageByPageViewRefusesIt() {
        NoSuchProcessException kthread = assertThrows(NoSuchProcessException.class,
                () -> read("", "", stat('S', org.panuma.os.ProcStat.PF_KTHREAD)));
        assertTrue(kthread.getMessage().contains("kernel thread"), kthread.getMessage());
        NoSuchProcessException zombie = assertThrows(NoSuchProcessException.class, () -> read("", "", stat('Z', 0)));
        assertTrue(zombie.getMessage().contains("has exited"), zombie.getMessage());
        NoSuchProcessException exiting = assertThrows(NoSuchProcessException.class,
                () -> read(maps(), fixture("c-target.numa_maps"), stat('R', org.panuma.os.ProcStat.PF_EXITING)));
        assertTrue(exiting.getMessage().contains("has exited"), exiting.getMessage());
    }

    @Test
    void noSuchProcess_isNamed() {
        NoSuchProcessException e = assertThrows(NoSuchProcessException.class, () -> ProcessUsage.read(new ProcFs(proc), 77));
        assertTrue(e.getMessage().contains("77"), e.getMessage());
    }
}
