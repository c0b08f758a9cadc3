/*
 * page-states: a target process holding one page in each state move_pages(2) treats
 * differently, for the kernel-semantics and differential tests (issue 4, d and e).
 *
 *   page-states NODE
 *
 * Every page that gets memory gets it on NODE (set_mempolicy MPOL_BIND while faulting).
 * Prints one "<state> <address-hex>" line per state, then "ready", then waits until its
 * standard input closes or says "stop" (the forked child, holding the shared page, lives
 * exactly as long). States:
 *   touched     anonymous, written                     (mapcount 1)
 *   untouched   anonymous, never touched               (no page at all)
 *   zero        anonymous, only read                   (the shared zero page)
 *   shared      anonymous, written before fork()       (mapcount 2: the child maps it too)
 *   file        MAP_SHARED page of a written file      (page cache)
 *   readonly    anonymous, written, then PROT_READ
 *   unmapped    an address whose mapping was just removed
 * Exit status 2 on a setup error.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MPOL_DEFAULT 0
#define MPOL_BIND 2

static long page;

static char *map_anon(void) {
    char *p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); exit(2); }
    return p;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s NODE\n", argv[0]); return 2; }
    int node = atoi(argv[1]);
    page = sysconf(_SC_PAGESIZE);
    unsigned long mask[16] = {0};
    mask[node / 64] = 1UL << (node % 64);
    if (syscall(SYS_set_mempolicy, MPOL_BIND, mask, sizeof mask * 8)) { perror("set_mempolicy"); return 2; }

    char *touched = map_anon();
    touched[0] = 1;
    char *untouched = map_anon();
    char *zero = map_anon();
    volatile char sink = zero[0];
    (void)sink;
    char *shared = map_anon();
    shared[0] = 2;
    char *readonly = map_anon();
    readonly[0] = 3;
    if (mprotect(readonly, page, PROT_READ)) { perror("mprotect"); return 2; }

    char path[] = "/tmp/page-states.XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || ftruncate(fd, page)) { perror("file"); return 2; }
    unlink(path);
    char *file = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (file == MAP_FAILED) { perror("mmap file"); return 2; }
    file[0] = 4;

    char *unmapped = map_anon();
    munmap(unmapped, page);
    if (syscall(SYS_set_mempolicy, MPOL_DEFAULT, NULL, 0)) { perror("set_mempolicy"); return 2; }

    /* Only "shared" may be inherited: every other page must keep a map count of 1, or the
     * kernel refuses to move it without MOVE_ALL (-EACCES), whatever its state. */
    char *own[] = {touched, untouched, zero, readonly, file};
    for (unsigned i = 0; i < sizeof own / sizeof own[0]; i++) {
        if (madvise(own[i], page, MADV_DONTFORK)) { perror("madvise"); return 2; }
    }
    fflush(stdout);
    pid_t child = fork();
    if (child < 0) { perror("fork"); return 2; }
    if (child == 0) {           /* keeps "shared" mapped (mapcount 2) until the parent ends */
        for (;;) pause();
    }

    printf("touched %lx\nuntouched %lx\nzero %lx\nshared %lx\nfile %lx\nreadonly %lx\nunmapped %lx\nchild %d\nready\n",
           (unsigned long)touched, (unsigned long)untouched, (unsigned long)zero, (unsigned long)shared,
           (unsigned long)file, (unsigned long)readonly, (unsigned long)unmapped, (int)child);
    fflush(stdout);

    char line[64];
    while (fgets(line, sizeof line, stdin) && strncmp(line, "stop", 4) != 0) {
    }
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    return 0;
}
