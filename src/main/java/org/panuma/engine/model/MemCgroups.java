package org.panuma.engine.model;

import java.util.Arrays;

/**
 * Memory cgroups as the 2.6.27 seed charges them: a limit and a usage in pages per group.
 * mem_cgroup_prepare_migration charges the new page before the move and fails with -ENOMEM at the
 * limit; mem_cgroup_end_migration uncharges it again when the move failed.
 */
public final class MemCgroups {
    private long[] limit = new long[0];
    private long[] usage = new long[0];

    /** Adds a group and returns its id. */
    public int add(long limitPages) {
        int id = limit.length;
        limit = Arrays.copyOf(limit, id + 1);
        usage = Arrays.copyOf(usage, id + 1);
        limit[id] = limitPages;
        return id;
    }

    public int count() { return limit.length; }
    public long limit(int id) { return limit[id]; }
    public long usage(int id) { return usage[id]; }

    /** Charges {@code pages}; false (nothing charged) over the limit. */
    public boolean charge(int id, int pages) {
        if (usage[id] + pages > limit[id]) {
            return false;
        }
        usage[id] += pages;
        return true;
    }

    /** A charge that must not fail (mem_cgroup_migrate, remove_migration_pte's GFP_ATOMIC charge). */
    public void forceCharge(int id, int pages) {
        usage[id] += pages;
    }

    public void uncharge(int id, int pages) {
        usage[id] -= pages;
    }
}
