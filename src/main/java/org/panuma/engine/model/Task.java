package org.panuma.engine.model;

import java.util.Objects;
import org.panuma.spi.NodeSet;

/**
 * A task_struct as far as migration asks: pid, credentials, capabilities, cpuset mems_allowed, its
 * mm (null for a kernel thread), the CPU it runs on and its memory cgroup.
 */
public final class Task {
    private final int pid;
    private final String comm;
    private final Credentials cred;
    private final NodeSet memsAllowed;
    private final Mm mm;
    private int cpu;
    private final int memcg;
    /** current-&gt;mempolicy: null when the task has none (the system default applies). */
    private Policy mempolicy;
    /** current-&gt;il_prev: the last node process-interleave allocated on; MAX_NUMNODES - 1 after set_mempolicy. */
    private int ilPrev;
    /** What security_task_movememory(this task) returns: 0, or a negative errno from an LSM (SELinux: -EACCES). */
    private int movememoryRc;
    /** PF_SWAPWRITE in current-&gt;flags: reclaim on this task's behalf may write to congested swap/backing devices. */
    private boolean swapwrite;

    /**
     * Credentials: real, effective and saved uid and gid; CAP_SYS_NICE, CAP_SYS_PTRACE; dumpable.
     */
    public record Credentials(int uid, int euid, int suid, int gid, int egid, int sgid,
                              boolean capSysNice, boolean capSysPtrace, boolean dumpable) {
        public static Credentials user(int uid) {
            return new Credentials(uid, uid, uid, uid, uid, uid, false, false, true);
        }

        public static Credentials root() {
            return new Credentials(0, 0, 0, 0, 0, 0, true, true, true);
        }
    }

    public Task(int pid, String comm, Credentials cred, NodeSet memsAllowed, Mm mm, int cpu, int memcg) {
        this.pid = pid;
        this.comm = comm;
        this.cred = Objects.requireNonNull(cred);
        this.memsAllowed = Objects.requireNonNull(memsAllowed);
        this.mm = mm;
        this.cpu = cpu;
        this.memcg = memcg;
    }

    public int pid() { return pid; }
    public String comm() { return comm; }
    public Credentials cred() { return cred; }
    /** cpuset_mems_allowed(task). */
    public NodeSet memsAllowed() { return memsAllowed; }
    /** Null for a kernel thread (get_task_mm returns NULL). */
    public Mm mm() { return mm; }
    public boolean isKernelThread() { return mm == null; }
    public int cpu() { return cpu; }
    /** The task now runs on {@code cpu} (sched_setaffinity moved it). */
    public void setCpu(int cpu) { this.cpu = cpu; }
    public int memcg() { return memcg; }
    public Policy mempolicy() { return mempolicy; }
    public void setMempolicy(Policy p) { this.mempolicy = p; }
    public int ilPrev() { return ilPrev; }
    /** security_task_movememory(task): 0 when allowed, else the LSM's negative errno. */
    public int movememoryRc() { return movememoryRc; }
    /** An LSM refuses moving this task's memory with {@code rc} (a negative errno), or allows it again (0). */
    public void setMovememoryRc(int rc) { this.movememoryRc = rc; }
    public void setIlPrev(int node) { this.ilPrev = node; }
    /** Whether PF_SWAPWRITE is set (kswapd has it; the seeds' migrate_pages sets it for its duration). */
    public boolean swapwrite() { return swapwrite; }
    public void setSwapwrite(boolean on) { this.swapwrite = on; }
}
