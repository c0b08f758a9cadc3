package org.panuma.backend.ffm;

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

    @Override
    public Availability availability() {
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
        return Availability.ok();
    }

    @Override
    public NumaSyscalls create() {
        return new FfmBackend(SyscallNumbers.forCurrentArch(), numa_h.getpagesize());
    }
}
