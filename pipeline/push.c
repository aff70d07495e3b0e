/*
 * push.c - township packages (see push.h).
 *
 * Functions in call order: push_build (folder names serially, then the
 * packages on o->jobs threads into the staging folder) -> push_publish
 * (rename into place) or push_discard; push_deliver does both;
 * push_withdraw removes a delivery.
 */
#include "push.h"
#include "afile.h"
#include "report.h"
#include "rules.h"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void push_folder_name(strbuf *out, const char *t)
{
	sb_reset(out);
	size_t n = strlen(t);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		if (c < 0x20 || c == 0x7f || strchr("/\\:*?\"<>|", c))
			sb_addc(out, '_');
		else
			sb_addc(out, c);
	}
	/* no leading dot (".", hidden folders) and no ".." anywhere */
	for (size_t i = 0; i < out->len; i++) {
		if (out->buf[i] != '.')
			continue;
		bool next = i + 1 < out->len && out->buf[i + 1] == '.';
		if (i == 0 || next || out->buf[i - 1] == '_')
			out->buf[i] = '_';
	}
	/* at most 120 bytes, cut on a UTF-8 character boundary */
	if (out->len > 120) {
		size_t cut = 120;
		while (cut > 0 && ((unsigned char)out->buf[cut] & 0xC0) == 0x80)
			cut--;
		out->len = cut;
		out->buf[cut] = '\0';
	}
	if (out->len == 0)
		sb_addc(out, '_');
}

static int exists(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0;
}

int push_withdraw(const char *dir)
{
	strbuf p;
	sb_init(&p);
	sb_addf(&p, "%s/push", dir);
	int had = exists(p.buf);
	if (had)
		rmtree(p.buf);
	sb_release(&p);
	return had;
}

/* Rows of one township from a collection. */
static size_t select_town(const findings *f, const char *town, const finding **out)
{
	size_t n = 0;
	for (size_t i = 0; i < f->items.n; i++)
		if (!strcmp(f->items.v[i].township, town))
			out[n++] = &f->items.v[i];
	return n;
}

static int write_package(const push_opts *o, const char *folder, const char *town,
                         const findings *mis, const findings *warn, dzerr *err)
{
	const finding **rows = xmalloc((mis->items.n + warn->items.n + 1) * sizeof *rows);
	strbuf path, title;
	sb_init(&path);
	sb_init(&title);
	int rc = mkdirs(folder, err);
	size_t nw = select_town(warn, town, rows);
	if (rc == 0) {
		sb_addf(&path, "%s/预警名单.csv", folder);
		rc = report_write_findings_csv(path.buf, rows, nw, err);
	}
	if (rc == 0) {
		sb_reset(&path);
		sb_addf(&path, "%s/预警名单.xlsx", folder);
		sb_addf(&title, "%s %s 预警名单（入户核实）", town, o->period);
		rc = report_write_findings_xlsx(path.buf, "预警名单", title.buf, rows, nw, err);
	}
	size_t nm = select_town(mis, town, rows + nw);
	if (rc == 0) {
		sb_reset(&path);
		sb_addf(&path, "%s/不符明细.csv", folder);
		rc = report_write_findings_csv(path.buf, rows + nw, nm, err);
	}
	if (rc == 0) {
		sb_reset(&path);
		sb_addf(&path, "%s/不符明细.xlsx", folder);
		sb_reset(&title);
		sb_addf(&title, "%s %s 账账相符、账实相符不符明细", town, o->period);
		rc = report_write_findings_xlsx(path.buf, "不符明细", title.buf, rows + nw, nm, err);
	}
	if (rc == 0) {
		sb_reset(&path);
		sb_addf(&path, "%s/问题排查整改台账.xlsx", folder);
		sb_reset(&title);
		sb_addf(&title, "%s %s 问题排查整改台账", town, o->period);
		/* mismatches first, then warnings, each in report order */
		const finding **ledger = xmalloc((nw + nm + 1) * sizeof *ledger);
		memcpy(ledger, rows + nw, nm * sizeof *ledger);
		memcpy(ledger + nm, rows, nw * sizeof *ledger);
		rc = report_write_ledger_xlsx(path.buf, title.buf, ledger, nw + nm, o->deadline, err);
		free(ledger);
	}
	sb_release(&path);
	sb_release(&title);
	free(rows);
	return rc;
}

