package org.panuma.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.panuma.api.AddressRange;
import org.panuma.api.Addresses;
import org.panuma.api.NodeLists;
import org.panuma.api.Processes;
import org.panuma.api.RegionFilter;
import org.panuma.api.Selection;
import org.panuma.spi.JvmUnreachableException;
import org.panuma.spi.NodeSet;
import org.panuma.spi.ProcessInfo;
import org.panuma.spi.Topology;

/** Turns option values into api values; a bad value becomes a {@link UsageException} naming it. */
final class Args {
    private Args() {
    }

    static <T> T usage(String option, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    static ProcessInfo process(String pidOrPattern) {
        return usage("PID|PATTERN", () -> Processes.find(pidOrPattern));
    }

    /** Whether the process belongs to the caller's real uid (its reports may then be world-readable). */
    static boolean ownedByCaller(ProcessInfo p) {
        return Processes.ownedByCaller(p);
    }

    /** Every process a pid or pattern names: where lists them all, as numastat -p does. */
    static List<ProcessInfo> processes(String pidOrPattern) {
        try {
            return List.of(process(pidOrPattern));
        } catch (org.panuma.spi.AmbiguousProcessException several) {
            return several.matches();
        }
    }

    private static java.util.List<org.panuma.spi.JvmRegion> jvmRegions(int pid) {
        try {
            return org.panuma.api.JvmRegions.of(pid);
        } catch (JvmUnreachableException e) {
            throw new CommandFailedException("--region: process " + pid + "'s JVM regions are unknown: "
                    + e.getMessage(), ExitCodes.PERMISSION_DENIED, e);
        }
    }

    static NodeSet nodes(String option, String text, Topology t) {
        return usage(option, () -> NodeLists.parse(text, t));
    }

    static int node(String option, String text, Topology t) {
        return usage(option, () -> NodeLists.parseOne(text, t));
    }

    static Selection selection(SelectionOptions o, NodeSet from) {
        return selection(o, from, 0);
    }

    /**
     * @param pid the process, whose JVM is asked (jcmd) when a region names a JVM's own region
     *            (java-heap, code-cache, ...); 0 to check the other values only
     */
    static Selection selection(SelectionOptions o, NodeSet from, int pid) {
        List<RegionFilter> regions = new ArrayList<>();
        java.util.List<org.panuma.spi.JvmRegion> jvm = null;
        if (o.regions != null) {
            for (String r : o.regions) {
                if (RegionFilter.isJvmRegionName(r)) {
                    if (pid <= 0) {
                        continue; // checked once the process is known
                    }
                    if (jvm == null) {
                        jvm = jvmRegions(pid);
                    }
                    java.util.List<org.panuma.spi.JvmRegion> known = jvm;
                    regions.add(usage("--region", () -> RegionFilter.jvm(r, known)));
                } else {
                    regions.add(usage("--region", () -> RegionFilter.parse(r)));
                }
            }
        }
        AddressRange range = o.range == null ? null : usage("--range", () -> AddressRange.parse(o.range));
        long[] addresses = o.addresses == null ? null : usage("--addresses", () -> Addresses.parseList(o.addresses));
        return new Selection(regions, range, addresses, from);
    }
}
