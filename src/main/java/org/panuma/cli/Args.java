package org.panuma.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.panuma.api.AddressRange;
import org.panuma.api.Addresses;
import org.panuma.api.NodeLists;
import org.panuma.api.RegionFilter;
import org.panuma.api.Selection;
import org.panuma.os.ProcessFinder;
import org.panuma.os.ProcessInfo;
import org.panuma.spi.NodeSet;
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
        return usage("PID|PATTERN", () -> ProcessFinder.system().find(pidOrPattern));
    }

    /** Every process a pid or pattern names: where lists them all, as numastat -p does. */
    static List<ProcessInfo> processes(String pidOrPattern) {
        try {
            return List.of(process(pidOrPattern));
        } catch (org.panuma.os.AmbiguousProcessException several) {
            return several.matches();
        }
    }

    static NodeSet nodes(String option, String text, Topology t) {
        return usage(option, () -> NodeLists.parse(text, t));
    }

    static int node(String option, String text, Topology t) {
        return usage(option, () -> NodeLists.parseOne(text, t));
    }

    static Selection selection(SelectionOptions o, NodeSet from) {
        List<RegionFilter> regions = new ArrayList<>();
        if (o.regions != null) {
            for (String r : o.regions) {
                regions.add(usage("--region", () -> RegionFilter.parse(r)));
            }
        }
        AddressRange range = o.range == null ? null : usage("--range", () -> AddressRange.parse(o.range));
        long[] addresses = o.addresses == null ? null : usage("--addresses", () -> Addresses.parseList(o.addresses));
        return new Selection(regions, range, addresses, from);
    }
}
