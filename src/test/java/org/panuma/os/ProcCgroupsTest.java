package org.panuma.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcCgroupsTest {
    /** A v2-only host: one unified line (a Kubernetes pod's container). */
    static final String UNIFIED = "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod12.slice/cri-containerd-ab.scope\n";
    /** A hybrid (v1) host, captured from a container: the memory controller names it. */
    static final String HYBRID = "9:name=systemd:/\n8:pids:/\n7:blkio:/\n6:freezer:/\n5:devices:/\n"
            + "4:memory:/process_api/4eb02f8369b961e61a6c0a25e756de18\n3:cpuset:/\n2:cpuacct:/\n1:cpu:/\n0::/\n";

    @Test
    void theUnifiedPathIsTheLabel_onV2() {
        ProcCgroups c = ProcCgroups.parse(UNIFIED);
        assertEquals("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod12.slice/cri-containerd-ab.scope",
                c.label());
    }

    @Test
    void theMemoryControllersPathIsTheLabel_whenTheUnifiedOneIsTheRoot() {
        assertEquals("/process_api/4eb02f8369b961e61a6c0a25e756de18", ProcCgroups.parse(HYBRID).label());
        assertEquals("/", ProcCgroups.parse("4:memory:/\n0::/\n").label());
    }

    @Test
    void isWithin_acceptsThePodsDirectoryUnderSysFsCgroup_andPathsInsideTheHierarchy() {
        ProcCgroups c = ProcCgroups.parse(UNIFIED);
        assertTrue(c.isWithin("/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod12.slice"));
        assertTrue(c.isWithin("/kubepods.slice/kubepods-burstable.slice/"));
        assertTrue(c.isWithin("/sys/fs/cgroup"));
        assertFalse(c.isWithin("/kubepods.slice/kubepods-besteffort.slice"));
        // A sibling whose name starts the same is not below it.
        assertFalse(c.isWithin("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1"));
    }

    @Test
    void isWithin_dropsAV1ControllersDirectory() {
        ProcCgroups c = ProcCgroups.parse(HYBRID);
        assertTrue(c.isWithin("/sys/fs/cgroup/memory/process_api"));
        assertFalse(c.isWithin("/sys/fs/cgroup/memory/other"));
    }

    @Test
    void aLineWithoutTwoColons_isRejectedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProcCgroups.parse("0:/x\n"));
        assertTrue(e.getMessage().contains("'0:/x'"), e.getMessage());
    }

    @Test
    void thisProcessIsWithinItsOwnLabel() {
        ProcCgroups c = ProcFs.system().cgroups((int) ProcessHandle.current().pid());
        assertTrue(c.isWithin(c.label()), c.toString());
    }
}
