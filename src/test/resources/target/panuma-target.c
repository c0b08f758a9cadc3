/*
 * A live target process for panuma's command-line tests. It maps and touches memory of every
 * kind panuma tells apart, prints where it put it, then waits until its standard input closes
 * (or it is killed). Usage: panuma-target HEAP_PAGES ANON_PAGES [FILE]
 *
 * Output, one "name=value" per line, then "ready":
 *   pid=N  heap=0xADDR heapPages=N  anon=0xADDR anonPages=N  untouched=0xADDR untouchedPages=N
 *   file=0xADDR filePages=N  shm=0xADDR shmPages=N  stack=0xADDR
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void touch(char *p, long pages, long ps) {
    for (long i = 0; i < pages; i++) {
        p[i * ps] = (char)(i + 1);
    }
}

int main(int argc, char **argv) {
    long ps = sysconf(_SC_PAGESIZE);
    long heapPages = argc > 1 ? atol(argv[1]) : 64;
    long anonPages = argc > 2 ? atol(argv[2]) : 256;
    const char *file = argc > 3 ? argv[3] : NULL;

    /* Heap: brk memory (below the mmap threshold per allocation). */
    char **chunks = malloc(sizeof(char *) * heapPages);
    char *heapFirst = NULL;
    for (long i = 0; i < heapPages; i++) {
        chunks[i] = malloc(ps - 64);
        memset(chunks[i], (int)i, ps - 64);
        if (!heapFirst) heapFirst = chunks[i];
    }
    char *anon = mmap(NULL, anonPages * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *untouched = mmap(NULL, 16 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (anon == MAP_FAILED || untouched == MAP_FAILED) { perror("mmap"); return 1; }
    touch(anon, anonPages, ps);

    char *fmap = NULL;
    long filePages = 0;
    if (file) {
        int fd = open(file, O_RDONLY);
        if (fd < 0) { perror(file); return 1; }
        filePages = lseek(fd, 0, SEEK_END) / ps;
        fmap = mmap(NULL, filePages * ps, PROT_READ, MAP_PRIVATE, fd, 0);
        if (fmap == MAP_FAILED) { perror("mmap file"); return 1; }
        volatile char sum = 0;
        for (long i = 0; i < filePages; i++) sum += fmap[i * ps];
        close(fd);
    }
    int shmfd = memfd_create("panuma-target-shm", 0);
    long shmPages = 8;
    if (shmfd < 0 || ftruncate(shmfd, shmPages * ps) != 0) { perror("memfd"); return 1; }
    char *shm = mmap(NULL, shmPages * ps, PROT_READ | PROT_WRITE, MAP_SHARED, shmfd, 0);
    if (shm == MAP_FAILED) { perror("mmap shm"); return 1; }
    touch(shm, shmPages, ps);

    char onStack[256];
    memset(onStack, 1, sizeof onStack);

    printf("pid=%d\n", getpid());
    printf("heap=%p\nheapPages=%ld\n", (void *)heapFirst, heapPages);
    printf("anon=%p\nanonPages=%ld\n", (void *)anon, anonPages);
    printf("untouched=%p\nuntouchedPages=%d\n", (void *)untouched, 16);
    if (fmap) printf("file=%p\nfilePages=%ld\n", (void *)fmap, filePages);
    printf("shm=%p\nshmPages=%ld\n", (void *)shm, shmPages);
    printf("stack=%p\n", (void *)onStack);
    printf("ready\n");
    fflush(stdout);

    char buf[64];
    while (read(0, buf, sizeof buf) > 0) {
    }
    return onStack[0] == 1 ? 0 : 2;
}
