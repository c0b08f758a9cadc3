package org.panuma.engine;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernels the engine models. Each constant lists the behaviour that differs between them; the
 * algorithms ask the profile, never a version number.
 *
 * <ul>
 *   <li>{@code v2.6.19}, {@code v2.6.27}: the two seeds (mm/migrate.c of those kernels), faithful in behaviour.</li>
 *   <li>{@code v6.1}: kernels 4.17 to 6.11 (do_pages_move with runs per target node, follow_page(FOLL_DUMP)).</li>
 *   <li>{@code v6.12}: 6.12 and later (add_folio_for_migration over folio_walk: a never-touched anonymous
 *       page reads -ENOENT instead of -EFAULT).</li>
 * </ul>
 */
public enum KernelProfile {
    V2_6_19("v2.6.19"),
    V2_6_27("v2.6.27"),
    V6_1("v6.1"),
    V6_12("v6.12");

    private static final Pattern RELEASE = Pattern.compile("^\\s*v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    private final String id;

    KernelProfile(String id) {
        this.id = id;
    }

    /** "v2.6.19", "v2.6.27", "v6.1" or "v6.12". */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }

    /**
     * The kernel releases this profile was checked against page by page (NumaVmIT's differential and
     * kernel-semantics guest tests, 100 % agreement), as {@code uname -r} printed them; empty for the
     * seeds, which are modelled from their source alone. A guest test fails when the kernel it runs
     * on is of a series (major.minor) not listed here, so a new kernel is never claimed unchecked.
     */
    public java.util.List<String> checkedAgainst() {
        return switch (this) {
            case V6_1 -> java.util.List.of("6.1.0-57-amd64");
            case V6_12 -> java.util.List.of("6.12.117+deb13-amd64", "7.2.13+deb14-amd64");
            default -> java.util.List.of();
        };
    }

    /** Whether {@link #checkedAgainst()} lists a kernel of the same major.minor series as {@code release}. */
    public boolean checkedAgainstSeriesOf(String release) {
        int[] v = parse(release);
        return checkedAgainst().stream().map(KernelProfile::parse).anyMatch(c -> c[0] == v[0] && c[1] == v[1]);
    }

    /** True for the two seed kernels (sys_move_pages with the page_to_node array). */
    public boolean isSeed() {
        return this == V2_6_19 || this == V2_6_27;
    }

    /** Seeds: uid/euid/suid match or CAP_SYS_NICE. Later: ptrace_may_access(PTRACE_MODE_READ_REALCREDS). */
    public boolean usesPtracePermission() {
        return !isSeed();
    }

    /** Seeds reject nr_pages >= ULONG_MAX / sizeof(struct page_to_node) - 1 with E2BIG; gone since 2.6.29. */
    public boolean hasE2big() {
        return isSeed();
    }

    /** 2.6.19 checks node_online(); 2.6.27 node_state(N_HIGH_MEMORY); later node_state(N_MEMORY) plus range. */
    public boolean nodeCheckNeedsMemory() {
        return this != V2_6_19;
    }

    /** Seeds look nodes up all before anything moves; later kernels one by one while moving. */
    public boolean checksAllNodesFirst() {
        return isSeed();
    }

    /** 2.6.27+ refuse VM_IO/VM_PFNMAP VMAs in do_move_pages (vma_migratable); 2.6.19 does not. */
    public boolean checksVmaMigratable() {
        return this != V2_6_19;
    }

    /** 2.6.27 charges the new page to the memory cgroup before migrating (mem_cgroup_prepare_migration). */
    public boolean chargesMemcgOnMigration() {
        return this == V2_6_27;
    }

    /** From 2.6.27: isolate_lru_page uses get_page_unless_zero, the mapping move page_freeze_refs. */
    public boolean freezesRefs() {
        return this != V2_6_19;
    }

    /** Seeds use find_vma (an address in a hole below a VMA finds that VMA); later kernels vma_lookup. */
    public boolean usesVmaLookup() {
        return !isSeed();
    }

    /** THP and folios exist (2.6.38+). */
    public boolean supportsThp() {
        return !isSeed();
    }

    /** do_pages_move disables the per-CPU LRU caches for the whole call (lru_cache_disable, 5.11+). */
    public boolean disablesLruCache() {
        return !isSeed();
    }

    /** MAX_NUMNODES: 64 in the seeds' x86_64 configs (NODES_SHIFT 6), 1024 in Debian's 6.x (NODES_SHIFT 10). */
    public int maxNumNodes() {
        return isSeed() ? 64 : 1024;
    }

    /** Per-CPU LRU cache size: PAGEVEC_SIZE 14 in the seeds, 15 later (folio_batch). */
    public int lruCacheSize() {
        return isSeed() ? 14 : 15;
    }

    /** The profile by name: "v6.1", "6.1", "V6_12", "2.6.27"... */
    public static KernelProfile byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '.');
        if (!n.startsWith("v")) {
            n = "v" + n;
        }
        for (KernelProfile p : values()) {
            if (p.id.equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown kernel profile '" + name + "'; choose one of v2.6.19, v2.6.27, v6.1, v6.12");
    }

    /**
     * The profile that models a kernel release as {@code uname -r} prints it: "6.1.0-27-amd64" is v6.1,
     * "6.18.44" is v6.12, "2.6.20" is v2.6.19, "3.10.0-1160.el7.x86_64" is v2.6.27 (the closest model of
     * the kernels between the seeds and 4.17, see {@link #isApproximation(String)}).
     */
    public static KernelProfile fromUname(String release) {
        int[] v = parse(release);
        int major = v[0];
        int minor = v[1];
        int patch = v[2];
        if (major > 6 || (major == 6 && minor >= 12)) {
            return V6_12;
        }
        if (major > 4 || (major == 4 && minor >= 17)) {
            return V6_1;
        }
        if (major == 2 && minor == 6 && patch < 27 && patch >= 16) {
            return V2_6_19;
        }
        if (major == 2 && minor < 6 || major == 2 && minor == 6 && patch < 16) {
            throw new IllegalArgumentException("kernel " + release.trim() + " predates page migration (2.6.16)");
        }
        return V2_6_27;
    }

    /** True when {@link #fromUname(String)} maps the release to a profile that is only close (2.6.28 to 4.16). */
    public static boolean isApproximation(String release) {
        int[] v = parse(release);
        boolean afterSeeds = v[0] > 2 || v[0] == 2 && v[1] == 6 && v[2] > 27;
        boolean before417 = v[0] < 4 || v[0] == 4 && v[1] < 17;
        return afterSeeds && before417;
    }

    private static int[] parse(String release) {
        Matcher m = RELEASE.matcher(release);
        if (!m.find()) {
            throw new IllegalArgumentException("not a kernel release: '" + release + "'");
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch};
    }
}
