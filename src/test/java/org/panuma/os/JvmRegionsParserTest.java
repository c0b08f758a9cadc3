package org.panuma.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.panuma.spi.JvmRegion;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The regions of jcmd's VM.info and VM.metaspace vslist, on text from JDK 25's G1 and Parallel collectors. */
class JvmRegionsParserTest {
    static String fixture(String name) throws IOException {
        return new String(Objects.requireNonNull(JvmRegionsParserTest.class.getResourceAsStream("/fixtures/jcmd/"
                + name)).readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void g1_heapIsTheReservedRange_codeCacheSpansItsThreeHeaps() throws IOException {
        List<JvmRegion> r = JvmRegionsParser.vmInfo(fixture("G1-VM.info.txt"));
        assertEquals(new JvmRegion("java-heap", 0xf8000000L, 0x100000000L), r.get(0));
        assertEquals(new JvmRegion("code-cache", 0x7f3d643ff000L, 0x7f3d73400000L), r.get(1));
        assertEquals(new JvmRegion("class-space", 0x57000000L, 0x97000000L), r.get(2));
        assertEquals(new JvmRegion("cds-archive", 0x56000000L, 0x56d95000L), r.get(3));
        assertEquals(4, r.size());
    }

    @Test
    void parallel_heapJoinsTheYoungAndOldGenerations() throws IOException {
        List<JvmRegion> r = JvmRegionsParser.vmInfo(fixture("Parallel-VM.info.txt"));
        assertEquals(new JvmRegion("java-heap", 0xf8000000L, 0x100000000L), r.get(0));
    }

    @Test
    void heapAddressLine_standsInWhenNoHeapLineIsPrinted() {
        List<JvmRegion> r = JvmRegionsParser.vmInfo("Heap address: 0x00000000f8000000, size: 128 MB, Compressed Oops"
                + " mode: 32-bit\n");
        assertEquals(new JvmRegion("java-heap", 0xf8000000L, 0xf8000000L + (128L << 20)), r.get(0));
    }

    @Test
    void metaspace_isTheNonClassNodes_theClassSpaceNodeIsNamedOnce() throws IOException {
        List<JvmRegion> known = JvmRegionsParser.vmInfo(fixture("G1-VM.info.txt"));
        List<JvmRegion> m = JvmRegionsParser.metaspace(fixture("G1-VM.metaspace-vslist.txt"), known);
        assertEquals(List.of(new JvmRegion("metaspace", 0x7f3d44000000L, 0x7f3d44000000L + (64L << 20))), m);
    }
}
