package org.panuma.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.panuma.api.PageStatus;
import org.panuma.spi.Mpol;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.SyscallException;

/**
 * FFM and JNA give identical answers, value for value, on the same memory (skipped where FFM
 * cannot run, i.e. on Java 17).
 */
class BackendsAgreeIT {

    @Test
    void queriesOfTouchedUntouchedAndUnmappedPages_agree() {
        NumaSyscalls ffm = NativeBackends.open("ffm");
        NumaSyscalls jna = NativeBackends.open("jna");
        try (AnonymousMapping m = new AnonymousMapping(ffm, 32)) {
            for (int i = 0; i < 32; i += 3) {
                m.touch(i);
            }
            long[] pages = Arrays.copyOf(m.addresses(), 34);
            pages[32] = 0;            // the null page: never mapped
            pages[33] = m.page(31) + 64L * m.pageSize;  // past the mapping
            int[] a = statuses(ffm, pages);
            int[] b = statuses(jna, pages);
            assertArrayEquals(a, b);
        }
    }

    @Test
    void wholeCallErrors_agree() {
        NumaSyscalls ffm = NativeBackends.open("ffm");
        NumaSyscalls jna = NativeBackends.open("jna");
        for (int flags : new int[] {8, 16, 1 << 20}) {
            SyscallException a = assertThrows(SyscallException.class,
                    () -> ffm.movePages(0, new long[] {4096}, new int[] {0}, new int[1], 0, 1, flags));
            SyscallException b = assertThrows(SyscallException.class,
                    () -> jna.movePages(0, new long[] {4096}, new int[] {0}, new int[1], 0, 1, flags));
            assertEquals(a.getMessage(), b.getMessage());
        }
        assertEquals(ffm.getMempolicy(0, Mpol.MPOL_F_MEMS_ALLOWED), jna.getMempolicy(0, Mpol.MPOL_F_MEMS_ALLOWED));
        assertEquals(ffm.topology().nodes().size(), jna.topology().nodes().size());
        assertEquals(ffm.pageSize(), jna.pageSize());
    }

    private static int[] statuses(NumaSyscalls sys, long[] pages) {
        int[] s = new int[pages.length];
        Arrays.fill(s, PageStatus.NOT_PROCESSED);
        sys.movePages(0, pages, null, s, 0, pages.length, 0);
        return s;
    }
}
