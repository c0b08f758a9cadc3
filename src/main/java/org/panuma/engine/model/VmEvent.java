package org.panuma.engine.model;

/** Counters with their /proc/vmstat names. */
public enum VmEvent {
    PGMIGRATE_SUCCESS("pgmigrate_success"),
    PGMIGRATE_FAIL("pgmigrate_fail"),
    THP_MIGRATION_SUCCESS("thp_migration_success"),
    THP_MIGRATION_FAIL("thp_migration_fail"),
    THP_MIGRATION_SPLIT("thp_migration_split"),
    NR_ISOLATED_ANON("nr_isolated_anon"),
    NR_ISOLATED_FILE("nr_isolated_file");

    private final String procName;

    VmEvent(String procName) {
        this.procName = procName;
    }

    /** The name /proc/vmstat prints. */
    public String procName() {
        return procName;
    }
}
