package org.panuma.backend.jna;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.Locale;
import org.panuma.spi.Availability;
import org.panuma.spi.BackendProvider;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.SyscallNumbers;

/** Makes the JNA backend (Java 17+). */
public final class JnaBackendProvider implements BackendProvider {
    private LibC libc;
    private Availability availability;

    @Override
    public String name() {
        return "jna";
    }

    @Override
    public synchronized Availability availability() {
        if (availability == null) {
            availability = probe();
        }
        return availability;
    }

    private Availability probe() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Availability.unavailable("the NUMA system calls are Linux's; this is " + System.getProperty("os.name"));
        }
        if (SyscallNumbers.forCurrentArch() == null) {
            return Availability.unavailable("no system-call table for architecture " + System.getProperty("os.arch")
                    + " (panuma knows x86_64 and aarch64)");
        }
        try {
            // libc by its file name (libc.so.6 on Linux): for "c" JNA tries libc.so, a linker
            // script dlopen rejects, and then runs `ldconfig -p` to search, a child process on
            // every start (≈0.1 s of `panuma nodes`, which probes JNA to report it).
            libc = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
            return new JnaBackend(libc, SyscallNumbers.forCurrentArch()).probe();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return Availability.unavailable("JNA cannot load libc: " + e.getMessage());
        }
    }

    @Override
    public synchronized NumaSyscalls create() {
        availability().ensureAvailable(name());
        return new JnaBackend(libc, SyscallNumbers.forCurrentArch());
    }
}
