/*
 * The target process of the benchmarks: maps SIZE_MIB of anonymous memory bound to node NODE
 * (4 KiB pages, or THP with "thp"), writes every byte, prints "ready <start-hex> <end-hex>" and
 * then sleeps until its standard input closes. Unlike PatternTarget it does not keep rewriting
 * its memory, so every mover in BENCHMARKS.md faces the same idle target and none of them
 * competes with the target for the guest's CPUs.
 *
 *   hold_memory NODE SIZE_MIB [thp]
 */
#define _GNU_SOURCE
#include <linux/mempolicy.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s NODE SIZE_MIB [thp]\n", argv[0]);
        return 2;
    }
    int node = atoi(argv[1]);
    size_t size = (size_t) atol(argv[2]) << 20;
    int thp = argc > 3 && strcmp(argv[3], "thp") == 0;
    size_t align = 2UL << 20; /* THP needs 2 MiB-aligned memory; harmless for 4 KiB pages */
    char *raw = mmap(NULL, size + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) { perror("mmap"); return 1; }
    char *mem = (char *) (((unsigned long) raw + align - 1) & ~(align - 1));
    if (madvise(mem, size, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE) != 0) { perror("madvise"); return 1; }
    unsigned long mask[16] = {0};
    mask[node / 64] |= 1UL << (node % 64);
    /* MPOL_PREFERRED, not BIND: a bound VMA would keep its policy, and migratepages/mbind moves
     * honour it; preferred places the pages on NODE and lets every mover move them away. */
    if (syscall(SYS_mbind, mem, size, MPOL_PREFERRED, mask, 1025UL, 0UL) != 0) { perror("mbind"); return 1; }
    memset(mem, 0x5a, size);
    printf("ready %lx %lx\n", (unsigned long) mem, (unsigned long) (mem + size));
    fflush(stdout);
    char buf[256];
    while (fgets(buf, sizeof buf, stdin) != NULL) {
        /* wait for end of input */
    }
    return 0;
}
