package org.panuma.engine.predict;

import java.util.List;
import org.panuma.spi.NodeSet;

/**
 * What the OS layer can see of a real process, as plain data (no /proc reading here): its cpuset,
 * its mappings (from /proc/PID/maps) and, per page asked about, what /proc/PID/pagemap,
 * kpagecount and kpageflags told — each fact optional ("unknown" is null).
 *
 * @param memsAllowed the target's cpuset mems (Mems_allowed_list of /proc/PID/status)
 * @param withMemory  the machine's nodes with memory (/sys/devices/system/node/has_memory)
 * @param regions     the mappings, sorted by start
 */
public record ProcessSnapshot(NodeSet memsAllowed, NodeSet withMemory, List<Region> regions) {
    public ProcessSnapshot {
        regions = List.copyOf(regions);
    }

    /** What a mapping is, from its maps line and flags (VmFlags of smaps). */
    public enum Kind { ANON, FILE, SHMEM, HUGETLB, IO_OR_PFNMAP }

    /** A mapping and the pages of it that were looked at. */
    public record Region(long start, long end, Kind kind, List<Page> pages) {
        public Region {
            pages = List.copyOf(pages);
        }
    }

    /** Whether a page is there, per pagemap. */
    public enum Presence { PRESENT, SWAPPED, NOT_PRESENT, UNKNOWN }

    /**
     * One page.
     *
     * @param node     its node when known (kpageflags + pagemap PFN, numa_maps), else null
     * @param mapcount kpagecount's count, else null
     * @param zeroPage KPF_ZERO_PAGE, else null
     * @param onLru    KPF_LRU, else null (false: e.g. still in a per-CPU LRU cache)
     * @param thp      KPF_THP, else null
     * @param ksm      KPF_KSM (a page KSM merged identical pages into), else null
     */
    public record Page(long address, Presence presence, Integer node, Integer mapcount, Boolean zeroPage,
                       Boolean onLru, Boolean thp, Boolean ksm) {
        /** A page whose KPF_KSM is not known. */
        public Page(long address, Presence presence, Integer node, Integer mapcount, Boolean zeroPage, Boolean onLru,
                    Boolean thp) {
            this(address, presence, node, mapcount, zeroPage, onLru, thp, null);
        }

        public static Page present(long address, int node) {
            return new Page(address, Presence.PRESENT, node, 1, false, true, false);
        }

        public static Page unknown(long address) {
            return new Page(address, Presence.UNKNOWN, null, null, null, null, null);
        }
    }
}
