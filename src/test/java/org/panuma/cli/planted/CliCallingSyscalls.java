package org.panuma.cli.planted;

import org.panuma.os.MemoryTieringReader;
import org.panuma.os.NumaMapsEntry;
import org.panuma.os.ProcFs;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.memory.MappedMemory;

/**
 * Planted layer violations of the CLI (a system call, mapped memory, a /proc and a /sys read, an
 * os value), for LayersTest to catch. Test scope only.
 */
public final class CliCallingSyscalls {
    private CliCallingSyscalls() {
    }

    public static int pageSize(NumaSyscalls sys) {
        return sys.pageSize();
    }

    public static long size(MappedMemory memory) {
        return memory.hashCode();
    }

    public static int selfUid() {
        return ProcFs.system().selfStatus().realUid();
    }

    public static int tiers() {
        return MemoryTieringReader.readHost().tiers().size();
    }

    public static String policy(NumaMapsEntry e) {
        return e.policy();
    }
}
