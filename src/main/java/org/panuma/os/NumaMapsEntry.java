package org.panuma.os;

import java.util.Map;
import java.util.Objects;

/**
 * One line of /proc/PID/numa_maps: {@code start policy [file=PATH|heap|stack|huge] key=value... N0=n}.
 *
 * @param start          the mapping's first byte
 * @param policy         the memory policy as the kernel prints it: "default", "bind:0-1",
 *                       "interleave:0", "prefer:1", "bind=static:0", "local", "prefer (many):0-1",
 *                       "weighted interleave:0-1"
 * @param pagesByNode    the N&lt;node&gt;=pages counts (pages of {@code kernelPageSize})
 * @param kernelPageSize bytes, 0 when the line has none (no pages)
 * @param huge           the "huge" marker: a hugetlb mapping
 * @param path           the file= value, unescaped ("" when none)
 */
public record NumaMapsEntry(long start, String policy, Map<Integer, Long> pagesByNode, long kernelPageSize,
                            boolean huge, String path) {
    public NumaMapsEntry {
        Objects.requireNonNull(policy);
        pagesByNode = Map.copyOf(pagesByNode);
    }

    /** The policy mode without nodes or flags: "default", "bind", "interleave", "prefer", ... */
    public String mode() {
        int cut = policy.length();
        for (char c : new char[] {':', '='}) {
            int i = policy.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return policy.substring(0, cut);
    }

    /** The node list after the colon ("0-1"), "" when none. */
    public String policyNodes() {
        int i = policy.lastIndexOf(':');
        return i < 0 ? "" : policy.substring(i + 1);
    }
}
