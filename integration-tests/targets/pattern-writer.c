/*
 * pattern-writer: a target process for the live-move tests (issue 4, c). It allocates
 * memory on one node, then keeps rewriting and re-checking a pattern over all of it, so a
 * page that moves under it is caught if it comes back with a single wrong byte.
 *
 *   pattern-writer MIB NODE [SECONDS]
 *
 * Prints, flushed at once so a test can read them while it runs:
 *   pid <pid>
 *   range <start-hex> <end-hex>     the buffer, as in /proc/<pid>/maps
 *   ready                           every page written once, on NODE
 * and when it stops (SECONDS elapsed, 0 = never; or SIGTERM/SIGINT):
 *   passes <n>
 *   corrupted <bytes>               bytes that did not hold what was last written
 * Exit status: 0 when nothing was corrupted, 1 when something was, 2 on a usage/setup error.
 *
 * No libnuma: the node is chosen with the raw set_mempolicy syscall, so only gcc and the
 * libc headers are needed at test time.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MPOL_DEFAULT 0
#define MPOL_BIND 2

static volatile sig_atomic_t stop;

static void on_signal(int sig) { (void)sig; stop = 1; }

/* The byte expected at offset i in generation g: varies along the page and between passes. */
static inline uint8_t pattern(size_t i, unsigned g) { return (uint8_t)(i * 31u + (i >> 12) * 7u + g * 13u + 1u); }

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s MIB NODE [SECONDS]\n", argv[0]);
        return 2;
    }
    size_t len = (size_t)strtoul(argv[1], NULL, 10) << 20;
    int node = atoi(argv[2]);
    double seconds = argc > 3 ? atof(argv[3]) : 0;

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    uint8_t *buf = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED) { perror("mmap"); return 2; }
    /* Bind first-touch allocation to NODE, then restore the default so nothing else is bound. */
    unsigned long mask[16] = {0};
    mask[node / 64] = 1UL << (node % 64);
    if (syscall(SYS_set_mempolicy, MPOL_BIND, mask, sizeof mask * 8)) { perror("set_mempolicy"); return 2; }
    unsigned g = 0;
    for (size_t i = 0; i < len; i++) buf[i] = pattern(i, g);
    if (syscall(SYS_set_mempolicy, MPOL_DEFAULT, NULL, 0)) { perror("set_mempolicy"); return 2; }

    printf("pid %d\nrange %lx %lx\nready\n", (int)getpid(), (unsigned long)buf, (unsigned long)(buf + len));
    fflush(stdout);

    struct timespec t0, now;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    unsigned long long corrupted = 0, passes = 0;
    while (!stop) {
        for (size_t i = 0; i < len; i++) {
            if (buf[i] != pattern(i, g)) corrupted++;
            buf[i] = pattern(i, g + 1);
        }
        g++;
        passes++;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (seconds > 0 && (now.tv_sec - t0.tv_sec) + (now.tv_nsec - t0.tv_nsec) / 1e9 >= seconds) break;
    }
    /* One last check of the final generation, so a move during the final pass counts too. */
    for (size_t i = 0; i < len; i++) if (buf[i] != pattern(i, g)) corrupted++;
    printf("passes %llu\ncorrupted %llu\n", passes, corrupted);
    return corrupted ? 1 : 0;
}
