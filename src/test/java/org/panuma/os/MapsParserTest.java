package org.panuma.os;

import org.panuma.spi.RegionKind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MapsParserTest {
    private final List<MapsEntry> maps = MapsParser.parse(Fixtures.text("c-target.maps"));

    private MapsEntry at(long start) {
        return maps.stream().filter(m -> m.start() == start).findFirst().orElseThrow();
    }

    @Test
    void everyLineOfARealMapsFileIsOneEntry() {
        assertEquals(26, maps.size());
    }

    @Test
    void heapLine_isHeap_withItsRangeAndPermissions() {
        MapsEntry heap = at(0x560d49412000L);
        assertEquals(RegionKind.HEAP, heap.kind());
        assertEquals(0x560d49454000L, heap.end());
        assertEquals("rw-p", heap.perms());
        assertEquals(0x42000L, heap.length());
        assertEquals("[heap]", heap.path());
    }

    @Test
    void fileLine_keepsPathOffsetAndInode() {
        MapsEntry libc = at(0x7fca54cea000L);
        assertEquals(RegionKind.FILE, libc.kind());
        assertEquals("/usr/lib/x86_64-linux-gnu/libc.so.6", libc.path());
        assertEquals(0x26000L, libc.offset());
        assertEquals(339380L, libc.inode());
        assertEquals("fe:00", libc.device());
    }

    @Test
    void memfdSharedMapping_isShm_withThePathAsPrinted() {
        MapsEntry shm = at(0x7fca54eaa000L);
        assertEquals(RegionKind.SHM, shm.kind());
        assertTrue(shm.shared());
        assertEquals("/memfd:panuma-target-shm (deleted)", shm.path());
    }

    @Test
    void anonymousMapping_hasNoPath_andIsAnon() {
        MapsEntry anon = at(0x7fca54bb1000L);
        assertEquals(RegionKind.ANON, anon.kind());
        assertEquals("", anon.path());
    }

    @Test
    void kernelSpecialMappings_areNotMigratable() {
        assertEquals(RegionKind.VVAR, at(0x7fca54eb4000L).kind());
        assertEquals(RegionKind.VVAR, at(0x7fca54eb8000L).kind()); // [vvar_vclock], 6.x
        assertEquals(RegionKind.VDSO, at(0x7fca54eba000L).kind());
        MapsEntry vsyscall = at(0xffffffffff600000L);
        assertEquals(RegionKind.VSYSCALL, vsyscall.kind());
        assertEquals(0xffffffffff601000L, vsyscall.end()); // above Long.MAX_VALUE: parsed unsigned
        assertFalse(vsyscall.kind().migratable());
        assertTrue(at(0x7ffc96cc6000L).kind().migratable());
        assertEquals(RegionKind.STACK, at(0x7ffc96cc6000L).kind());
    }

    @Test
    void namedAnonymousAndSharedAnonymous_areTold() {
        assertEquals(RegionKind.ANON, RegionKind.of("[anon:java heap]", false));
        assertEquals(RegionKind.SHM, RegionKind.of("[anon_shmem:x]", true));
        assertEquals(RegionKind.SHM, RegionKind.of("", true));
        assertEquals(RegionKind.SHM, RegionKind.of("/dev/shm/foo bar", true));
        assertEquals(RegionKind.SHM, RegionKind.of("/SYSV00000000 (deleted)", true));
        assertEquals(RegionKind.HUGETLB, RegionKind.of("/anon_hugepage (deleted)", false));
    }

    @Test
    void pathWithSpaces_isKeptWhole() {
        MapsEntry m = MapsParser.parseLine("7f00-7f01 r--p 00000000 08:01 12  /tmp/a b  c", 1);
        assertEquals("/tmp/a b  c", m.path());
    }

    @Test
    void garbage_isRejected_namingTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MapsParser.parse("560d-560e rw-p 0 fe:00 1 /x\nnot a maps line\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("not a maps line"), e.getMessage());
    }
}
