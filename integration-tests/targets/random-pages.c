/*
 * random-pages: many small random targets in one process, for the differential test (issue 4, e).
 *
 *   random-pages SEED TARGETS PAGES NODES [HUGETLB]
 *
 * For each of TARGETS targets, PAGES pages, each its own one-page mapping in a state drawn from
 * SEED: touched, untouched, zero (read only), readonly (written, then PROT_READ), shared
 * (written, then shared with a forked child), file (MAP_SHARED page of a written tmpfs file),
 * unmapped (mapped, then unmapped), hugetlb (a written 2 MiB MAP_HUGETLB page; at most HUGETLB
 * of them, default 0, after which a drawn hugetlb page is made "touched"; the caller reserves
 * enough pool pages on every node), ksm (the whole page filled with a byte of its index, then
 * MADV_MERGEABLE: the ksm pages of one index in all targets are identical, those of one target
 * are not, so KSM merges pages across targets but never two of one move_pages call; the caller
 * runs ksmd and waits for the merge). Pages that get memory get it on a random node < NODES.
 * Only "shared" pages are inherited by the child (MADV_DONTFORK on all others), so every
 * other page keeps a map count of 1.
 *
 * Prints "page <target> <index> <address-hex> <state> <node>" per page, then "ready", then waits
 * until stdin closes or says "stop". Exit status 2 on a setup error.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MPOL_DEFAULT 0
#define MPOL_BIND 2

static const char *STATES[] = {"touched", "untouched", "zero", "readonly", "shared", "file", "unmapped", "hugetlb",
                               "ksm"};
#define NSTATES 9
#define HUGE_SIZE (2UL << 20)

static uint64_t rng;
static uint32_t next(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return (uint32_t)(rng >> 16); }

static void bind_to(int node) {
    unsigned long mask[16] = {0};
    mask[node / 64] = 1UL << (node % 64);
    if (syscall(SYS_set_mempolicy, MPOL_BIND, mask, sizeof mask * 8)) { perror("set_mempolicy"); exit(2); }
}

int main(int argc, char **argv) {
    if (argc < 5) { fprintf(stderr, "usage: %s SEED TARGETS PAGES NODES\n", argv[0]); return 2; }
    rng = strtoull(argv[1], NULL, 10) * 2654435761u + 1;
    int targets = atoi(argv[2]), pages = atoi(argv[3]), nodes = atoi(argv[4]);
    int hugetlb_left = argc > 5 ? atoi(argv[5]) : 0;
    long page = sysconf(_SC_PAGESIZE);
    int fd = -1;
    char path[] = "/tmp/random-pages.XXXXXX";
    fd = mkstemp(path);
    if (fd < 0 || ftruncate(fd, (off_t)page * targets * pages)) { perror("file"); return 2; }
    unlink(path);

    char **holes = calloc((size_t)targets * pages, sizeof *holes);
    int nholes = 0;
    for (int t = 0; t < targets; t++) {
        for (int i = 0; i < pages; i++) {
            int state = (int)(next() % NSTATES);
            int node = (int)(next() % nodes);
            char *p;
            if (state == 7 && hugetlb_left-- <= 0) state = 0;
            bind_to(node);
            if (state == 7) {
                p = mmap(NULL, HUGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
            } else if (state == 5) {
                p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)page * (t * pages + i));
            } else {
                p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            }
            if (p == MAP_FAILED) { perror("mmap"); return 2; }
            switch (state) {
                case 0: case 3: case 4: case 5: case 7: p[0] = (char)(t + i + 1); break;
                case 2: { volatile char c = p[0]; (void)c; break; }
                case 8: memset(p, 0x40 + i, (size_t)page); break;
                default: break;
            }
            if (state == 3 && mprotect(p, page, PROT_READ)) { perror("mprotect"); return 2; }
            if (state == 8 && madvise(p, (size_t)page, MADV_MERGEABLE)) { perror("madvise MADV_MERGEABLE"); return 2; }
            if (state != 4 && state != 6 && madvise(p, state == 7 ? HUGE_SIZE : (size_t)page, MADV_DONTFORK)) { perror("madvise"); return 2; }
            if (state == 6) holes[nholes++] = p;
            syscall(SYS_set_mempolicy, MPOL_DEFAULT, NULL, 0);
            printf("page %d %d %lx %s %d\n", t, i, (unsigned long)p, STATES[state], node);
        }
    }
    /* Unmapped only now: unmapped earlier, the next mmap would reuse the hole, and the
     * address printed as "unmapped" would hold another page. */
    for (int h = 0; h < nholes; h++) munmap(holes[h], page);
    fflush(stdout);              /* or the child would inherit (and could repeat) the buffered lines */
    pid_t child = fork();
    if (child < 0) { perror("fork"); return 2; }
    if (child == 0) { for (;;) pause(); }
    printf("ready\n");
    fflush(stdout);
    char line[64];
    while (fgets(line, sizeof line, stdin) && strncmp(line, "stop", 4) != 0) {
    }
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    return 0;
}
