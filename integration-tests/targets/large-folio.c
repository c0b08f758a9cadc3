/*
 * large-folio: a target holding one multi-size THP (mTHP, 6.8+), for the large-folio guest test.
 *
 *   large-folio KIB NODE
 *
 * Maps an anonymous region of KIB KiB aligned to KIB KiB (mapped twice as large, the rest
 * unmapped), binds it to NODE (set_mempolicy MPOL_BIND while faulting) and writes its first byte:
 * with /sys/kernel/mm/transparent_hugepage/hugepages-<KIB>kB/enabled set, that one fault allocates
 * the whole region as a single folio and maps all its pages. Then writes every page (no new fault
 * in the folio). Prints "folio <address-hex>", then "ready", then waits until its standard input
 * closes or says "stop". Exit status 2 on a setup error.
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
#define MPOL_BIND 2

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s KIB NODE\n", argv[0]); return 2; }
    size_t size = (size_t)strtoul(argv[1], NULL, 10) << 10;
    int node = atoi(argv[2]);
    long page = sysconf(_SC_PAGESIZE);
    if (size < (size_t)page || (size & (size - 1))) { fprintf(stderr, "KIB must be a power of two\n"); return 2; }
    char *raw = mmap(NULL, 2 * size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) { perror("mmap"); return 2; }
    char *p = (char *)(((uintptr_t)raw + size - 1) & ~(uintptr_t)(size - 1));
    if (p > raw && munmap(raw, (size_t)(p - raw))) { perror("munmap"); return 2; }
    if (raw + 2 * size > p + size && munmap(p + size, (size_t)(raw + 2 * size - (p + size)))) { perror("munmap"); return 2; }
    unsigned long mask[16] = {0};
    mask[node / 64] = 1UL << (node % 64);
    if (syscall(SYS_set_mempolicy, MPOL_BIND, mask, sizeof mask * 8)) { perror("set_mempolicy"); return 2; }
    for (size_t off = 0; off < size; off += (size_t)page) p[off] = (char)(off / (size_t)page + 1);
    syscall(SYS_set_mempolicy, MPOL_DEFAULT, NULL, 0);
    printf("folio %lx\nready\n", (unsigned long)p);
    fflush(stdout);
    char line[64];
    while (fgets(line, sizeof line, stdin)) {
        if (strncmp(line, "stop", 4) == 0) break;
    }
    return 0;
}
