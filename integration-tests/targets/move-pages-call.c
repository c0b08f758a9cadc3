/*
 * move-pages-call: one raw move_pages(2) call, for the kernel-semantics tests that need a
 * caller the test JVM cannot be (e.g. one without CAP_SYS_NICE, started through setpriv).
 *
 *   move-pages-call PID FLAGS ADDRESS-HEX:NODE...      (NODE "-" = query mode for all)
 *
 * Prints "ret <r> errno <name-or-0>" and one "status <i> <s>" line per page
 * (-2147483648 where the kernel wrote nothing). Exit status 0 unless the arguments were bad.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: %s PID FLAGS ADDRESS:NODE...\n", argv[0]); return 2; }
    int pid = atoi(argv[1]);
    int flags = (int)strtol(argv[2], NULL, 0);
    int n = argc - 3;
    void **pages = calloc(n, sizeof *pages);
    int *nodes = calloc(n, sizeof *nodes);
    int *status = calloc(n, sizeof *status);
    int query = 0;
    for (int i = 0; i < n; i++) {
        char *colon = strchr(argv[3 + i], ':');
        if (!colon) { fprintf(stderr, "bad page %s\n", argv[3 + i]); return 2; }
        pages[i] = (void *)strtoul(argv[3 + i], NULL, 16);
        if (colon[1] == '-') query = 1; else nodes[i] = atoi(colon + 1);
        status[i] = INT_MIN;
    }
    long r = syscall(SYS_move_pages, pid, (unsigned long)n, pages, query ? NULL : nodes, status, flags);
    printf("ret %ld errno %s\n", r, r < 0 ? strerrorname_np(errno) : "0");
    for (int i = 0; i < n; i++) printf("status %d %d\n", i, status[i]);
    return 0;
}
