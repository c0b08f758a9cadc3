package org.panuma.engine.migrate;

import org.panuma.engine.model.Task;

/**
 * Who may move another task's pages.
 *
 * Kernel sources: kernel/ptrace.c __ptrace_may_access (6.1, 6.12)
 *
 * <pre>
 * seeds (sys_move_pages):                                           [000:900-904 euid] [001:1022 capable]
 *   if current->euid != task->suid &amp;&amp; current->euid != task->uid &amp;&amp;
 *      current->uid  != task->suid &amp;&amp; current->uid  != task->uid &amp;&amp; !capable(CAP_SYS_NICE): -EPERM
 * 4.17+ (find_mm_struct, kernel_migrate_pages): ptrace_may_access(task, PTRACE_MODE_READ_REALCREDS):
 *   same task: ok
 *   caller's real uid == task's uid, euid, suid and real gid == task's gid, egid, sgid, or CAP_SYS_PTRACE
 *   task's mm not dumpable (SUID_DUMP_USER): needs CAP_SYS_PTRACE
 *   commoncap: the task's permitted capabilities must be a subset of the caller's, or CAP_SYS_PTRACE
 * </pre>
 *
 * Only CAP_SYS_NICE and CAP_SYS_PTRACE are modelled as capabilities; Yama does not apply to
 * PTRACE_MODE_READ; user namespaces are not modelled.
 */
public final class Permission {
    private Permission() {
    }

    /** The seeds' uid rule. */
    public static boolean seedMayMove(Task caller, Task target) {
        Task.Credentials c = caller.cred();
        Task.Credentials t = target.cred();
        boolean uidMatch = c.euid() == t.suid() || c.euid() == t.uid() || c.uid() == t.suid() || c.uid() == t.uid();
        return uidMatch || c.capSysNice();
    }

    /** ptrace_may_access(task, PTRACE_MODE_READ_REALCREDS); null when allowed, else why not. */
    public static String ptraceDenied(Task caller, Task target) {
        if (caller == target) {
            return null;
        }
        Task.Credentials c = caller.cred();
        Task.Credentials t = target.cred();
        boolean ids = c.uid() == t.uid() && c.uid() == t.euid() && c.uid() == t.suid()
                && c.gid() == t.gid() && c.gid() == t.egid() && c.gid() == t.sgid();
        if (!ids && !c.capSysPtrace()) {
            return "caller uid " + c.uid() + " does not match the target's uid/euid/suid " + t.uid() + "/" + t.euid()
                    + "/" + t.suid() + " (or gids) and lacks CAP_SYS_PTRACE";
        }
        if (!t.dumpable() && !c.capSysPtrace()) {
            return "the target is not dumpable and the caller lacks CAP_SYS_PTRACE";
        }
        boolean capsSubset = (!t.capSysNice() || c.capSysNice()) && (!t.capSysPtrace() || c.capSysPtrace());
        if (!capsSubset && !c.capSysPtrace()) {
            return "the target holds capabilities the caller lacks (cap_ptrace_access_check)";
        }
        return null;
    }
}
