/*
 * push.c - township packages (see push.h).
 *
 * Functions in call order: push_deliver -> (per township) push_folder_name,
 * report_write_* -> rename staging into place; push_withdraw.
 */
#include "push.h"
#include "afile.h"
#include "report.h"
#include "rules.h"
#include <errno.h>
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

int push_deliver(const push_opts *o, const findings *mis, const findings *warn, dzerr *err)
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

	strbuf staging, final, old, folder, name;
	sb_init(&staging);
	sb_init(&final);
	sb_init(&old);
	sb_init(&folder);
	sb_init(&name);
	sb_addf(&staging, "%s/.push.tmp.%ld", o->dir, (long)getpid());
	sb_addf(&final, "%s/push", o->dir);
	sb_addf(&old, "%s/.push.old.%ld", o->dir, (long)getpid());
	if (exists(staging.buf))
		rmtree(staging.buf);
	int rc = mkdirs(staging.buf, err);

	VEC(char *) used = { 0 };  /* folder names taken (collisions after sanitizing) */
	for (size_t i = 0; rc == 0 && i < towns.n; i++) {
		const char *t = towns.v[i];
		if ((i > 0 && !strcmp(t, towns.v[i - 1])) || !strcmp(t, UNKNOWN_TOWNSHIP) || !*t)
			continue;
		push_folder_name(&name, t);
		/* make the folder name unique */
		strbuf cand;
		sb_init(&cand);
		sb_adds(&cand, name.buf);
		for (int k = 2;; k++) {
			bool clash = false;
			for (size_t u = 0; u < used.n && !clash; u++)
				clash = !strcmp(used.v[u], cand.buf);
			if (!clash)
				break;
			sb_reset(&cand);
			sb_addf(&cand, "%s_%d", name.buf, k);
		}
		VEC_PUSH(used, sb_detach(&cand));
		sb_reset(&folder);
		sb_addf(&folder, "%s/%s", staging.buf, used.v[used.n - 1]);
		rc = write_package(o, folder.buf, t, mis, warn, err);
	}
	if (rc == 0) {
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
	}
	if (rc != 0 && exists(staging.buf))
		rmtree(staging.buf);
	for (size_t u = 0; u < used.n; u++)
		free(used.v[u]);
	VEC_FREE(used);
	VEC_FREE(towns);
	sb_release(&staging);
	sb_release(&final);
	sb_release(&old);
	sb_release(&folder);
	sb_release(&name);
	return rc;
}
