/*
 * publish.c - whole-period publishing of OUT/P (see publish.h).
 *
 * Functions in call order: publish_begin (clean_leftovers, mkdir of the
 * staging folder) -> publish_keep_reports (link_or_copy per file) ->
 * publish_complete / publish_failed (swap_in: renameat2 RENAME_EXCHANGE,
 * or the two-rename fallback; fsync of OUT) or publish_abort ->
 * publish_finish (rmtree of the replaced folder) -> publish_release.
 *
 * Memory: a few paths; a 64 KiB buffer while copying a file.
 */
#include "publish.h"
#include "afile.h"
#include "util.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *path2(const char *a, const char *b)
{
	strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, "%s/%s", a, b);
	return sb_detach(&sb);
}

static bool exists(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0;
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/*
 * Leftovers of a dz that was killed: its staging folder (complete or not:
 * never published, removed), and after an interrupted fallback exchange the
 * previous folder OUT/.dz-old.X.<pid> (renamed back to OUT/X when OUT/X is
 * missing, else removed).
 */
static void clean_leftovers(const char *out)
{
	DIR *d = opendir(out);
	if (!d)
		return;
	VEC(char *) names = { 0 };
	struct dirent *e;
	while ((e = readdir(d)))
		if (starts(e->d_name, PUBLISH_STAGE_PREFIX) || starts(e->d_name, PUBLISH_OLD_PREFIX))
			VEC_PUSH(names, xstrdup(e->d_name));
	closedir(d);
	for (size_t i = 0; i < names.n; i++) {
		char *p = path2(out, names.v[i]);
		if (starts(names.v[i], PUBLISH_OLD_PREFIX)) {
			/* .dz-old.<X>.<pid> -> <X> */
			const char *x = names.v[i] + strlen(PUBLISH_OLD_PREFIX);
			const char *dot = strrchr(x, '.');
			if (dot && dot > x) {
				char *name = xmemdup0(x, (size_t)(dot - x));
				char *target = path2(out, name);
				if (!exists(target) && rename(p, target) == 0) {
					free(name);
					free(target);
					free(p);
					continue;
				}
				free(name);
				free(target);
			}
		}
		rmtree(p);
		free(p);
		free(names.v[i]);
		names.v[i] = NULL;
	}
	for (size_t i = 0; i < names.n; i++)
		free(names.v[i]);
	VEC_FREE(names);
}

int publish_begin(publish *pb, const char *out, const char *period, dzerr *err)
{
	memset(pb, 0, sizeof *pb);
	strbuf sb;
	sb_init(&sb);
	pb->out = xstrdup(out);
	pb->final = path2(out, period);
	sb_addf(&sb, "%s/%s%s", out, period, PUBLISH_FAILED_SUFFIX);
	pb->failed = sb_detach(&sb);
	sb_addf(&sb, "%s/%s%s.%ld", out, PUBLISH_STAGE_PREFIX, period, (long)getpid());
	pb->stage = sb_detach(&sb);
	clean_leftovers(out);
	if (mkdir(pb->stage, 0755) != 0)
		return dzerr_set(err, DZ_EXIT_IO, "cannot create a folder in '%s': %s", out, strerror(errno));
	return 0;
}

static int copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	int outfd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (outfd < 0) {
		close(in);
		return -1;
	}
	char *buf = xmalloc(65536);
	int rc = 0;
	for (;;) {
		ssize_t n = read(in, buf, 65536);
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -1;
			break;
		}
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(outfd, buf + off, (size_t)(n - off));
			if (w < 0) {
				if (errno == EINTR)
					continue;
				rc = -1;
				break;
			}
			off += w;
		}
		if (rc)
			break;
	}
	int saved = errno;
	free(buf);
	close(in);
	if (close(outfd) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	errno = saved;
	return rc;
}

