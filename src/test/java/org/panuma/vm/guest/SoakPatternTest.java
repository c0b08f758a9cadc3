package org.panuma.vm.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The JVM soak target checks whole pages against templates; this ties the templates to the
 * byte-by-byte pattern (the C target's), and shows that the check counts every wrong byte.
 * Runs on the host (surefire), not in the guest.
 */
class SoakPatternTest {

    @Test
    void templates_equalThePatternByteForByte() {
        for (int p : new int[] {0, 1, 2, 255, 256, 4095, 65535}) {
            for (int g : new int[] {0, 1, 7, 1000, Integer.MAX_VALUE}) {
                byte[] t = SoakJvmTarget.template(p, g);
                for (int j = 0; j < SoakJvmTarget.PAGE; j++) {
                    long i = (long) p * SoakJvmTarget.PAGE + j;
                    assertEquals(SoakJvmTarget.pattern(i, g), t[j], "page " + p + " gen " + g + " byte " + j);
                }
            }
        }
    }

    @Test
    void check_countsEachCorruptedByte() {
        ByteBuffer b = ByteBuffer.allocateDirect(3 * SoakJvmTarget.PAGE);
        byte[] seen = new byte[SoakJvmTarget.PAGE];
        for (int p = 0; p < 3; p++) {
            b.put(p * SoakJvmTarget.PAGE, SoakJvmTarget.template(p, 5));
        }
        assertEquals(0, SoakJvmTarget.check(b, 1, 5, seen));
        b.put(SoakJvmTarget.PAGE + 17, (byte) (b.get(SoakJvmTarget.PAGE + 17) + 1));
        b.put(2 * SoakJvmTarget.PAGE - 1, (byte) (b.get(2 * SoakJvmTarget.PAGE - 1) ^ 0x40));
        assertEquals(2, SoakJvmTarget.check(b, 1, 5, seen));
        assertEquals(SoakJvmTarget.PAGE, SoakJvmTarget.check(b, 0, 6, seen), "every byte of the wrong generation");
    }
}
