package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.panuma.os.ProcStatus;

class CallerRelationTest {
    static final long CAP_SYS_NICE = 1L << ProcStatus.CAP_SYS_NICE;
    static final long CAP_SYS_PTRACE = 1L << ProcStatus.CAP_SYS_PTRACE;

    static ProcStatus status(int uid, int euid, int gid, long caps) {
        BitSet one = new BitSet();
        one.set(0);
        return new ProcStatus(new int[] {uid, euid, uid, uid}, new int[] {gid, gid, gid, gid}, caps, one, one);
    }

    @Test
    void sameUser_mayPtrace_withoutCapSysNice() {
        assertEquals(new CallerRights(false, true, false),
                CallerRelation.of(10, status(1000, 1000, 100, 0), 20, status(1000, 1000, 100, 0)));
    }

    @Test
    void otherUser_orSetuidTarget_mayNot_unlessCapSysPtrace() {
        assertEquals(new CallerRights(false, false, false),
                CallerRelation.of(10, status(1000, 1000, 100, 0), 20, status(65534, 65534, 65534, 0)));
        assertEquals(new CallerRights(false, false, false),
                CallerRelation.of(10, status(1000, 1000, 100, 0), 20, status(1000, 0, 100, 0)), "setuid target");
        assertEquals(new CallerRights(false, true, true), CallerRelation.of(10,
                status(0, 0, 0, CAP_SYS_PTRACE | CAP_SYS_NICE), 20, status(65534, 65534, 65534, 0)));
    }

    @Test
    void itself_isTheSameProcess() {
        assertEquals(new CallerRights(true, true, false),
                CallerRelation.of(10, status(1000, 1000, 100, 0), 10, status(1000, 1000, 100, 0)));
    }
}
