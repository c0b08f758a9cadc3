package org.panuma.engine.migrate;

import org.panuma.engine.model.Machine;
import org.panuma.engine.model.Task;
import org.panuma.spi.Mpol;

/**
 * kernel_move_pages and find_mm_struct of 4.17–6.11 (profile v6.1) and 6.12+ (v6.12), mm/migrate.c.
 *
 * Kernel sources: [6.1 mm/migrate.c kernel_move_pages] [6.1 mm/migrate.c find_mm_struct] [6.12 mm/migrate.c kernel_move_pages] [6.12 mm/migrate.c find_mm_struct]
 *
 * <pre>
 * kernel_move_pages:
 *   flags &amp; ~(MOVE|MOVE_ALL): -EINVAL
 *   MOVE_ALL &amp;&amp; !capable(CAP_SYS_NICE): -EPERM
 *   mm = find_mm_struct(pid, &amp;task_nodes); IS_ERR: return it
 *   err = nodes ? do_pages_move(mm, task_nodes, ...) : do_pages_stat(mm, ...)
 *
 * find_mm_struct:
 *   !pid: current-&gt;mm, cpuset_mems_allowed(current)     (no permission check)
 *   task = find_task_by_vpid(pid); !task: -ESRCH
 *   !ptrace_may_access(task, PTRACE_MODE_READ_REALCREDS): -EPERM
 *   security_task_movememory(task): its error (an LSM refusing; the task's movememoryRc)
 *   task_nodes = cpuset_mems_allowed(task); mm = get_task_mm(task); !mm: -EINVAL
 * </pre>
 *
 * There is no E2BIG: a count larger than the arrays faults (-EFAULT) when the entry is read.
 */
public final class KernelMovePages {
    private KernelMovePages() {
    }

    public static long call(Machine m, MovePagesArgs a) {
        Task current = m.current();
        if ((a.flags() & ~(Mpol.MPOL_MF_MOVE | Mpol.MPOL_MF_MOVE_ALL)) != 0) {
            m.trace().note("flags 0x" + Integer.toHexString(a.flags()) + " has bits other than MPOL_MF_MOVE|MPOL_MF_MOVE_ALL");
            return Rc.EINVAL;
        }
        if ((a.flags() & Mpol.MPOL_MF_MOVE_ALL) != 0 && !current.cred().capSysNice()) {
            m.trace().note("MPOL_MF_MOVE_ALL needs CAP_SYS_NICE");
            return Rc.EPERM;
        }
        Task task;
        if (a.pid() == 0) {
            task = current;
        } else {
            task = m.task(a.pid());
            if (task == null) {
                m.trace().note("no task with pid " + a.pid());
                return Rc.ESRCH;
            }
            String denied = Permission.ptraceDenied(current, task);
            if (denied != null) {
                m.trace().note("ptrace_may_access(PTRACE_MODE_READ_REALCREDS) denied: " + denied);
                return Rc.EPERM;
            }
            if (task.movememoryRc() != 0) {
                m.trace().note("security_task_movememory refused pid " + task.pid() + ": " + Rc.name(task.movememoryRc()));
                return task.movememoryRc(); // mm = ERR_PTR(security_task_movememory(task))
            }
            if (task.mm() == null) {
                m.trace().note("pid " + task.pid() + " is a kernel thread: no mm");
                return Rc.EINVAL;
            }
        }
        return a.query()
                ? DoPagesStat.stat(m, task.mm(), a)
                : DoPagesMove.move(m, task.mm(), task.memsAllowed(), a);
    }
}
