package org.panuma.cli.planted;

import org.panuma.os.ProcFs;
import org.panuma.spi.NumaSyscalls;

/** Planted layer violations of the CLI (a system call, a /proc read), for LayersTest to catch. Test scope only. */
public final class CliCallingSyscalls {
    private CliCallingSyscalls() {
    }

    public static int pageSize(NumaSyscalls sys) {
        return sys.pageSize();
    }

    public static int selfUid() {
        return ProcFs.system().selfStatus().realUid();
    }
}
