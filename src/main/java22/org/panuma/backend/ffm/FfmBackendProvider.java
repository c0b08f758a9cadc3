package org.panuma.backend.ffm;

import org.panuma.os.AuxVector;
import org.panuma.spi.Availability;
import org.panuma.spi.BackendProvider;
import org.panuma.spi.NumaSyscalls;
import org.panuma.backend.ffm.bindings.numa_h;
import org.panuma.spi.SyscallNumbers;

/** Makes the FFM backend; loaded by class name, so only Java 23+ ever links this package. */
public final class FfmBackendProvider implements BackendProvider {
    /** The flag to name when native access is the reason FFM is unavailable. */
    static final String FLAG = "--enable-native-access=ALL-UNNAMED";

    @Override
    public String name() {
        return "ffm";
    }

    private Availability availability;
    private NumaSyscalls backend;

    @Override
    public synchronized Availability availability() {
        if (availability == null) {
            availability = probe();
        }
        return availability;
    }

    private Availability probe() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return Availability.unavailable("the NUMA system calls are Linux's; this is "
                    + System.getProperty("os.name"));
        }
        if (SyscallNumbers.forCurrentArch() == null) {
            return Availability.unavailable("no system-call table for architecture "
                    + System.getProperty("os.arch") + " (panuma knows x86_64 and aarch64)");
        }
        Module module = FfmBackendProvider.class.getModule();
        if (!module.isNativeAccessEnabled()) {
            String who = module.isNamed() ? "--enable-native-access=" + module.getName() : FLAG;
            return Availability.unavailable("native access is not enabled for panuma: add " + who
                    + " to the java command (./panuma and `java -jar panuma.jar` do this for you)");
        }
        // A seccomp filter that blocks the NUMA calls shows here, not later (HostBackend.probe).
        // The page size from the auxiliary vector: asking libc would link a second downcall shape.
        int pageSize = AuxVector.readPageSize();
        FfmBackend ffm = new FfmBackend(SyscallNumbers.forCurrentArch(), pageSize > 0 ? pageSize : numa_h.getpagesize());
        backend = ffm;
        return ffm.probe();
    }

    /** Links the downcall every NUMA call goes through, when this backend can run here. */
    @Override
    public void prepareCalls() {
        if (availability().available()) {
            ErrnoCapturingCalls.linkSyscall();
        }
    }

    @Override
    public synchronized NumaSyscalls create() {
        availability().ensureAvailable(name());
        return backend;
    }
}
