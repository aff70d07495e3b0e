/*
 * rusage.c - run one command and report what it cost, for bench/bench.sh.
 *
 *   rusage [-o FILE] [-i FILE] CMD [ARG...]
 *
 * Runs CMD (stdout to /dev/null, stdin from -i FILE or /dev/null, stderr
 * kept), waits for it with wait4(2) and appends one line to FILE (default
 * stderr):
 *   wall_s  user_s  sys_s  maxrss_kib  exit
 * wall is CLOCK_MONOTONIC around fork..wait; user/sys/maxrss come from the
 * struct rusage wait4 returns for this child, so runs never mix: user and
 * sys include the processes the child waited for, ru_maxrss (KiB) is the
 * largest peak resident set among them.  exit is the child's status, or
 * 128+signal.
 * Exit status: the child's, or 1 when CMD could not be run.
 *
 * Functions in call order: main -> fork/execvp -> wait4 -> report.
 * Memory: nothing beyond the arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double tv_s(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *outpath = NULL, *inpath = "/dev/null";
	int opt;
	while ((opt = getopt(argc, argv, "+o:i:")) != -1) {
		if (opt == 'o')
			outpath = optarg;
		else if (opt == 'i')
			inpath = optarg;
		else
			goto usage;
	}
	if (optind == argc)
		goto usage;

	double t0 = now_s();
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "rusage: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		int in = open(inpath, O_RDONLY), out = open("/dev/null", O_WRONLY);
		if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0) {
			fprintf(stderr, "rusage: '%s': %s\n", inpath, strerror(errno));
			_exit(127);
		}
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "rusage: '%s': %s\n", argv[optind], strerror(errno));
		_exit(127);
	}
	int st;
	struct rusage ru;
	while (wait4(pid, &st, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "rusage: wait4: %s\n", strerror(errno));
			return 1;
		}
	}
	double wall = now_s() - t0;
	int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);

	FILE *fp = outpath ? fopen(outpath, "a") : stderr;
	if (!fp) {
		fprintf(stderr, "rusage: '%s': %s\n", outpath, strerror(errno));
		return 1;
	}
	fprintf(fp, "%.6f\t%.6f\t%.6f\t%ld\t%d\n", wall, tv_s(ru.ru_utime), tv_s(ru.ru_stime),
	        ru.ru_maxrss, code);
	if (fp != stderr && fclose(fp) != 0) {
		fprintf(stderr, "rusage: '%s': %s\n", outpath, strerror(errno));
		return 1;
	}
	return code;

usage:
	fputs("usage: rusage [-o FILE] [-i FILE] CMD [ARG...]\n", stderr);
	return 2;
}
