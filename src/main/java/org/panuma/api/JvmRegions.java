package org.panuma.api;

import java.util.ArrayList;
import java.util.List;
import org.panuma.os.Jcmd;
import org.panuma.os.JvmRegionsParser;
import org.panuma.spi.JvmRegion;
import org.panuma.spi.JvmUnreachableException;

/**
 * Where a HotSpot JVM keeps its Java heap, code cache, metaspace, compressed class space and CDS
 * archive, as the JVM itself tells through jcmd (VM.info, VM.metaspace vslist). In /proc/PID/maps
 * these are nameless anonymous mappings; `--region heap` is the C heap ([heap], often a few
 * hundred KiB in a JVM), not the Java heap.
 *
 * <pre>{@code
 * List<JvmRegion> jvm = JvmRegions.of(pid);           // java-heap 0x687400000-0x800000000, ...
 * }</pre>
 */
public final class JvmRegions {
    private JvmRegions() {
    }

    /**
     * @throws JvmUnreachableException when the JVM cannot be asked (not a HotSpot JVM, another user's JVM,
     *                                 attach disabled, no jcmd); the message says which
     */
    public static List<JvmRegion> of(int pid) {
        List<JvmRegion> out = new ArrayList<>(JvmRegionsParser.vmInfo(Jcmd.run(pid, "VM.info")));
        out.addAll(JvmRegionsParser.metaspace(Jcmd.run(pid, "VM.metaspace", "vslist"), out));
        return out;
    }

    /** True when the regions map the HotSpot JVM's library: the process is a JVM. */
    public static boolean isJvm(List<MemoryRegion> regions) {
        return regions.stream().anyMatch(r -> r.path().endsWith("/libjvm.so"));
    }
}