int publish_keep_reports(publish *pb, dzerr *err)
{
	DIR *d = opendir(pb->final);
	if (!d)
		return dzerr_set(err, DZ_EXIT_IO, "cannot read '%s': %s", pb->final, strerror(errno));
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		if (e->d_name[0] == '.' || strstr(e->d_name, ".tmp."))
			continue;
		char *from = path2(pb->final, e->d_name);
		char *to = path2(pb->stage, e->d_name);
		struct stat st;
		if (lstat(from, &st) == 0 && S_ISREG(st.st_mode) &&
		    link(from, to) != 0 && copy_file(from, to) != 0)
			rc = dzerr_set(err, DZ_EXIT_IO, "cannot copy '%s': %s", from, strerror(errno));
		free(from);
		free(to);
	}
	closedir(d);
	return rc;
}

static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/*
 * Put the staging folder at `dst` (OUT/P or OUT/P.failed) in one step.
 * Afterwards pb->previous names the folder that was at dst, or is NULL.
 */
static int swap_in(publish *pb, const char *dst, dzerr *err)
{
	struct stat st;
	if (lstat(dst, &st) != 0) {
		if (errno != ENOENT || rename(pb->stage, dst) != 0)
			return dzerr_set(err, DZ_EXIT_IO, "cannot publish '%s': %s", dst, strerror(errno));
	} else if (!S_ISDIR(st.st_mode)) {
		return dzerr_set(err, DZ_EXIT_IO, "cannot publish '%s': it exists and is not a folder", dst);
	} else if (renameat2(AT_FDCWD, pb->stage, AT_FDCWD, dst, RENAME_EXCHANGE) == 0) {
		pb->previous = xstrdup(pb->stage);
	} else if (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP) {
		/* no atomic exchange here: two renames (publish.h) */
		const char *base = strrchr(dst, '/');
		base = base ? base + 1 : dst;
		strbuf old;
		sb_init(&old);
		sb_addf(&old, "%s/%s%s.%ld", pb->out, PUBLISH_OLD_PREFIX, base, (long)getpid());
		if (rename(dst, old.buf) != 0) {
			int e = errno;
			sb_release(&old);
			return dzerr_set(err, DZ_EXIT_IO, "cannot replace '%s': %s", dst, strerror(e));
		}
		if (rename(pb->stage, dst) != 0) {
			int e = errno;
			rename(old.buf, dst);
			sb_release(&old);
			return dzerr_set(err, DZ_EXIT_IO, "cannot publish '%s': %s", dst, strerror(e));
		}
		pb->previous = sb_detach(&old);
	} else {
		return dzerr_set(err, DZ_EXIT_IO, "cannot publish '%s': %s", dst, strerror(errno));
	}
	pb->published = true;
	sync_dir(pb->out);
	return 0;
}

int publish_complete(publish *pb, dzerr *err)
{
	if (swap_in(pb, pb->final, err) < 0)
		return -1;
	pb->complete = true;
	return 0;
}

int publish_failed(publish *pb, dzerr *err)
{
	return swap_in(pb, pb->failed, err);
}

void publish_abort(publish *pb)
{
	if (!pb->published && pb->stage && exists(pb->stage))
		rmtree(pb->stage);
}

void publish_finish(publish *pb)
{
	if (pb->previous && exists(pb->previous))
		rmtree(pb->previous);
	if (pb->complete && exists(pb->failed))
		rmtree(pb->failed);
}

void publish_release(publish *pb)
{
	free(pb->out);
	free(pb->final);
	free(pb->failed);
	free(pb->stage);
	free(pb->previous);
	memset(pb, 0, sizeof *pb);
}

void publish_explain(const publish *pb, dzerr *err)
{
	if (!pb->stage || !*pb->stage)
		return;
	strbuf sb;
	sb_init(&sb);
	const char *p = err->msg, *hit;
	size_t n = strlen(pb->stage);
	while ((hit = strstr(p, pb->stage))) {
		sb_add(&sb, p, (size_t)(hit - p));
		sb_adds(&sb, pb->final);
		p = hit + n;
	}
	sb_adds(&sb, p);
	snprintf(err->msg, sizeof err->msg, "%s", sb.buf);
	sb_release(&sb);
}
