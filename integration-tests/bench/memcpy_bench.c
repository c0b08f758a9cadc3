/*
 * The copy bound of BENCHMARKS.md: a single-thread memcpy of SIZE_MIB from memory on node FROM
 * to memory on node TO, both written first; prints "bytes=<n> seconds=<s> MBps=<r>" (best of
 * REPEAT copies).
 *
 *   memcpy_bench FROM TO SIZE_MIB [REPEAT]
 */
#define _GNU_SOURCE
#include <linux/mempolicy.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static char *on_node(size_t size, int node) {
    char *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) { perror("mmap"); exit(1); }
    unsigned long mask[16] = {0};
    mask[node / 64] |= 1UL << (node % 64);
    if (syscall(SYS_mbind, m, size, MPOL_BIND, mask, 1025UL, 0UL) != 0) { perror("mbind"); exit(1); }
    memset(m, node + 1, size);
    return m;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s FROM TO SIZE_MIB [REPEAT]\n", argv[0]);
        return 2;
    }
    size_t size = (size_t) atol(argv[3]) << 20;
    int repeat = argc > 4 ? atoi(argv[4]) : 3;
    char *src = on_node(size, atoi(argv[1])), *dst = on_node(size, atoi(argv[2]));
    double best = 1e30;
    for (int i = 0; i < repeat; i++) {
        double t0 = now();
        memcpy(dst, src, size);
        double t = now() - t0;
        if (t < best) best = t;
    }
    printf("bytes=%zu seconds=%.6f MBps=%.1f check=%d\n", size, best, size / best / 1e6, dst[size - 1]);
    return 0;
}
