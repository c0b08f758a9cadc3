/*
 * What panuma binds, and nothing else. jextract reads this header with the
 * options in jextract-options.txt; regenerate.sh runs it.
 *
 * The five NUMA system calls have no glibc wrappers, so panuma calls libc's
 * variadic syscall(long, ...) with the numbers of org.panuma.spi.SyscallNumbers
 * (per architecture, citing asm/unistd_64.h and asm-generic/unistd.h).
 */
#define _GNU_SOURCE
#include <unistd.h>            /* long syscall(long sysno, ...) */
#include <sys/mman.h>          /* mmap, munmap, PROT_*, MAP_* */
#include <sched.h>             /* sched_getaffinity, sched_setaffinity, getcpu */
#include <linux/mempolicy.h>   /* MPOL_* modes and flags, MPOL_F_*, MPOL_MF_* */
