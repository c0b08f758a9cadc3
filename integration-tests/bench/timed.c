/*
 * Runs one command and writes "WALL_SECONDS CPU_SECONDS" to RESULT_FILE: the wall time from fork
 * to the command's exit, and the user + system CPU time of the command and every child it waited
 * for (wait4's rusage, microseconds), as getrusage(RUSAGE_CHILDREN) would count them. The start-up
 * suite's measure: the shell's own clock ticks (/proc/PID/stat) counted 10 ms at a time, and
 * counted the suite's own awk and subshells with the command.
 *
 *   timed RESULT_FILE CMD [ARG...]
 *
 * Exits with the command's status (128 + N when signal N ended it; 127 when it could not run).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double seconds(struct timeval t) {
    return t.tv_sec + t.tv_usec / 1e6;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: timed RESULT_FILE CMD [ARG...]\n");
        return 2;
    }
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0) {
        perror("timed: fork");
        return 127;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("timed: wait4");
        return 127;
    }
    double wall = now() - t0;
    FILE *out = fopen(argv[1], "w");
    if (out == NULL) {
        perror(argv[1]);
        return 127;
    }
    fprintf(out, "%.6f %.6f\n", wall, seconds(ru.ru_utime) + seconds(ru.ru_stime));
    if (fclose(out) != 0) {
        perror(argv[1]);
        return 127;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
