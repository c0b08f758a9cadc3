package org.panuma.os;

import java.util.BitSet;

/**
 * The fields of /proc/PID/status that decide what move_pages(2) allows a caller to do to a
 * target: credentials (ptrace_may_access compares them), effective capabilities and the cpuset.
 *
 * @param uids         real, effective, saved and filesystem uid ("Uid:" line)
 * @param gids         real, effective, saved and filesystem gid ("Gid:" line)
 * @param capEff       the effective capability mask ("CapEff:", hex)
 * @param cpusAllowed  Cpus_allowed_list
 * @param memsAllowed  Mems_allowed_list (the cpuset's nodes)
 */
public record ProcStatus(int[] uids, int[] gids, long capEff, BitSet cpusAllowed, BitSet memsAllowed) {
    /** include/uapi/linux/capability.h */
    public static final int CAP_SYS_PTRACE = 19;
    /** include/uapi/linux/capability.h */
    public static final int CAP_SYS_ADMIN = 21;
    /** include/uapi/linux/capability.h */
    public static final int CAP_SYS_NICE = 23;

    public ProcStatus {
        if (uids.length != 4 || gids.length != 4) {
            throw new IllegalArgumentException("Uid and Gid lines have 4 ids each, got " + uids.length + " and "
                    + gids.length);
        }
        uids = uids.clone();
        gids = gids.clone();
        cpusAllowed = (BitSet) cpusAllowed.clone();
        memsAllowed = (BitSet) memsAllowed.clone();
    }

    public boolean hasCapability(int cap) {
        return (capEff & (1L << cap)) != 0;
    }

    public int realUid() {
        return uids[0];
    }

    public int realGid() {
        return gids[0];
    }

    @Override
    public int[] uids() {
        return uids.clone();
    }

    @Override
    public int[] gids() {
        return gids.clone();
    }

    @Override
    public BitSet cpusAllowed() {
        return (BitSet) cpusAllowed.clone();
    }

    @Override
    public BitSet memsAllowed() {
        return (BitSet) memsAllowed.clone();
    }
}
