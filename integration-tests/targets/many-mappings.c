#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
/* N separate anonymous mappings (alternating protections so the kernel cannot merge them), each touched. */
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 60000;
    long page = sysconf(_SC_PAGESIZE);
    for (int i = 0; i < n; i++) {
        char *p = mmap(NULL, page, (i & 1) ? PROT_READ | PROT_WRITE : PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) { perror("mmap"); return 1; }
        if (i & 1) p[0] = 1; else { volatile char c = p[0]; (void) c; }
    }
    printf("ready\n"); fflush(stdout);
    pause();
    return 0;
}
