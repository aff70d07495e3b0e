/*
 * afile.h - commit-by-rename output files (as git's lockfile).
 *
 * afile_open() creates "<path>.tmp.<pid>" in the destination folder and
 * returns a FILE*; afile_commit() flushes, fsyncs, closes and renames it
 * into place; afile_abort() removes the temporary.  A failed run therefore
 * never leaves a half-written report under its final name.
 *
 * mkdirs() creates a folder and its parents (mode 0755).
 */
#ifndef DZ_AFILE_H
#define DZ_AFILE_H

#include <stdio.h>
#include "diag.h"

typedef struct afile {
	char *path;   /* final path (owned) */
	char *tmp;    /* temporary path (owned) */
	FILE *fp;     /* open stream, NULL after commit/abort */
} afile;

int afile_open(afile *f, const char *path, dzerr *err);
int afile_commit(afile *f, dzerr *err);  /* -1 with DZ_EXIT_IO on failure (temp removed) */
void afile_abort(afile *f);
int mkdirs(const char *dir, dzerr *err);
/* Remove a directory tree (used to drop a stale staging folder). */
int rmtree(const char *dir);

#endif
