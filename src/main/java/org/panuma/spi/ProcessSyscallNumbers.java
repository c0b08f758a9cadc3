package org.panuma.spi;

import java.util.Locale;

/**
 * The system-call numbers {@link NumaSyscalls#execve} needs, per architecture: execve itself,
 * rt_sigprocmask (to hand the new program an empty signal mask, as a shell would) and
 * close_range (to mark inherited descriptors above stderr close-on-exec); and those of
 * {@link NumaSyscalls#pidfd}: pidfd_open, pidfd_send_signal and close. The backends call
 * them through libc's {@code syscall(long, ...)}, as they call the NUMA system calls.
 *
 * <ul>
 *   <li>x86_64: {@code <asm/unistd_64.h>} (__NR_execve 59, __NR_rt_sigprocmask 14, __NR_close_range 436,
 *       __NR_pidfd_open 434, __NR_pidfd_send_signal 424, __NR_close 3)</li>
 *   <li>aarch64: {@code <asm-generic/unistd.h>} (__NR_execve 221, __NR_rt_sigprocmask 135, __NR_close_range 436,
 *       __NR_pidfd_open 434, __NR_pidfd_send_signal 424, __NR_close 57)</li>
 * </ul>
 * {@code ConstantsMatchHeadersIT} checks the running architecture's row against its header.
 */
public enum ProcessSyscallNumbers {
    X86_64("amd64", 59, 14, 436, 434, 424, 3),
    AARCH64("aarch64", 221, 135, 436, 434, 424, 57);

    /** rt_sigprocmask's {@code how} that replaces the mask ({@code <asm-generic/signal-defs.h>}). */
    public static final int SIG_SETMASK = 2;
    /** The kernel's sigset_t is 64 bits on both architectures: rt_sigprocmask's sigsetsize. */
    public static final int KERNEL_SIGSET_BYTES = 8;
    /** close_range's flag that marks the descriptors close-on-exec instead of closing them ({@code <linux/close_range.h>}). */
    public static final int CLOSE_RANGE_CLOEXEC = 1 << 2;

    /** The value of {@code os.arch} on this architecture. */
    public final String osArch;
    public final long execve;
    public final long rtSigprocmask;
    public final long closeRange;
    /** Linux 5.3; system calls added from 5.1 on have one number on every architecture. */
    public final long pidfdOpen;
    public final long pidfdSendSignal;
    public final long close;

    ProcessSyscallNumbers(String osArch, long execve, long rtSigprocmask, long closeRange, long pidfdOpen,
                          long pidfdSendSignal, long close) {
        this.osArch = osArch;
        this.execve = execve;
        this.rtSigprocmask = rtSigprocmask;
        this.closeRange = closeRange;
        this.pidfdOpen = pidfdOpen;
        this.pidfdSendSignal = pidfdSendSignal;
        this.close = close;
    }

    /** The row for the running JVM's architecture, or null if panuma has none. */
    public static ProcessSyscallNumbers forCurrentArch() {
        String a = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        for (ProcessSyscallNumbers s : values()) {
            if (s.osArch.equals(a) || (s == X86_64 && a.equals("x86_64")) || (s == AARCH64 && a.equals("arm64"))) {
                return s;
            }
        }
        return null;
    }
}
