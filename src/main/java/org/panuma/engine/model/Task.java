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
    private final int cpu;
    private final int memcg;

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
    public int memcg() { return memcg; }
}
