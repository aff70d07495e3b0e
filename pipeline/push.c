/*
 * push.c - township packages (see push.h).
 *
 * Functions in call order: push_build_start (folder names serially, then
 * child processes start writing the packages into DIR/push) ->
 * push_build_finish (wait, collect errors); push_build_all does both.
 * DIR is the staging folder of the period (publish.h): push/ becomes
 * visible only with the whole period.
 */
#include "push.h"
#include "afile.h"
#include "report.h"
#include "rules.h"
#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
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

/* Rows of one township from a collection: only those pushed, state 新增 or
 * 持续 (SPEC §6; 已核实 and 豁免 stay in the county reports). */
static size_t select_town(const findings *f, const char *town, const finding **out)
{
	size_t n = 0;
	for (size_t i = 0; i < f->items.n; i++)
		if (finding_pushed(f->items.v[i].state) && !f->items.v[i].exempt &&
		    !strcmp(f->items.v[i].township, town))
			out[n++] = &f->items.v[i];
	return n;
}

static int write_package(const push_opts *o, const char *folder, const char *town,
                         const findings *mis, const findings *warn, const findings *chk,
                         dzerr *err)
{
	const finding **rows = xmalloc((mis->items.n + warn->items.n + chk->items.n + 1) * sizeof *rows);
	strbuf path, title;
	sb_init(&path);
	sb_init(&title);
	int rc = mkdirs(folder, err);
	size_t nw = select_town(warn, town, rows);
	if (rc == 0) {
		sb_reset(&path);
		sb_addf(&path, "%s/预警名单.xlsx", folder);
		sb_addf(&title, "%s %s 预警名单（入户核实）", town, o->period);
		rc = report_write_findings_xlsx(path.buf, "预警名单", title.buf, rows, nw, err);
	}
	size_t nm = select_town(mis, town, rows + nw);
	if (rc == 0) {
		sb_reset(&path);
		sb_addf(&path, "%s/不符明细.xlsx", folder);
		sb_reset(&title);
		sb_addf(&title, "%s %s 账账相符、账实相符不符明细", town, o->period);
		rc = report_write_findings_xlsx(path.buf, "不符明细", title.buf, rows + nw, nm, err);
	}
	size_t nc = select_town(chk, town, rows + nw + nm);
	if (rc == 0) {
		sb_reset(&path);
		sb_addf(&path, "%s/逻辑校验.xlsx", folder);
		sb_reset(&title);
		sb_addf(&title, "%s %s 逻辑校验", town, o->period);
		rc = report_write_findings_xlsx(path.buf, "逻辑校验", title.buf, rows + nw + nm, nc, err);
	}
	if (rc == 0) {
		sb_reset(&path);
		sb_addf(&path, "%s/问题排查整改台账.xlsx", folder);
		sb_reset(&title);
		sb_addf(&title, "%s %s 问题排查整改台账", town, o->period);
		/* mismatches first, then warnings, then checks, each in report order */
		const finding **ledger = xmalloc((nw + nm + nc + 1) * sizeof *ledger);
		memcpy(ledger, rows + nw, nm * sizeof *ledger);
		memcpy(ledger + nm, rows, nw * sizeof *ledger);
		memcpy(ledger + nm + nw, rows + nw + nm, nc * sizeof *ledger);
		rc = report_write_ledger_xlsx(path.buf, title.buf, ledger, nw + nm + nc, o->deadline,
		                              &o->sources, err);
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

/*
 * The packages are written by child processes (fork), each taking every
 * jobs-th package, while the parent goes on with the county reports:
 * libxlsxwriter is not thread-safe (it calls gmtime()), separate processes
 * share nothing.  A child reports failure through a pipe: the exit status
 * and the message.
 */
static void push_path(strbuf *sb, const push_opts *o)
{
	sb_reset(sb);
	sb_addf(sb, "%s/push", o->dir);
}

static void free_packages(push_build *pb)
{
	for (size_t i = 0; i < pb->npk; i++)
		free(pb->folders[i]);
	free(pb->folders);
	free(pb->towns);
	pb->folders = NULL;
	pb->towns = NULL;
	pb->npk = 0;
}

/* Write packages k, k + step, ... ; 0 or -1 with err filled. */
static int write_some(const push_build *pb, size_t k, size_t step, dzerr *err)
{
	for (size_t i = k; i < pb->npk; i += step)
		if (write_package(pb->o, pb->folders[i], pb->towns[i], pb->mis, pb->warn, pb->chk, err) < 0)
			return -1;
	return 0;
}

int push_build_start(push_build *pb, const push_opts *o, const findings *mis,
                     const findings *warn, const findings *chk, dzerr *err)
{
	memset(pb, 0, sizeof *pb);
	pb->o = o;
	pb->mis = mis;
	pb->warn = warn;
	pb->chk = chk;
	/* the set of townships: roster townships plus every finding's township */
	VEC(const char *) towns = { 0 };
	for (size_t i = 0; i < o->ntownships; i++)
		VEC_PUSH(towns, o->townships[i]);
	const findings *fs[3] = { mis, warn, chk };
	for (int k = 0; k < 3; k++)
		for (size_t i = 0; i < fs[k]->items.n; i++)
			VEC_PUSH(towns, fs[k]->items.v[i].township);
	if (towns.n > 1)
		qsort(towns.v, towns.n, sizeof *towns.v, cmp_town);

	strbuf dest, name, cand;
	sb_init(&dest);
	sb_init(&name);
	sb_init(&cand);
	push_path(&dest, o);
	int rc = mkdirs(dest.buf, err);

	/* folder names, serially: unique after sanitizing, in township order */
	pb->towns = xmalloc((towns.n + 1) * sizeof *pb->towns);
	pb->folders = xmalloc((towns.n + 1) * sizeof *pb->folders);
	size_t base = dest.len + 1;
	for (size_t i = 0; rc == 0 && i < towns.n; i++) {
		const char *t = towns.v[i];
		if ((i > 0 && !strcmp(t, towns.v[i - 1])) || !strcmp(t, UNKNOWN_TOWNSHIP) || !*t)
			continue;
		push_folder_name(&name, t);
		sb_reset(&cand);
		sb_adds(&cand, name.buf);
		for (int k = 2;; k++) {
			bool clash = false;
			for (size_t u = 0; u < pb->npk && !clash; u++)
				clash = !strcmp(pb->folders[u] + base, cand.buf);
			if (!clash)
				break;
			sb_reset(&cand);
			sb_addf(&cand, "%s_%d", name.buf, k);
		}
		strbuf f;
		sb_init(&f);
		sb_addf(&f, "%s/%s", dest.buf, cand.buf);
		pb->towns[pb->npk] = t;
		pb->folders[pb->npk++] = sb_detach(&f);
	}
	VEC_FREE(towns);
	sb_release(&name);
	sb_release(&cand);
	sb_release(&dest);
	if (rc != 0) {
		free_packages(pb);
		return -1;
	}

	int jobs = o->jobs > 0 ? o->jobs : 1;
	if ((size_t)jobs > pb->npk)
		jobs = (int)pb->npk;
	if (jobs > PUSH_MAX_JOBS)
		jobs = PUSH_MAX_JOBS;
	fflush(NULL);  /* nothing buffered may be written twice by a child */
	pid_t parent = getpid();
	for (int k = 0; jobs > 1 && k < jobs; k++) {
		int fd[2];
		if (pipe(fd) != 0)
			break;
		pid_t pid = fork();
		if (pid < 0) {
			close(fd[0]);
			close(fd[1]);
			break;
		}
		if (pid == 0) {
			/* a writer dies with its parent: a killed run leaves no
			 * process writing into its staging folder */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != parent)
				_exit(DZ_EXIT_IO);
			close(fd[0]);
			dzerr e = { 0 };
			int st = 0;
			if (write_some(pb, (size_t)k, (size_t)jobs, &e) < 0) {
				st = e.status ? e.status : DZ_EXIT_IO;
				ssize_t w = write(fd[1], e.msg, strlen(e.msg));
				(void)w;
			}
			close(fd[1]);
			_exit(st);
		}
		close(fd[1]);
		pb->pid[pb->nchild] = pid;
		pb->fd[pb->nchild++] = fd[0];
		pb->step = (size_t)jobs;
	}
	if (pb->nchild > 0 && pb->nchild < jobs) {
		/* fork failed part-way: the parent writes the children's missing shares */
		pb->inline_from = (size_t)pb->nchild;
	}
	return 0;
}

int push_build_finish(push_build *pb, dzerr *err)
{
	int rc = 0;
	if (pb->nchild == 0) {
		rc = write_some(pb, 0, 1, err);
	} else {
		for (size_t k = pb->inline_from; rc == 0 && pb->inline_from && k < pb->step; k++)
			rc = write_some(pb, k, pb->step, err);
		for (int c = 0; c < pb->nchild; c++) {
			char msg[sizeof err->msg];
			ssize_t n = read(pb->fd[c], msg, sizeof msg - 1);
			close(pb->fd[c]);
			int st = 0;
			if (waitpid(pb->pid[c], &st, 0) < 0)
				st = -1;
			bool ok = st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
			if (!ok && rc == 0) {
				msg[n > 0 ? n : 0] = '\0';
				if (n > 0)
					dzerr_set(err, WIFEXITED(st) ? WEXITSTATUS(st) : DZ_EXIT_IO, "%s", msg);
				else
					dzerr_set(err, DZ_EXIT_IO, "a township package writer failed");
				rc = -1;
			}
		}
	}
	free_packages(pb);
	return rc;
}

int push_build_all(const push_opts *o, const findings *mis, const findings *warn,
                   const findings *chk, dzerr *err)
{
	push_build pb;
	if (push_build_start(&pb, o, mis, warn, chk, err) < 0)
		return -1;
	return push_build_finish(&pb, err);
}
