/*
 * The C peer of `panuma move` in BENCHMARKS.md: maps SIZE_MIB of anonymous memory bound to
 * node FROM (optionally THP), writes it, then moves it to node TO with move_pages(2) in batches
 * of BATCH pages, and prints one line: "bytes=<n> seconds=<s> MBps=<r> failed=<k>".
 *
 *   move_pages_bench FROM TO SIZE_MIB BATCH [thp]
 *   move_pages_bench --pid PID START_HEX TO SIZE_MIB BATCH
 *
 * The second form moves SIZE_MIB of another, live process's memory from START_HEX (e.g. a
 * hold_memory target), the same job `panuma move PID --range ...` does, so the two are timed on
 * the same target. Only the move_pages loop is timed, in both forms.
 *
 * Built by the benchmark script with gcc; glibc has no move_pages wrapper, so syscall(2).
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

static int move(int pid, char *mem, int to, size_t size, long batch);

int main(int argc, char **argv) {
    if (argc == 7 && strcmp(argv[1], "--pid") == 0) {
        return move(atoi(argv[2]), (char *) strtoul(argv[3], NULL, 16), atoi(argv[4]),
                    (size_t) atol(argv[5]) << 20, atol(argv[6]));
    }
    if (argc < 5) {
        fprintf(stderr, "usage: %s FROM TO SIZE_MIB BATCH [thp]\n"
                        "       %s --pid PID START_HEX TO SIZE_MIB BATCH\n", argv[0], argv[0]);
        return 2;
    }
    int from = atoi(argv[1]), to = atoi(argv[2]);
    size_t size = (size_t) atol(argv[3]) << 20;
    long batch = atol(argv[4]);
    int thp = argc > 5 && strcmp(argv[5], "thp") == 0;
    size_t align = 2UL << 20;
    char *raw = mmap(NULL, size + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) { perror("mmap"); return 1; }
    char *mem = (char *) (((unsigned long) raw + align - 1) & ~(align - 1));
    madvise(mem, size, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
    unsigned long mask[16] = {0};
    mask[from / 64] |= 1UL << (from % 64);
    if (syscall(SYS_mbind, mem, size, MPOL_BIND, mask, 1025UL, 0UL) != 0) { perror("mbind"); return 1; }
    memset(mem, 0x5a, size);
    return move(0, mem, to, size, batch);
}

/* Moves [mem, mem + size) of process pid (0: this one) to node `to`, `batch` pages per call. */
static int move(int pid, char *mem, int to, size_t size, long batch) {
    long page = sysconf(_SC_PAGESIZE);
    long n = size / page;
    void **pages = malloc(n * sizeof *pages);
    int *nodes = malloc(n * sizeof *nodes), *status = malloc(n * sizeof *status);
    for (long i = 0; i < n; i++) { pages[i] = mem + i * page; nodes[i] = to; }
    long failed = 0;
    double t0 = now();
    for (long i = 0; i < n; i += batch) {
        long k = n - i < batch ? n - i : batch;
        long r = syscall(SYS_move_pages, pid, k, pages + i, nodes + i, status + i, MPOL_MF_MOVE);
        if (r < 0) { perror("move_pages"); return 1; }
        failed += r;
    }
    double t = now() - t0;
    long wrong = 0;
    for (long i = 0; i < n; i++) if (status[i] != to) wrong++;
    printf("bytes=%zu seconds=%.6f MBps=%.1f failed=%ld not_on_target=%ld\n", size, t, size / t / 1e6, failed, wrong);
    return 0;
}
