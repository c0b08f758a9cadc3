package org.panuma.spi;

import java.util.Locale;

/**
 * The NUMA system-call numbers per architecture. glibc has no wrappers for these, so the backends
 * call libc's variadic {@code syscall(long, ...)} with these numbers.
 *
 * <ul>
 *   <li>x86_64: {@code <asm/unistd_64.h>} (Debian: /usr/include/x86_64-linux-gnu/asm/unistd_64.h)</li>
 *   <li>aarch64: {@code <asm-generic/unistd.h>} (the generic table aarch64 uses)</li>
 * </ul>
 * {@code ConstantsMatchHeadersIT} checks the running architecture's row against its header.
 */
public enum SyscallNumbers {
    X86_64("amd64", 237, 238, 239, 256, 279, 450),
    AARCH64("aarch64", 235, 237, 236, 238, 239, 450);

    /** The value of {@code os.arch} on this architecture. */
    public final String osArch;
    public final long mbind;
    public final long setMempolicy;
    public final long getMempolicy;
    public final long migratePages;
    public final long movePages;
    /** Kernel 5.17; 450 on both: system calls added from 5.1 on have one number on every architecture. */
    public final long setMempolicyHomeNode;

    SyscallNumbers(String osArch, long mbind, long setMempolicy, long getMempolicy, long migratePages,
                   long movePages, long setMempolicyHomeNode) {
        this.osArch = osArch;
        this.mbind = mbind;
        this.setMempolicy = setMempolicy;
        this.getMempolicy = getMempolicy;
        this.migratePages = migratePages;
        this.movePages = movePages;
        this.setMempolicyHomeNode = setMempolicyHomeNode;
    }

    /** The row for the running JVM's architecture, or null if panuma has none. */
    public static SyscallNumbers forCurrentArch() {
        return forArch(System.getProperty("os.arch", ""));
    }

    public static SyscallNumbers forArch(String osArch) {
        String a = osArch.toLowerCase(Locale.ROOT);
        if (a.equals("x86_64")) {
            a = "amd64";
        }
        if (a.equals("arm64")) {
            a = "aarch64";
        }
        for (SyscallNumbers s : values()) {
            if (s.osArch.equals(a)) {
                return s;
            }
        }
        return null;
    }
}
