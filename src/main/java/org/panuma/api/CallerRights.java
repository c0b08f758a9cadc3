package org.panuma.api;

/**
 * The caller as move_pages(2)'s permission checks see it, relative to the target process.
 *
 * @param sameProcess the caller moves its own pages (pid 0)
 * @param mayPtrace   ptrace_may_access(PTRACE_MODE_READ_REALCREDS) allows the caller
 * @param capSysNice  the caller has CAP_SYS_NICE (needed by MPOL_MF_MOVE_ALL)
 */
public record CallerRights(boolean sameProcess, boolean mayPtrace, boolean capSysNice) {
}