static int cmp_town(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One package to write: township and its (unique, sanitized) folder. */
typedef struct package {
	const char *town;
	char *folder;     /* full path inside the staging folder */
	dzerr err;
	int rc;
} package;

typedef struct build_ctx {
	const push_opts *o;
	const findings *mis, *warn;
	package *pk;
	size_t npk, next;
	pthread_mutex_t lock;
} build_ctx;

static void *build_worker(void *arg)
{
	build_ctx *c = arg;
	for (;;) {
		pthread_mutex_lock(&c->lock);
		size_t i = c->next++;
		pthread_mutex_unlock(&c->lock);
		if (i >= c->npk)
			return NULL;
		package *p = &c->pk[i];
		p->rc = write_package(c->o, p->folder, p->town, c->mis, c->warn, &p->err);
	}
}

static void staging_path(strbuf *sb, const push_opts *o)
{
	sb_reset(sb);
	sb_addf(sb, "%s/.push.tmp.%ld", o->dir, (long)getpid());
}

int push_build(const push_opts *o, const findings *mis, const findings *warn, dzerr *err)
{
	/* the set of townships: roster townships plus every finding's township */
	VEC(const char *) towns = { 0 };
	for (size_t i = 0; i < o->ntownships; i++)
		VEC_PUSH(towns, o->townships[i]);
	const findings *fs[2] = { mis, warn };
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < fs[k]->items.n; i++)
			VEC_PUSH(towns, fs[k]->items.v[i].township);
	if (towns.n > 1)
		qsort(towns.v, towns.n, sizeof *towns.v, cmp_town);

	strbuf staging, name, cand;
	sb_init(&staging);
	sb_init(&name);
	sb_init(&cand);
	staging_path(&staging, o);
	if (exists(staging.buf))
		rmtree(staging.buf);
	int rc = mkdirs(staging.buf, err);

	/* folder names, serially: unique after sanitizing, in township order */
	VEC(package) pk = { 0 };
	for (size_t i = 0; rc == 0 && i < towns.n; i++) {
		const char *t = towns.v[i];
		if ((i > 0 && !strcmp(t, towns.v[i - 1])) || !strcmp(t, UNKNOWN_TOWNSHIP) || !*t)
			continue;
		push_folder_name(&name, t);
		sb_reset(&cand);
		sb_adds(&cand, name.buf);
		for (int k = 2;; k++) {
			bool clash = false;
			size_t base = staging.len + 1;
			for (size_t u = 0; u < pk.n && !clash; u++)
				clash = !strcmp(pk.v[u].folder + base, cand.buf);
			if (!clash)
				break;
			sb_reset(&cand);
			sb_addf(&cand, "%s_%d", name.buf, k);
		}
		package p = { .town = t };
		strbuf f;
		sb_init(&f);
		sb_addf(&f, "%s/%s", staging.buf, cand.buf);
		p.folder = sb_detach(&f);
		VEC_PUSH(pk, p);
	}

	/* the packages, on o->jobs threads */
	build_ctx c = { .o = o, .mis = mis, .warn = warn, .pk = pk.v, .npk = pk.n };
	pthread_mutex_init(&c.lock, NULL);
	int jobs = o->jobs > 0 ? o->jobs : 1;
	if ((size_t)jobs > pk.n)
		jobs = (int)pk.n;
	pthread_t th[64];
	int started = 0;
	for (int t = 1; rc == 0 && t < jobs && t < 64; t++)
		if (pthread_create(&th[started], NULL, build_worker, &c) == 0)
			started++;
	if (rc == 0)
		build_worker(&c);
	for (int t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	pthread_mutex_destroy(&c.lock);
	for (size_t i = 0; i < pk.n; i++) {
		if (rc == 0 && pk.v[i].rc != 0) {
			*err = pk.v[i].err;
			rc = -1;
		}
		free(pk.v[i].folder);
	}
	if (rc != 0 && exists(staging.buf))
		rmtree(staging.buf);
	VEC_FREE(pk);
	VEC_FREE(towns);
	sb_release(&staging);
	sb_release(&name);
	sb_release(&cand);
	return rc;
}

int push_publish(const push_opts *o, dzerr *err)
{
	strbuf staging, final, old;
	sb_init(&staging);
	sb_init(&final);
	sb_init(&old);
	staging_path(&staging, o);
	sb_addf(&final, "%s/push", o->dir);
	sb_addf(&old, "%s/.push.old.%ld", o->dir, (long)getpid());
	int rc = 0;
	int had = exists(final.buf);
	if (had && rename(final.buf, old.buf) != 0)
		rc = dzerr_set(err, DZ_EXIT_IO, "cannot replace '%s': %s", final.buf, strerror(errno));
	if (rc == 0 && rename(staging.buf, final.buf) != 0) {
		rc = dzerr_set(err, DZ_EXIT_IO, "cannot deliver '%s': %s", final.buf, strerror(errno));
		if (had)
			rename(old.buf, final.buf);
	}
	if (rc == 0 && had)
		rmtree(old.buf);
	if (rc != 0 && exists(staging.buf))
		rmtree(staging.buf);
	sb_release(&staging);
	sb_release(&final);
	sb_release(&old);
	return rc;
}

void push_discard(const push_opts *o)
{
	strbuf staging;
	sb_init(&staging);
	staging_path(&staging, o);
	if (exists(staging.buf))
		rmtree(staging.buf);
	sb_release(&staging);
}

int push_deliver(const push_opts *o, const findings *mis, const findings *warn, dzerr *err)
{
	if (push_build(o, mis, warn, err) < 0)
		return -1;
	return push_publish(o, err);
}
