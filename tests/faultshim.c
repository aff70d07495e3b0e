/*
 * faultshim.c - an LD_PRELOAD shim for dz's failure tests (the tests build
 * it with `cc -shared -fPIC -o shim.so tests/faultshim.c -ldl`).
 *
 *   DZ_SHIM_NO_EXCHANGE=1   renameat2(..., RENAME_EXCHANGE) fails with
 *                           EINVAL, as on a file system without it.
 *   DZ_SHIM_ENOSPC_AFTER=N  files opened for writing with fopen/fopen64
 *   DZ_SHIM_PATH=S          whose path contains S accept N bytes in all
 *                           (per process); then every write fails with
 *                           ENOSPC, as on a full disk.
 *
 * stdio writes through glibc's internal write, which a shim cannot
 * interpose: such files are opened here and handed out as fopencookie
 * streams over the real descriptor (fileno() answers that descriptor).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long long budget = -1, used;
static const char *match;

static void setup(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	const char *n = getenv("DZ_SHIM_ENOSPC_AFTER");
	match = getenv("DZ_SHIM_PATH");
	if (n && match && *match)
		budget = atoll(n);
}

static ssize_t ck_read(void *c, char *buf, size_t n)
{
	return read(*(int *)c, buf, n);
}

static ssize_t ck_write(void *c, const char *buf, size_t n)
{
	long long left = budget - used;
	if (left <= 0) {
		errno = ENOSPC;
		return -1;
	}
	size_t m = (long long)n > left ? (size_t)left : n;
	ssize_t w = write(*(int *)c, buf, m);
	if (w > 0)
		used += w;
	if (w >= 0 && (size_t)w < n) {
		/* glibc takes a short count from a cookie as an error without
		 * errno: fail the call as the disk would on the rest */
		errno = ENOSPC;
		return -1;
	}
	return w;
}

static int ck_seek(void *c, off64_t *pos, int whence)
{
	off64_t r = lseek64(*(int *)c, *pos, whence);
	if (r < 0)
		return -1;
	*pos = r;
	return 0;
}

static int ck_close(void *c)
{
	int rc = close(*(int *)c);
	free(c);
	return rc;
}

#define MAXF 256
static struct { FILE *fp; int fd; } open_files[MAXF];

static FILE *shim_open(const char *path, const char *mode, FILE *(*real)(const char *, const char *))
{
	setup();
	if (budget < 0 || !strstr(path, match) || !strpbrk(mode, "wa"))
		return real(path, mode);
	int flags = strchr(mode, '+') ? O_RDWR : O_WRONLY;
	flags |= O_CREAT | (strchr(mode, 'a') ? O_APPEND : O_TRUNC);
	if (strchr(mode, 'x'))
		flags |= O_EXCL;
	int fd = open(path, flags | O_CLOEXEC, 0666);
	if (fd < 0)
		return NULL;
	int *c = malloc(sizeof *c);
	*c = fd;
	cookie_io_functions_t io = { ck_read, ck_write, ck_seek, ck_close };
	FILE *fp = fopencookie(c, mode, io);
	if (!fp) {
		close(fd);
		free(c);
		return NULL;
	}
	for (int i = 0; i < MAXF; i++)
		if (!open_files[i].fp) {
			open_files[i].fp = fp;
			open_files[i].fd = fd;
			break;
		}
	return fp;
}

FILE *fopen(const char *path, const char *mode)
{
	static FILE *(*real)(const char *, const char *);
	if (!real)
		real = (FILE *(*)(const char *, const char *))dlsym(RTLD_NEXT, "fopen");
	return shim_open(path, mode, real);
}

FILE *fopen64(const char *path, const char *mode)
{
	static FILE *(*real)(const char *, const char *);
	if (!real)
		real = (FILE *(*)(const char *, const char *))dlsym(RTLD_NEXT, "fopen64");
	return shim_open(path, mode, real);
}

int fileno(FILE *fp)
{
	static int (*real)(FILE *);
	if (!real)
		real = (int (*)(FILE *))dlsym(RTLD_NEXT, "fileno");
	for (int i = 0; i < MAXF; i++)
		if (open_files[i].fp == fp)
			return open_files[i].fd;
	return real(fp);
}

int fclose(FILE *fp)
{
	static int (*real)(FILE *);
	if (!real)
		real = (int (*)(FILE *))dlsym(RTLD_NEXT, "fclose");
	for (int i = 0; i < MAXF; i++)
		if (open_files[i].fp == fp)
			open_files[i].fp = NULL;
	return real(fp);
}

int renameat2(int olddir, const char *oldpath, int newdir, const char *newpath, unsigned int flags)
{
	static int (*real)(int, const char *, int, const char *, unsigned int);
	if (!real)
		real = (int (*)(int, const char *, int, const char *, unsigned int))dlsym(RTLD_NEXT, "renameat2");
	const char *no = getenv("DZ_SHIM_NO_EXCHANGE");
	if (no && *no == '1' && (flags & RENAME_EXCHANGE)) {
		errno = EINVAL;
		return -1;
	}
	return real(olddir, oldpath, newdir, newpath, flags);
}
