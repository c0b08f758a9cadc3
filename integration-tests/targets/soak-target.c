/*
 * soak-target: a multi-threaded target for the integrity soak (issue 8). THREADS threads each own
 * one slice of a MIB-MiB buffer and keep rewriting and re-checking a pattern over it, so a page
 * that comes back from a move with one wrong byte is counted.
 *
 *   soak-target MIB THREADS
 *
 * Prints, flushed: "pid <pid>", "range <start-hex> <end-hex>", "ready" (every page written once).
 * It stops when its standard input closes (or on SIGTERM/SIGINT), checks everything a last time
 * and prints "passes <n>" and "corrupted <bytes>". Exit status: 0 intact, 1 corrupted, 2 setup error.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static uint8_t *buf;

/* Pages [from, split) hold generation gen + 1 and [split, to) hold gen once a worker has stopped:
 * it stops between two pages, so that a starved writer (nice 19) still stops at once. */
struct worker { pthread_t t; size_t from, to, split; unsigned gen; unsigned long long passes, corrupted; };

static void on_signal(int sig) { (void)sig; stop = 1; }

static inline uint8_t pattern(size_t i, unsigned g) { return (uint8_t)(i * 131u + (i >> 12) * 7u + g * 29u + 3u); }

static unsigned long long check(size_t from, size_t to, unsigned g) {
    unsigned long long bad = 0;
    for (size_t i = from; i < to; i++) bad += buf[i] != pattern(i, g);
    return bad;
}

static void *run(void *arg) {
    struct worker *w = arg;
    for (;;) {
        for (size_t page = w->from; page < w->to; page += 4096) {
            if (stop) { w->split = page; return NULL; }
            for (size_t i = page; i < page + 4096; i++) {
                if (buf[i] != pattern(i, w->gen)) w->corrupted++;
                buf[i] = pattern(i, w->gen + 1);
            }
        }
        w->gen++;
        w->passes++;
    }
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s MIB THREADS\n", argv[0]); return 2; }
    size_t len = (size_t)strtoul(argv[1], NULL, 10) << 20;
    int threads = atoi(argv[2]);
    if (len == 0 || threads < 1 || threads > 64) { fprintf(stderr, "bad MIB or THREADS\n"); return 2; }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    buf = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED) { perror("mmap"); return 2; }
    /* Node 0 preferred (MPOL_PREFERRED = 1), so every run starts from the same node whichever CPU
     * the first touch runs on, and the buffer is a VMA of its own: with a policy it cannot merge
     * with the thread stacks mapped next to it, so numa_maps has one line starting at the range.
     * Movers still move it anywhere: move_pages and migrate_pages do not follow VMA policies. */
    unsigned long node0 = 1;
    if (syscall(SYS_mbind, buf, len, 1, &node0, 64UL, 0UL) != 0) { perror("mbind"); return 2; }
    for (size_t i = 0; i < len; i++) buf[i] = pattern(i, 0);
    printf("pid %d\nrange %lx %lx\nready\n", (int)getpid(), (unsigned long)buf, (unsigned long)(buf + len));
    fflush(stdout);
    /* The writers run at nice 19 (threads inherit it): they get every cycle the mover leaves, but
     * should not starve it. In a 2-vCPU emulated guest 3 writers at nice 0 leave the mover about
     * half a vCPU. The gain was not isolated by a measurement (RELIABILITY.md). */
    if (setpriority(PRIO_PROCESS, 0, 19) != 0) { perror("setpriority"); return 2; }
    struct worker *w = calloc((size_t)threads, sizeof *w);
    for (int k = 0; k < threads; k++) {
        /* Page-aligned slices; the last one takes what the division leaves: every byte is checked. */
        size_t pages = len / 4096;
        w[k].from = pages * (size_t)k / (size_t)threads * 4096;
        w[k].to = pages * (size_t)(k + 1) / (size_t)threads * 4096;
        pthread_create(&w[k].t, NULL, run, &w[k]);
    }
    char line[64];
    while (!stop && fgets(line, sizeof line, stdin)) { }
    stop = 1;
    unsigned long long passes = 0, corrupted = 0;
    for (int k = 0; k < threads; k++) {
        pthread_join(w[k].t, NULL);
        corrupted += w[k].corrupted + check(w[k].from, w[k].split, w[k].gen + 1) + check(w[k].split, w[k].to, w[k].gen);
        passes += w[k].passes;
    }
    printf("passes %llu\ncorrupted %llu\n", passes, corrupted);
    fflush(stdout);
    return corrupted ? 1 : 0;
}
