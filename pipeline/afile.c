/*
 * afile.c - commit-by-rename output files (see afile.h).
 */
#define _XOPEN_SOURCE 700
#include "afile.h"
#include "util.h"
#include <errno.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <ftw.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int afile_open(afile *f, const char *path, dzerr *err)
{
	strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, "%s.tmp.%ld", path, (long)getpid());
	f->path = xstrdup(path);
	f->tmp = sb_detach(&sb);
	f->fp = fopen(f->tmp, "wb");
	if (f->fp)
		__fsetlocking(f->fp, FSETLOCKING_BYCALLER);  /* one thread per file: no stdio locks */
	if (!f->fp) {
		dzerr_set(err, DZ_EXIT_IO, "cannot write '%s': %s", f->path, strerror(errno));
		free(f->path);
		free(f->tmp);
		f->path = f->tmp = NULL;
		return -1;
	}
	return 0;
}

static void afile_free(afile *f)
{
	free(f->path);
	free(f->tmp);
	f->path = f->tmp = NULL;
	f->fp = NULL;
}

int afile_commit(afile *f, dzerr *err)
{
	int bad = 0, saved = 0;
	if (fflush(f->fp) != 0 || ferror(f->fp)) {
		bad = 1;
		saved = errno;
	}
	if (!bad && fsync(fileno(f->fp)) != 0 && errno != EINVAL) {
		bad = 1;
		saved = errno;
	}
	if (fclose(f->fp) != 0 && !bad) {
		bad = 1;
		saved = errno;
	}
	f->fp = NULL;
	if (!bad && rename(f->tmp, f->path) != 0) {
		bad = 1;
		saved = errno;
	}
	if (bad) {
		dzerr_set(err, DZ_EXIT_IO, "cannot write '%s': %s", f->path, strerror(saved));
		unlink(f->tmp);
		afile_free(f);
		return -1;
	}
	afile_free(f);
	return 0;
}

void afile_abort(afile *f)
{
	if (f->fp)
		fclose(f->fp);
	if (f->tmp)
		unlink(f->tmp);
	afile_free(f);
}

int mkdirs(const char *dir, dzerr *err)
{
	char *p = xstrdup(dir);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST) {
			dzerr_set(err, DZ_EXIT_IO, "cannot create folder '%s': %s", p, strerror(errno));
			free(p);
			return -1;
		}
		*s = '/';
	}
	if (mkdir(p, 0755) != 0 && errno != EEXIST) {
		dzerr_set(err, DZ_EXIT_IO, "cannot create folder '%s': %s", p, strerror(errno));
		free(p);
		return -1;
	}
	free(p);
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

int rmtree(const char *dir)
{
	return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
