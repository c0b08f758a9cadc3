package org.panuma.backend;

import org.panuma.os.SysfsTopologyReader;
import org.panuma.spi.Mpol;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.Topology;

/**
 * What the two native backends (FFM, JNA) share: they answer for the running kernel, so the
 * topology is this host's sysfs plus the caller's allowed nodes from get_mempolicy.
 */
public abstract class HostBackend implements NumaSyscalls {
    private final String name;
    private final int pageSize;

    protected HostBackend(String name, int pageSize) {
        this.name = name;
        this.pageSize = pageSize;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean simulated() {
        return false;
    }

    @Override
    public final int pageSize() {
        return pageSize;
    }

    @Override
    public final Topology topology() {
        return SysfsTopologyReader.readHost(getMempolicy(0, Mpol.MPOL_F_MEMS_ALLOWED).nodes());
    }
}
