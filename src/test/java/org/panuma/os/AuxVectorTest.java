package org.panuma.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AuxVectorTest {
    private static byte[] vector(long... pairs) {
        ByteBuffer b = ByteBuffer.allocate(pairs.length * 8).order(ByteOrder.nativeOrder());
        for (long v : pairs) {
            b.putLong(v);
        }
        return b.array();
    }

    @Test
    void findsThePageSizeAmongOtherEntries() {
        // AT_HWCAP (16), AT_PAGESZ (6), AT_CLKTCK (17), AT_NULL
        assertEquals(16384, AuxVector.pageSize(vector(16, 0xbfebfbffL, 6, 16384, 17, 100, 0, 0)));
    }

    @Test
    void noPageSizeBeforeTheEnd_isMinusOne() {
        assertEquals(-1, AuxVector.pageSize(vector(16, 1, 0, 0, 6, 4096)));
        assertEquals(-1, AuxVector.pageSize(new byte[0]));
        assertEquals(-1, AuxVector.pageSize(new byte[15]));
    }

    @Test
    void aValueThatIsNoPageSize_isMinusOne() {
        assertEquals(-1, AuxVector.pageSize(vector(6, 0, 0, 0)));
        assertEquals(-1, AuxVector.pageSize(vector(6, 4095, 0, 0)));
        assertEquals(-1, AuxVector.pageSize(vector(6, 1L << 40, 0, 0)));
    }

    @Test
    void thisProcess_agreesWithGetconf() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/auxv")), "no /proc/self/auxv here");
        Process p = new ProcessBuilder("getconf", "PAGESIZE").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertEquals(0, p.waitFor(), out);
        assertEquals(Integer.parseInt(out), AuxVector.readPageSize());
    }
}
