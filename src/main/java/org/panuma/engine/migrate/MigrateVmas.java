package org.panuma.engine.migrate;

import java.util.List;
import org.panuma.engine.KernelOops;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.Mm;
import org.panuma.engine.model.Vma;

/**
 * migrate_vmas(mm, to, from, flags) of 2.6.19 and 2.6.27 (mm/migrate.c), which do_migrate_pages
 * (mm/mempolicy.c) calls before it moves a page: each VMA with a vm_ops-&gt;migrate method may
 * migrate memory that has no struct page, and its error ends migrate_pages(2).
 *
 * <pre>
 * for vma = mm-&gt;mmap; vma-&gt;vm_next &amp;&amp; !err; vma = vma-&gt;vm_next:   [000:982 migrate_vmas] [000:988 vm_next] [001:1102 migrate_vmas]
 *     if vma-&gt;vm_ops &amp;&amp; vma-&gt;vm_ops-&gt;migrate:                       [000:989 vm_ops]
 *         err = vma-&gt;vm_ops-&gt;migrate(vma, to, from, flags); if err: break   [000:990-992 migrate]
 * return err
 *
 * do_migrate_pages (mempolicy.c of the seeds' era):
 *   down_read(mmap_sem); err = migrate_vmas(mm, from, to, flags); if err: goto out
 *   ... migrate_to_node for each pair ...
 * out: up_read; if err &lt; 0: return err; return busy       (a positive err returns 0)
 * </pre>
 *
 * As the seed has it, the loop condition tests {@code vma->vm_next} before the body: the last VMA
 * of the mm is never offered to its migrate method, and an mm without VMAs (mm-&gt;mmap NULL) is
 * dereferenced. The seed's text ends at line 992; the return is do_migrate_pages' use of err.
 * Kernel sources: mm/mempolicy.c do_migrate_pages of 2.6.19 and 2.6.27 (not among the seeds).
 */
public final class MigrateVmas {
    private MigrateVmas() {
    }

    /** The error of the first vm_ops-&gt;migrate that fails, else 0. */
    public static int call(Machine m, Mm mm) {
        List<Vma> vmas = mm.vmas();
        if (vmas.isEmpty()) {
            throw new KernelOops("migrate_vmas: mm->mmap is NULL (the mm has no VMA) and the loop reads vma->vm_next");
        }
        int err = 0;
        for (int i = 0; i + 1 < vmas.size() && err == 0; i++) {
            Vma vma = vmas.get(i);
            if (vma.vmOpsMigrate() != null) {
                err = vma.vmOpsMigrate();
                m.trace().note("migrate_vmas: " + vma.name() + "'s vm_ops->migrate returned " + Rc.name(err));
            }
        }
        Vma last = vmas.get(vmas.size() - 1);
        if (err == 0 && last.vmOpsMigrate() != null) {
            m.trace().note("migrate_vmas: " + last.name() + " is the last VMA: the loop stops at vma->vm_next == NULL"
                    + " before calling its vm_ops->migrate");
        }
        return err;
    }
}
