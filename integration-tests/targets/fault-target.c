/*
 * fault-target: a target the fault tests (issue 8, item 2) steer from its standard input, so a
 * fault lands at a chosen point of a move. Two modes:
 *
 *   fault-target MIB NODE     MIB MiB written with a pattern, its pages placed on NODE
 *                             (set_mempolicy MPOL_BIND while they are first touched, then the
 *                             default policy again). Prints "pid <pid>", "range <start> <end>",
 *                             "ready". Commands, one a line:
 *                               unmap FIRST COUNT   munmap COUNT pages from page FIRST; "unmapped"
 *                               check               "corrupted <bytes>" over the pages still mapped
 *                               exit                _exit(0) at once, nothing printed
 *                             At the end of input: check, print "corrupted <bytes>", exit 0 or 1.
 *   fault-target --fill NODE LEAVE_MIB
 *                             takes NODE's memory, 2 MiB at a time bound to NODE, until the
 *                             node's MemFree is below LEAVE_MIB; prints "filled <MiB>", "ready",
 *                             and holds it until its input ends.
 *
 * Exit status: 0 intact, 1 corrupted, 2 usage or setup error. No libnuma: raw syscalls only.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MPOL_DEFAULT 0
#define MPOL_PREFERRED 1
#define MPOL_BIND 2
#define MPOL_MF_STRICT 1
#define MPOL_MF_MOVE 2
#define PAGE 4096UL

static inline uint8_t pattern(size_t i) { return (uint8_t)(i * 131u + (i >> 12) * 7u + 5u); }

static long free_kib(int node) {
    char path[96], line[256];
    snprintf(path, sizeof path, "/sys/devices/system/node/node%d/meminfo", node);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    long kib = -1;
    while (fgets(line, sizeof line, f)) {
        char *p = strstr(line, "MemFree:");
        if (p) { kib = strtol(p + 8, NULL, 10); break; }
    }
    fclose(f);
    return kib;
}

static int fill(int node, long leave_mib) {
    unsigned long mask = 1UL << node;
    size_t chunk = 2UL << 20, total = 0;
    long kib;
    while ((kib = free_kib(node)) >= 0 && kib / 1024 >= leave_mib + 2) {
        uint8_t *p = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) { perror("mmap"); return 2; }
        /* PREFERRED, not BIND: a full node makes the kernel fall back, never OOM-kill. */
        if (syscall(SYS_mbind, p, chunk, MPOL_PREFERRED, &mask, 64UL, 0U) != 0) { perror("mbind"); return 2; }
        memset(p, 0x5a, chunk);
        total += chunk;
    }
    if (kib < 0) { fprintf(stderr, "no meminfo for node %d\n", node); return 2; }
    printf("filled %zu\nready\n", total >> 20);
    fflush(stdout);
    char line[64];
    while (fgets(line, sizeof line, stdin)) { }
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "--fill") == 0) return fill(atoi(argv[2]), atol(argv[3]));
    if (argc != 3) { fprintf(stderr, "usage: %s MIB NODE | --fill NODE LEAVE_MIB\n", argv[0]); return 2; }
    size_t len = (size_t)strtoul(argv[1], NULL, 10) << 20;
    int node = atoi(argv[2]);
    if (len == 0 || node < 0 || node > 63) { fprintf(stderr, "bad MIB or NODE\n"); return 2; }
    size_t pages = len / PAGE;
    uint8_t *buf = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED) { perror("mmap"); return 2; }
    uint8_t *mapped = calloc(pages, 1);
    unsigned long mask = 1UL << node;
    /* 4 KiB pages only: a huge page moves as a whole, and the tests count pages. */
    madvise(buf, len, MADV_NOHUGEPAGE);
    if (syscall(SYS_set_mempolicy, MPOL_BIND, &mask, 64UL) != 0) { perror("set_mempolicy"); return 2; }
    for (size_t i = 0; i < len; i++) buf[i] = pattern(i);
    if (syscall(SYS_set_mempolicy, MPOL_DEFAULT, NULL, 0UL) != 0) { perror("set_mempolicy"); return 2; }
    /* Make sure every page is on NODE (and fail if one cannot be), then drop the binding. */
    if (syscall(SYS_mbind, buf, len, MPOL_BIND, &mask, 64UL, MPOL_MF_MOVE | MPOL_MF_STRICT) != 0) { perror("mbind"); return 2; }
    if (syscall(SYS_mbind, buf, len, MPOL_DEFAULT, NULL, 0UL, 0U) != 0) { perror("mbind default"); return 2; }
    memset(mapped, 1, pages);
    printf("pid %d\nrange %lx %lx\nready\n", (int)getpid(), (unsigned long)buf, (unsigned long)(buf + len));
    fflush(stdout);
    char line[128];
    for (;;) {
        int eof = !fgets(line, sizeof line, stdin);
        if (!eof && strncmp(line, "exit", 4) == 0) _exit(0);
        if (!eof && strncmp(line, "unmap ", 6) == 0) {
            size_t first, count;
            if (sscanf(line + 6, "%zu %zu", &first, &count) != 2 || first + count > pages) {
                fprintf(stderr, "bad unmap\n"); return 2;
            }
            if (munmap(buf + first * PAGE, count * PAGE) != 0) { perror("munmap"); return 2; }
            memset(mapped + first, 0, count);
            printf("unmapped\n");
            fflush(stdout);
            continue;
        }
        if (eof || strncmp(line, "check", 5) == 0) {
            unsigned long long bad = 0;
            for (size_t pg = 0; pg < pages; pg++) {
                if (!mapped[pg]) continue;
                for (size_t i = pg * PAGE; i < (pg + 1) * PAGE; i++) bad += buf[i] != pattern(i);
            }
            printf("corrupted %llu\n", bad);
            fflush(stdout);
            if (eof) return bad ? 1 : 0;
        }
    }
}
