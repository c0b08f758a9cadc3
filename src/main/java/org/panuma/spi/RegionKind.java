package org.panuma.spi;

import java.util.Locale;

/**
 * What a mapping of a process is, as told by /proc/PID/maps (and smaps for hugetlb). The kernel's
 * special mappings ([vdso], [vvar], [vsyscall]) have no movable pages.
 */
public enum RegionKind {
    HEAP(true),
    STACK(true),
    /** Private or named anonymous memory (malloc'ed mmap, [anon:NAME], thread stacks). */
    ANON(true),
    /** A mapped file (its path is known). */
    FILE(true),
    /** Shared memory: memfd, /dev/shm, SysV, shared anonymous ([anon_shmem:...], /dev/zero). */
    SHM(true),
    /** hugetlbfs or MAP_HUGETLB memory. */
    HUGETLB(true),
    VDSO(false),
    VVAR(false),
    VSYSCALL(false),
    /**
     * No mapping: an address asked for exactly (--addresses) that lies in no region. The kernel
     * answers EFAULT for it; it is listed so that answer is shown. {@link #of} never returns it.
     */
    UNMAPPED(false);

    private final boolean migratable;

    RegionKind(boolean migratable) {
        this.migratable = migratable;
    }

    /** False for the kernel's special mappings: move_pages has nothing there to move. */
    public boolean migratable() {
        return migratable;
    }

    /** The lower-case name used on the command line and in JSON ("heap", "anon", ...). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The kind of a maps line from its path column and permissions.
     *
     * @param path   the path column, "" for anonymous memory
     * @param shared true when the permissions end in 's'
     */
    public static RegionKind of(String path, boolean shared) {
        if (path.isEmpty()) {
            return shared ? SHM : ANON;
        }
        if (path.equals("[heap]")) {
            return HEAP;
        }
        if (path.equals("[stack]") || path.startsWith("[stack:")) {
            return STACK;
        }
        if (path.equals("[vdso]")) {
            return VDSO;
        }
        if (path.startsWith("[vvar")) {
            return VVAR;
        }
        if (path.equals("[vsyscall]")) {
            return VSYSCALL;
        }
        if (path.startsWith("[anon_shmem:")) {
            return SHM;
        }
        if (path.startsWith("[anon:")) {
            return ANON;
        }
        if (path.startsWith("/anon_hugepage")) {
            return HUGETLB;
        }
        if (path.startsWith("/memfd:") || path.startsWith("/dev/shm/") || path.startsWith("/SYSV")
                || path.startsWith("/dev/zero")) {
            return SHM;
        }
        if (path.startsWith("[")) {
            // Other kernel-named mappings ([uprobes], [sigpage] on arm): nothing to move.
            return VDSO;
        }
        return FILE;
    }
}
