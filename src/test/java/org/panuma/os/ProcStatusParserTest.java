package org.panuma.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** /proc/PID/status of a root shell and of the same command run as nobody (setpriv). */
class ProcStatusParserTest {
    @Test
    void root_hasEveryCapability_andItsCpuset() {
        ProcStatus s = ProcStatusParser.parse(Fixtures.text("self.status"));
        assertArrayEquals(new int[] {0, 0, 0, 0}, s.uids());
        assertArrayEquals(new int[] {0, 0, 0, 0}, s.gids());
        assertEquals(0x1fffeffffffL, s.capEff());
        assertTrue(s.hasCapability(ProcStatus.CAP_SYS_NICE));
        assertTrue(s.hasCapability(ProcStatus.CAP_SYS_PTRACE));
        BitSet cpus = new BitSet();
        cpus.set(0, 2);
        assertEquals(cpus, s.cpusAllowed());
        BitSet mems = new BitSet();
        mems.set(0);
        assertEquals(mems, s.memsAllowed());
    }

    @Test
    void nobody_hasItsIds_andNoCapability() {
        ProcStatus s = ProcStatusParser.parse(Fixtures.text("nobody.status"));
        assertArrayEquals(new int[] {65534, 65534, 65534, 65534}, s.uids());
        assertEquals(65534, s.realGid());
        assertEquals(0, s.capEff());
        assertFalse(s.hasCapability(ProcStatus.CAP_SYS_NICE));
    }

    @Test
    void missingOrBadFields_areNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProcStatusParser.parse("Name:\tx\nUid:\t1\t1\t1\t1\n"));
        assertTrue(e.getMessage().contains("'Gid:'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ProcStatusParser.parse(
                "Uid:\t1\t1\tx\t1\nGid:\t1\t1\t1\t1\nCapEff:\t0\nCpus_allowed_list:\t0\nMems_allowed_list:\t0\n"));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ProcStatusParser.parse(
                "Uid:\t1\t1\t1\t1\nGid:\t1\t1\t1\t1\nCapEff:\tzz\nCpus_allowed_list:\t0\nMems_allowed_list:\t0\n"));
        assertTrue(e.getMessage().contains("'zz'"), e.getMessage());
    }
}
