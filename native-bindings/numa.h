/*
 * What panuma binds, and nothing else. jextract reads this header with the
 * options in jextract-options.txt; regenerate.sh runs it.
 *
 * The NUMA system calls (mbind, set_mempolicy, get_mempolicy, migrate_pages,
 * move_pages, set_mempolicy_home_node) have no glibc wrappers, so panuma calls
 * libc's variadic syscall(long, ...) with the numbers of
 * org.panuma.spi.SyscallNumbers: they differ per architecture, and bindings
 * generated on one machine would carry only its own, so they are not bound here.
 */
#define _GNU_SOURCE
#include <unistd.h>            /* long syscall(long sysno, ...) */
#include <sys/mman.h>          /* mmap, munmap, PROT_*, MAP_* */
#include <sched.h>             /* sched_getaffinity, sched_setaffinity, getcpu */
#include <linux/version.h>     /* LINUX_VERSION_CODE of the uapi headers */
#include <linux/mempolicy.h>   /* MPOL_* modes and flags, MPOL_F_*, MPOL_MF_* */

/*
 * MPOL_WEIGHTED_INTERLEAVE came with kernel 6.9 as the member after
 * MPOL_PREFERRED_MANY of the mode enum; older uapi headers (Debian 12 ships
 * 6.1's) lack it. A macro of the same name would clash with the enum member of
 * newer headers, hence the version test.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 9, 0)
#define MPOL_WEIGHTED_INTERLEAVE (MPOL_PREFERRED_MANY + 1)
#endif
