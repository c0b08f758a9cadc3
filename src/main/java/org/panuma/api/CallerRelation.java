package org.panuma.api;

import org.panuma.os.ProcStatus;

/**
 * Who the caller is to the target, as move_pages(2) checks it, from both /proc/PID/status files.
 * Pure. ptrace_may_access(PTRACE_MODE_READ_REALCREDS) allows the caller when its real uid equals
 * the target's real, effective and saved uid and its real gid the target's three gids, or when it
 * has CAP_SYS_PTRACE; MPOL_MF_MOVE_ALL needs CAP_SYS_NICE. Not seen here: the target's dumpable
 * flag and LSMs (assumed to allow).
 */
final class CallerRelation {
    private CallerRelation() {
    }

    static CallerRights of(int callerPid, ProcStatus caller, int targetPid, ProcStatus target) {
        boolean same = callerPid == targetPid;
        int[] tu = target.uids();
        int[] tg = target.gids();
        int uid = caller.realUid();
        int gid = caller.realGid();
        boolean credsMatch = uid == tu[0] && uid == tu[1] && uid == tu[2]
                && gid == tg[0] && gid == tg[1] && gid == tg[2];
        boolean mayPtrace = same || credsMatch || caller.hasCapability(ProcStatus.CAP_SYS_PTRACE);
        return new CallerRights(same, mayPtrace, caller.hasCapability(ProcStatus.CAP_SYS_NICE));
    }
}
