/*
 * run.c - orchestration of dz run / dz check / dz push (see run.h).
 *
 * Functions in call order (run_main -> reconcile): lock_acquire (lock.h)
 * -> ledger_open (ledger.h; dz check: read-only) -> publish_begin
 * (publish.h: a staging folder beside OUT/P) -> ingest_phase (all sources
 * on worker threads; roster first, household and survey after it) ->
 * join_eval (ZZ/ZS, YJ and LJ findings) -> rulestatus_source_failed ->
 * findkey_assign (线索编号) -> [exemptions] -> ledger_states (状态, 首次发现,
 * dates; resolved) -> push_build_start (package writer processes) beside
 * write_reports (ledger_stage_start beside them) -> push_build_finish ->
 * ledger_stage_finish -> publish_complete
 * (OUT/P replaced in one step) -> ledger_commit, or publish_failed (input
 * unusable: OUT/P.failed; nothing recorded) or nothing (a write failed) ->
 * publish_finish -> report_print_summary -> ledger_close -> lock_release.
 * push_main (dz push): lock -> read the reports -> publish_begin ->
 * publish_keep_reports -> push_build_all -> publish_complete.
 *
 * Determinism: every source has its own sink, quality log and account;
 * they are merged in source order after all threads joined.
 *
 * Exemptions (exempt.h): the list is loaded before the lock, so that a bad
 * list stops the run before any output (exit 2); exempt_apply marks the
 * findings after rulestatus_drop_findings, before the reports and packages.
 */
#include "run.h"
#include "afile.h"
#include "exempt.h"
#include "findings.h"
#include "findkey.h"
#include "ledger.h"
#include "ingest.h"
#include "join.h"
#include "join_eval.h"
#include "lock.h"
#include "publish.h"
#include "push.h"
#include "report.h"
#include "rules.h"
#include "rulestatus.h"
#include "vocab.h"
#include <csv.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void today_str(const char *today, char out[11])
{
	if (today) {
		snprintf(out, 11, "%s", today);
		return;
	}
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* 整改时限 = run date + verify_days. */
static void deadline_str(const char *today, int verify_days, char out[11])
{
	char t[11];
	today_str(today, t);
	int32_t d;
	if (parse_date(t, strlen(t), false, &d) != VAL_OK) {
		out[0] = '\0';
		return;
	}
	date_format(d + verify_days, out);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* ---- one source's work ---- */

typedef struct job {
	const source_cfg *src;
	int ordinal;
	rec_sink sink;
	quality_log q;
	src_account acct;
	dzerr err;
	int rc;
	const char *recstream;   /* check stage: record stream path instead of a source */
	int kind;                /* KIND_*, -1 if unknown (an unreadable stream) */
	char *stream_name;       /* check stage: source name and file named in the stream */
	char *stream_file;
} job;

typedef struct ctx {
	const run_config *cfg;
	int32_t ref_days;
	job *jobs;
	size_t njobs;
	size_t next;             /* next department job (guarded by lock) */
	size_t first_parallel;
	pthread_mutex_t lock;
} ctx;

/* A record stream hands its row account to the sink's end(): keep a copy
 * for the summary on the way to the join's sink. */
static int tap_begin(void *c, const src_info *i)
{
	job *jb = c;
	free(jb->stream_name);
	free(jb->stream_file);
	jb->stream_name = xstrdup(i->name ? i->name : "");
	jb->stream_file = xstrdup(i->file ? i->file : "");
	return jb->sink.begin(jb->sink.ctx, i);
}

static int tap_record(void *c, const dzrec *r)
{
	job *jb = c;
	return jb->sink.record(jb->sink.ctx, r);
}

static int tap_end(void *c, const src_info *i, const src_account *a)
{
	job *jb = c;
	jb->acct = *a;
	return jb->sink.end(jb->sink.ctx, i, a);
}

static void do_job(ctx *c, job *jb)
{
	if (jb->recstream) {
		rec_sink tap = { tap_begin, tap_record, tap_end, jb };
		jb->rc = recstream_read(jb->recstream, &tap, &jb->q, jb->ordinal, &jb->err);
		return;
	}
	const source_cfg *s = jb->src;
	ingest_opts io = {
		.kind = s->kind,
		.path = s->file,
		.display = strcmp(s->file, "-") ? base_name(s->file) : "-",
		.name = s->name,
		.period = c->cfg->period,
		.ref_days = c->ref_days,
		.source_ordinal = jb->ordinal,
		.header_row = s->header_row,
		.extra = s->aliases,
		.nextra = s->naliases,
		.rs = { .encoding = s->encoding, .sheet = s->sheet, .record = s->record },
	};
	jb->rc = ingest_run(&io, &jb->sink, &jb->q, &jb->acct, &jb->err);
}

/* Which job a worker of ingest_phase takes next (under ctx.lock). */
typedef struct sched {
	ctx *c;
	size_t *roster;          /* roster jobs, in job order: one worker runs them all */
	size_t nroster;
	size_t *order;           /* the other jobs, largest file first */
	bool *after_roster;      /* order[k] is a household or survey job */
	bool *taken;
	size_t norder;
	bool roster_taken, roster_done;
	pthread_cond_t done;     /* roster_done became true */
} sched;

static void *worker(void *arg)
{
	sched *sc = arg;
	ctx *c = sc->c;
	pthread_mutex_lock(&c->lock);
	for (;;) {
		if (!sc->roster_taken) {
			sc->roster_taken = true;
			pthread_mutex_unlock(&c->lock);
			for (size_t i = 0; i < sc->nroster; i++)
				do_job(c, &c->jobs[sc->roster[i]]);
			pthread_mutex_lock(&c->lock);
			sc->roster_done = true;
			pthread_cond_broadcast(&sc->done);
			pthread_mutex_unlock(&c->lock);
			/* links the department sources that ended meanwhile */
			join_roster_fed(&c->jobs[0].sink);
			pthread_mutex_lock(&c->lock);
			continue;
		}
		size_t pick = SIZE_MAX;
		bool blocked = false;
		for (size_t k = 0; k < sc->norder && pick == SIZE_MAX; k++) {
			if (sc->taken[k])
				continue;
			if (sc->after_roster[k] && !sc->roster_done)
				blocked = true;
			else
				pick = k;
		}
		if (pick != SIZE_MAX) {
			sc->taken[pick] = true;
			pthread_mutex_unlock(&c->lock);
			do_job(c, &c->jobs[sc->order[pick]]);
			pthread_mutex_lock(&c->lock);
		} else if (blocked) {
			pthread_cond_wait(&sc->done, &c->lock);
		} else {
			break;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

static int ncpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

static int stream_kind(const char *path);

/* Bytes of a job's input (scheduling only; 0 when unknown or stdin). */
static long long job_size(const job *jb)
{
	const char *p = jb->recstream ? jb->recstream : jb->src->file;
	struct stat st;
	if (!strcmp(p, "-") || stat(p, &st) != 0)
		return 0;
	return (long long)st.st_size;
}

/*
 * On up to `jobs` threads (join.h, phases): the roster sources one after
 * the other on one thread, concurrently the department and water sources;
 * household and survey sources once the roster is complete.  Jobs are taken
 * largest file first (ties: job order).  Results do not depend on the
 * schedule: every job has its own sink, quality log and account, merged
 * in job order afterwards.
 */
static void ingest_phase(ctx *c, int jobs)
{
	if (c->njobs == 0)
		return;
	sched sc;
	memset(&sc, 0, sizeof sc);
	sc.c = c;
	sc.roster = xmalloc(c->njobs * sizeof *sc.roster);
	sc.order = xmalloc(c->njobs * sizeof *sc.order);
	sc.after_roster = xcalloc(c->njobs, sizeof *sc.after_roster);
	sc.taken = xcalloc(c->njobs, sizeof *sc.taken);
	long long *size = xmalloc(c->njobs * sizeof *size);
	for (size_t i = 0; i < c->njobs; i++) {
		const job *jb = &c->jobs[i];
		int k = jb->src ? jb->src->kind : stream_kind(jb->recstream);
		size[i] = job_size(jb);
		if (k == KIND_ROSTER) {
			sc.roster[sc.nroster++] = i;
			continue;
		}
		/* insertion sort, stable: larger first */
		size_t w = sc.norder++;
		while (w > 0 && size[sc.order[w - 1]] < size[i]) {
			sc.order[w] = sc.order[w - 1];
			sc.after_roster[w] = sc.after_roster[w - 1];
			w--;
		}
		sc.order[w] = i;
		sc.after_roster[w] = k == KIND_HOUSEHOLD || k == KIND_SURVEY;
	}
	free(size);
	pthread_cond_init(&sc.done, NULL);
	size_t units = sc.norder + (sc.nroster ? 1 : 0);
	if (jobs <= 0)
		jobs = ncpus();
	if ((size_t)jobs > units)
		jobs = (int)units;
	int started = 0;
	pthread_t *th = xmalloc((size_t)(jobs > 0 ? jobs : 1) * sizeof *th);
	for (int t = 0; jobs > 1 && t < jobs; t++) {
		if (pthread_create(&th[t], NULL, worker, &sc) != 0)
			break;
		started++;
	}
	if (started == 0)
		worker(&sc);
	for (int t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	free(th);
	pthread_cond_destroy(&sc.done);
	free(sc.roster);
	free(sc.order);
	free(sc.after_roster);
	free(sc.taken);
}

/* ---- after evaluation ---- */

static int write_reports(const char *dir, report_summary *s, const findings *mis,
                         const findings *warn, const findings *chk, const findings *resolved,
                         const char *last_seen, const quality_log *q, dzerr *err)
{
	strbuf p, title;
	sb_init(&p);
	sb_init(&title);
	size_t nm, nw, nc;
	const finding **rm = report_all(mis, &nm), **rw = report_all(warn, &nw);
	const finding **rch = report_all(chk, &nc);
	int rc = 0;
#define PATH(name) (sb_reset(&p), sb_addf(&p, "%s/%s", dir, name), p.buf)
	if (rc == 0)
		rc = report_write_findings_csv(PATH("mismatches.csv"), rm, nm, err);
	if (rc == 0)
		rc = report_write_findings_csv(PATH("warnings.csv"), rw, nw, err);
	if (rc == 0)
		rc = report_write_findings_csv(PATH("checks.csv"), rch, nc, err);
	if (rc == 0)
		rc = report_write_resolved_csv(PATH("resolved.csv"), resolved, last_seen, err);
	if (rc == 0)
		rc = report_write_quality(PATH("quality.csv"), q, err);
	if (rc == 0)
		rc = report_write_summary_csv(PATH("summary.csv"), s, err);
	if (rc == 0) {
		sb_addf(&title, "%s 账账相符、账实相符不符明细（全县）", s->period);
		rc = report_write_findings_xlsx(PATH("mismatches.xlsx"), "不符明细", title.buf, rm, nm, err);
	}
	if (rc == 0) {
		sb_reset(&title);
		sb_addf(&title, "%s 预警名单（全县）", s->period);
		rc = report_write_findings_xlsx(PATH("warnings.xlsx"), "预警名单", title.buf, rw, nw, err);
	}
	if (rc == 0) {
		sb_reset(&title);
		sb_addf(&title, "%s 逻辑校验（全县）", s->period);
		rc = report_write_findings_xlsx(PATH("checks.xlsx"), "逻辑校验", title.buf, rch, nc, err);
	}
	if (rc == 0) {
		sb_reset(&title);
		sb_addf(&title, "%s 已消除线索（上期发现、本期未再发现）", s->period);
		rc = report_write_resolved_xlsx(PATH("resolved.xlsx"), title.buf, resolved, last_seen, err);
	}
	if (rc == 0) {
		sb_reset(&title);
		sb_addf(&title, "%s 数据质量问题", s->period);
		rc = report_write_quality_xlsx(PATH("quality.xlsx"), title.buf, q, err);
	}
	if (rc == 0)
		rc = report_write_summary_xlsx(PATH("summary.xlsx"), s, err);
#undef PATH
	free(rm);
	free(rw);
	free(rch);
	sb_release(&p);
	sb_release(&title);
	return rc;
}

/* A field "\tNAME=" of a record stream's first line into out (empty if
 * absent). */
static void header_field(const char *line, const char *name, char *out, size_t cap)
{
	out[0] = '\0';
	char key[32];
	snprintf(key, sizeof key, "\t%s=", name);
	const char *k = strstr(line, key);
	if (!k)
		return;
	k += strlen(key);
	size_t n = strcspn(k, "\t\r\n");
	if (n >= cap)
		n = cap - 1;
	memcpy(out, k, n);
	out[n] = '\0';
}

/* The kind (or -1) and period ("" if none) named on the first line of a
 * record stream. */
static int stream_header(const char *path, char period[16])
{
	period[0] = '\0';
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return -1;
	char line[4096], kind[64];
	int k = -1;
	if (fgets(line, sizeof line, fp)) {
		header_field(line, "kind", kind, sizeof kind);
		k = *kind ? kind_from_name(kind) : -1;
		header_field(line, "period", period, 16);
	}
	fclose(fp);
	return k;
}

static int stream_kind(const char *path)
{
	char period[16];
	return stream_header(path, period);
}

/* The ledger must not live in OUT/P: publishing replaces that folder (and
 * push/ goes to the townships).  True with err set (exit 2) if it does. */
static bool ledger_inside_period(const char *path, const char *out, const char *period, dzerr *err)
{
	strbuf dir;
	sb_init(&dir);
	const char *slash = strrchr(path, '/');
	if (slash)
		sb_add(&dir, path, (size_t)(slash - path + (slash == path)));
	else
		sb_addc(&dir, '.');
	char *real = realpath(dir.buf, NULL);
	char *per = realpath(out, NULL);
	bool inside = false;
	if (real && per) {
		sb_reset(&dir);
		sb_addf(&dir, "%s/%s", per, period);
		size_t n = dir.len;
		inside = !strncmp(real, dir.buf, n) && (real[n] == '\0' || real[n] == '/');
		if (!inside) {
			/* the staging and failed folders of the period too */
			sb_addc(&dir, '.');
			inside = !strncmp(real, dir.buf, dir.len);
		}
	}
	if (inside)
		dzerr_set(err, DZ_EXIT_USAGE, "ledger '%s' is inside the period's folder '%s/%s', which "
		          "every run replaces: keep it outside (default: OUT/dz-ledger.sqlite)", path, out, period);
	free(real);
	free(per);
	sb_release(&dir);
	return inside;
}

/* A write failed: nothing was published.  The message names the report or
 * package under its published name and says so. */
static int not_delivered(publish *pub, dzerr *err)
{
	publish_explain(pub, err);
	size_t n = strlen(err->msg);
	snprintf(err->msg + n, sizeof err->msg - n, "; nothing was delivered: '%s' is as before",
	         pub->final);
	return err->status ? err->status : DZ_EXIT_IO;
}

/* Job order (= join_sink order, the order of every merge and report):
 * roster, household, the rest in config order.  ingest_phase schedules
 * them differently; output follows this order only. */
static int phase_of(int kind)
{
	return kind == KIND_ROSTER ? 0 : kind == KIND_HOUSEHOLD ? 1 : 2;
}

static int reconcile(const run_config *cfg, const run_opts *o, char *const *streams,
                     size_t nstreams, dzerr *err)
{
	int y, m;
	if (!parse_period(cfg->period, &y, &m))
		return dzerr_set(err, DZ_EXIT_USAGE, "period '%s' is not YYYY-MM", cfg->period);
	int32_t R = date_month_end(y, m);

	/* a wrong exemption list stops the run before any output (SPEC §9) */
	exempt_list ex;
	exempt_init(&ex);
	if (cfg->exemptions &&
	    exempt_load(&ex, cfg->exemptions, R, cfg->townships, cfg->ntownships, err) < 0) {
		exempt_release(&ex);
		return DZ_EXIT_USAGE;
	}

	/* one dz at a time on OUT; everything is built in a staging folder
	 * (publish.h) and published at the end, or not at all */
	if (mkdirs(cfg->out, err) < 0) {
		exempt_release(&ex);
		return DZ_EXIT_IO;
	}
	dzlock lk;
	if (lock_acquire(&lk, cfg->out, o->command ? o->command : "dz run", o->wait_seconds, err) < 0) {
		exempt_release(&ex);
		return DZ_EXIT_IO;
	}
	/* the ledger (SPEC §8): refused before any output if it is newer than
	 * this dz or not a ledger; dz check only reads it */
	ledger *lg = NULL;
	if (!cfg->no_ledger) {
		strbuf lp;
		sb_init(&lp);
		if (cfg->ledger)
			sb_adds(&lp, cfg->ledger);
		else
			sb_addf(&lp, "%s/dz-ledger.sqlite", cfg->out);
		int lrc = ledger_inside_period(lp.buf, cfg->out, cfg->period, err) ? -1
		          : ledger_open(&lg, lp.buf, o->no_push, err);
		sb_release(&lp);
		if (lrc < 0) {
			lock_release(&lk);
			exempt_release(&ex);
			return err->status ? err->status : DZ_EXIT_IO;
		}
	}
	publish pub;
	if (publish_begin(&pub, cfg->out, cfg->period, err) < 0) {
		publish_release(&pub);
		ledger_close(lg);
		lock_release(&lk);
		exempt_release(&ex);
		return DZ_EXIT_IO;
	}
	const char *dir = pub.stage;

	twp_alias *alias = xcalloc(cfg->ntownships ? cfg->ntownships : 1, sizeof *alias);
	for (size_t i = 0; i < cfg->ntownships; i++)
		alias[i] = (twp_alias){ cfg->townships[i].alias, cfg->townships[i].name };
	bool any_lj = false;
	for (size_t r = 0; r < nrules; r++)
		if (rules[r].family == FAM_LJ && !((cfg->lj_skip >> atoi(rules[r].code + 2)) & 1u))
			any_lj = true;
	join_params jp = {
		.ref_days = R, .year = y, .month = m,
		.townships = alias, .ntownships = cfg->ntownships,
		.no_lj_facts = !any_lj,
	};
	join *j = join_new(&jp);
	free(alias);
	rule_params rp = {
		.income_line_fen = config_income_line(cfg, y),
		.oop_threshold_fen = cfg->oop_threshold_fen,
		.oop_threshold_roster_fen = cfg->oop_threshold_roster_fen,
		.income_drop_pct = cfg->income_drop_pct,
		.income_tolerance_pct = cfg->income_tolerance_pct,
		.min_clear_months = cfg->min_clear_months,
		.lj_skip = cfg->lj_skip,
	};

	/* jobs in phase order (roster, household, others), stable within a phase */
	size_t njobs = streams ? nstreams : cfg->nsources;
	job *jobs = xcalloc(njobs ? njobs : 1, sizeof *jobs);
	int *kindv = xmalloc((njobs ? njobs : 1) * sizeof *kindv);
	for (size_t i = 0; i < njobs; i++)
		kindv[i] = streams ? stream_kind(streams[i]) : cfg->sources[i].kind;
	size_t w = 0, first_parallel = 0;
	for (int ph = 0; ph < 3; ph++) {
		for (size_t i = 0; i < njobs; i++) {
			int k = kindv[i];
			if ((k < 0 ? 2 : phase_of(k)) != ph)
				continue;
			job *jb = &jobs[w];
			jb->src = streams ? NULL : &cfg->sources[i];
			jb->recstream = streams ? streams[i] : NULL;
			jb->kind = kindv[i];
			jb->ordinal = (int)w;
			quality_init(&jb->q);
			w++;
		}
		if (ph == 1)
			first_parallel = w;
	}
	for (size_t i = 0; i < njobs; i++) {
		jobs[i].sink = join_sink(j);
	}

	ctx c = { .cfg = cfg, .ref_days = R, .jobs = jobs, .njobs = njobs,
	          .first_parallel = first_parallel };
	pthread_mutex_init(&c.lock, NULL);
	ingest_phase(&c, o->jobs);
	pthread_mutex_destroy(&c.lock);

	/* accounts, problems, quality */
	bool data_bad = false;
	quality_log q;
	quality_init(&q);
	report_source *rs = xcalloc(njobs ? njobs : 1, sizeof *rs);
	strbuf line;
	sb_init(&line);
	for (size_t i = 0; i < njobs; i++) {
		job *jb = &jobs[i];
		report_source *r = &rs[i];
		r->name = jb->src ? jb->src->name : jb->stream_name ? jb->stream_name : base_name(jb->recstream);
		r->file = jb->src ? (strcmp(jb->src->file, "-") ? base_name(jb->src->file) : "-")
		                  : jb->stream_file ? jb->stream_file : base_name(jb->recstream);
		int k = jb->src ? jb->src->kind : stream_kind(jb->recstream);
		r->kind = (k >= 0 && k < KIND_COUNT) ? kinds[k].name : "?";
		r->acct = jb->acct;
		quality_merge(&q, &jb->q);
		if (jb->rc != 0) {
			r->problem = jb->err.msg;
			data_bad = true;
			error("%s", jb->err.msg);
		}
		long recs = ingest_records(&jb->acct);   /* footer rows do not count */
		if (recs > 0 && 100.0 * (double)jb->acct.rejected > cfg->max_reject_pct * (double)recs) {
			r->over_threshold = true;
			data_bad = true;
			error("'%s': %ld of %ld rows rejected (%.2f%%), over max_reject_pct %.2f%%; nothing is pushed",
			      r->file, jb->acct.rejected, recs,
			      100.0 * (double)jb->acct.rejected / (double)recs, cfg->max_reject_pct);
		}
		if (!diag_quiet) {
			sb_reset(&line);
			ingest_account_line(&line, r->file, &jb->acct);
			fprintf(stderr, "dz: %s\n", line.buf);
		}
	}
	quality_sort(&q);

	findings mis, warn, chk;
	findings_init(&mis);
	findings_init(&warn);
	findings_init(&chk);
	rule_status *status = xcalloc(nrules, sizeof *status);
	const char **towns = NULL;  /* roster townships (strings owned by the join) */
	int rc = DZ_EXIT_OK;
	findings resolved;
	findings_init(&resolved);
	const char **snames = xmalloc((njobs + 1) * sizeof *snames);
	const char **skinds = xmalloc((njobs + 1) * sizeof *skinds);
	const char **rkinds = xmalloc((njobs + 1) * sizeof *rkinds);
	ledger_input *inputs = xcalloc(njobs + 1, sizeof *inputs);
	size_t nrkinds = 0;
	for (size_t i = 0; i < njobs; i++) {
		snames[i] = rs[i].name;
		skinds[i] = rs[i].kind;
		if (jobs[i].rc == 0 && !rs[i].over_threshold)
			rkinds[nrkinds++] = rs[i].kind;
		inputs[i] = (ledger_input){
			.source = rs[i].name, .kind = rs[i].kind, .file = rs[i].file,
			.path = jobs[i].src ? jobs[i].src->file : jobs[i].recstream,
			.read = jobs[i].acct.read, .used = jobs[i].acct.used,
			.rejected = jobs[i].acct.rejected,
		};
	}
	report_source_kinds sk = { snames, skinds, njobs };
	char today[11];
	today_str(o->today, today);
	if (join_eval(j, &rp, &mis, &warn, &chk, status, err) < 0) {
		rc = err->status ? err->status : DZ_EXIT_IO;
		goto out;
	}
	for (size_t i = 0; i < njobs; i++)   /* rules reading a failed source did not run */
		if (jobs[i].rc != 0 || rs[i].over_threshold)
			rulestatus_source_failed(status, jobs[i].kind, rs[i].name, join_source_columns(j, i));
	rulestatus_drop_findings(status, &mis, &warn, &chk);
	/* exempted findings: state 豁免, county reports only (exempt.h) */
	if (cfg->exemptions) {
		exempt_apply(&ex, &mis, R);
		exempt_apply(&ex, &warn, R);
		exempt_apply(&ex, &chk, R);
	}
	findings_sort(&mis);
	findings_sort(&warn);
	findings_sort(&chk);

	/* 线索编号, then the states (SPEC §8; 豁免 from the exemption step above) */
	findings *fs[3] = { &mis, &warn, &chk };
	for (int k = 0; k < 3; k++)
		findkey_assign(fs[k], &sk);
	ledger_run lr = {
		.period = cfg->period, .run_date = today, .verify_days = cfg->verify_days,
		.push = !o->no_push, .status = status, .kinds = rkinds, .nkinds = nrkinds,
		.inputs = inputs, .ninputs = njobs, .quality = (long)q.items.n,
	};
	if (ledger_states(lg, &lr, fs, 3, &resolved, err) < 0) {
		rc = err->status ? err->status : DZ_EXIT_IO;
		goto out;
	}
	findings_sort(&resolved);
	if (lg && ledger_older(lg) && !o->no_push)
		warning("ledger: %s is older than the newest recorded period %s: states are computed "
		     "against %s and the ledger is left unchanged", cfg->period, ledger_newest(lg),
		     *ledger_previous(lg) ? ledger_previous(lg) : "no earlier period");

	report_summary s = {
		.period = cfg->period, .status = status, .mismatches = &mis, .warnings = &warn,
		.checks = &chk, .resolved = &resolved,
		.sources = rs, .nsources = njobs, .max_reject_pct = cfg->max_reject_pct,
		.exempt = cfg->exemptions ? &ex : NULL,
	};
	/* every roster township gets a summary column and a package */
	size_t ntowns = join_roster_townships(j, &towns);
	report_summary_prepare(&s, towns, ntowns);
	report_set_run_date(today);
	report_set_period(cfg->period);
	/* township packages are written by child processes (push.h) while this
	 * process writes the county reports; push/ is published only when both
	 * succeeded */
	bool pushing = !data_bad && !o->no_push;
	char deadline[11];
	deadline_str(o->today, cfg->verify_days, deadline);
	push_opts po = { .dir = dir, .period = cfg->period, .deadline = deadline,
	                 .jobs = o->jobs > 0 ? o->jobs : ncpus(),
	                 .townships = s.townships, .ntownships = s.ntownships,
	                 .sources = { snames, skinds, njobs } };
	dzerr perr = { 0 };
	push_build pb;
	int prc = pushing ? push_build_start(&pb, &po, &mis, &warn, &chk, &perr) : 0;
	/* the run's record goes into the ledger's open transaction, on two
	 * threads beside the reports (the inputs' SHA-256, the inserts); it is
	 * committed only once OUT/P is published.  The threads start after
	 * the package writers are forked: no thread is alive at fork() */
	if (!data_bad && !o->no_push) {
		ledger_hash_start(lg, inputs, njobs);
		ledger_stage_start(lg, &lr, fs, 3, resolved.items.n);
	}
	dzerr rerr = { 0 };
	int rrc = write_reports(dir, &s, &mis, &warn, &chk, &resolved, ledger_previous(lg), &q, &rerr);
	if (pushing && prc == 0)
		prc = push_build_finish(&pb, &perr);
	/* the ledger's threads read the findings and lr: wait for them on
	 * every path, before anything is freed */
	dzerr serr = { 0 };
	if (ledger_stage_finish(lg, &serr) < 0 && rrc == 0 && prc == 0) {
		rerr = serr;
		rrc = -1;
	}
	if (rrc < 0 || prc < 0) {
		/* a write failed: nothing is published (the staging folder goes) */
		*err = rrc < 0 ? rerr : perr;
		rc = not_delivered(&pub, err);
	} else if (data_bad) {
		/* the reports go to OUT/P.failed, never a push/; OUT/P stays */
		if (publish_failed(&pub, err) < 0) {
			rc = not_delivered(&pub, err);
		} else {
			publish_finish(&pub);
			report_print_summary(&s, pub.failed);
			error("input data unusable: this run's reports are in '%s'; nothing was pushed "
			      "and '%s' is as before (exit 3)", pub.failed, pub.final);
			rc = DZ_EXIT_DATA;
		}
	} else if (publish_complete(&pub, err) < 0) {
		rc = not_delivered(&pub, err);
	} else {
		/* the ledger commit (SPEC §8), after the period is published and
		 * before the previous folder is removed: a kill in between leaves
		 * published outputs that the next run records again, never a
		 * ledger ahead of the files */
		if (ledger_commit(lg, err) < 0) {
			size_t n = strlen(err->msg);
			snprintf(err->msg + n, sizeof err->msg - n, "; the reports in '%s' are published but "
			         "not recorded in the ledger: run %s again", pub.final, cfg->period);
			rc = err->status ? err->status : DZ_EXIT_IO;
		}
		publish_finish(&pub);
		report_print_summary(&s, pub.final);
	}
	report_summary_release(&s);
out:
	free(snames);
	free(skinds);
	free(rkinds);
	free(inputs);
	findings_release(&resolved);
	ledger_close(lg);
	for (size_t i = 0; i < njobs; i++) {
		quality_release(&jobs[i].q);
		free(jobs[i].stream_name);
		free(jobs[i].stream_file);
	}
	free(towns);
	quality_release(&q);
	findings_release(&mis);
	findings_release(&warn);
	findings_release(&chk);
	free(status);
	free(rs);
	free(jobs);
	free(kindv);
	sb_release(&line);
	join_free(j);
	publish_abort(&pub);
	publish_release(&pub);
	lock_release(&lk);
	exempt_release(&ex);
	return rc;
}

int run_main(const run_config *cfg, const run_opts *o, dzerr *err)
{
	return reconcile(cfg, o, NULL, 0, err);
}

/* A record stream on stdin is copied to a temporary file under $TMPDIR
 * (default /tmp), so that it can be read after the roster whatever its
 * position.  Returns the path (removed by the caller) or NULL. */
static char *spool_stdin(dzerr *err)
{
	const char *dir = getenv("TMPDIR");
	strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, "%s/dz-check-XXXXXX", dir && *dir ? dir : "/tmp");
	char *tmpl = sb_detach(&sb);
	int fd = mkstemp(tmpl);
	if (fd < 0) {
		dzerr_set(err, DZ_EXIT_IO, "cannot create a temporary file '%s': %s", tmpl, strerror(errno));
		free(tmpl);
		return NULL;
	}
	FILE *out = fdopen(fd, "wb");
	char buf[65536];
	size_t got;
	int bad = !out;
	while (!bad && (got = fread(buf, 1, sizeof buf, stdin)) > 0)
		bad = fwrite(buf, 1, got, out) != got;
	if (ferror(stdin))
		bad = 1;
	if (out && fclose(out) != 0)
		bad = 1;
	if (bad) {
		unlink(tmpl);
		dzerr_set(err, DZ_EXIT_IO, "cannot copy standard input to '%s'", tmpl);
		free(tmpl);
		return NULL;
	}
	return tmpl;
}

int check_main(const run_config *cfg, const run_opts *o, char *const *streams, size_t n, dzerr *err)
{
	run_opts co = *o;
	co.no_push = true;
	char **paths = xcalloc(n + 1, sizeof *paths);
	char *spooled = NULL;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		paths[i] = streams[i];
		if (strcmp(streams[i], "-"))
			continue;
		if (spooled)
			rc = dzerr_set(err, DZ_EXIT_USAGE, "'-' (standard input) given twice");
		else if (!(spooled = spool_stdin(err)))
			rc = -1;
		else
			paths[i] = spooled;
	}
	bool roster = false;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char period[16];
		int k = stream_header(paths[i], period);
		roster |= k == KIND_ROSTER;
		/* streams of another month would mix periods silently */
		if (*period && strcmp(period, cfg->period)) {
			strbuf name;
			sb_init(&name);
			if (paths[i] == spooled)
				sb_adds(&name, "standard input");
			else
				sb_addf(&name, "'%s'", base_name(paths[i]));
			rc = dzerr_set(err, DZ_EXIT_USAGE, "%s is a record stream of period %s, not of %s "
			               "(--period); make it with dz ingest --period %s", name.buf, period,
			               cfg->period, cfg->period);
			sb_release(&name);
		}
	}
	if (rc == 0 && !roster)
		rc = dzerr_set(err, DZ_EXIT_USAGE, "no roster record stream among the inputs "
		               "(make one with: dz ingest --kind roster FILE > roster.rec)");
	if (rc == 0)
		rc = reconcile(cfg, &co, paths, n, err);
	else
		rc = err->status;
	if (spooled) {
		unlink(spooled);
		free(spooled);
	}
	free(paths);
	return rc;
}

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* dz push refuses the reports of a run that did not complete (SPEC §6):
 * 0, or -1 with DZ_EXIT_DATA naming the failed source. */
static int push_refuses(const char *out, const char *period, const char *dir,
                        report_summary_file *sf, dzerr *err)
{
	strbuf p;
	sb_init(&p);
	int rc = 0;
	sb_addf(&p, "%s/%s.failed", out, period);
	if (is_dir(p.buf)) {
		/* the newest run of P failed: its reports are no base for packages,
		 * and the older complete ones are not what the officer expects */
		char *failed = sb_detach(&p);
		sb_addf(&p, "%s/summary.csv", failed);
		report_summary_file ff;
		dzerr ignore = { 0 };
		const report_read_source *bad = NULL;
		if (report_read_summary(p.buf, &ff, &ignore) == 0)
			bad = report_failed_source(&ff);
		if (bad)
			rc = dzerr_set(err, DZ_EXIT_DATA, "the newest run of %s did not complete: source %s (%s): %s; "
			               "its reports are in '%s'; nothing was pushed", period, bad->name,
			               bad->file, bad->status, failed);
		else
			rc = dzerr_set(err, DZ_EXIT_DATA, "the newest run of %s did not complete: its reports are "
			               "in '%s'; nothing was pushed", period, failed);
		report_summary_file_release(&ff);
		free(failed);
		sb_release(&p);
		return rc;
	}
	sb_reset(&p);
	sb_addf(&p, "%s/summary.csv", dir);
	if (!is_dir(dir)) {
		rc = dzerr_set(err, DZ_EXIT_IO, "cannot open '%s': no reports of %s in '%s' "
		               "(write them with dz run or dz check)", dir, period, out);
	} else if (access(p.buf, F_OK) != 0) {
		rc = dzerr_set(err, DZ_EXIT_DATA, "'%s' is missing: nothing tells that the reports in '%s' "
		               "come from a complete run; nothing was pushed", p.buf, dir);
	} else if (report_read_summary(p.buf, sf, err) < 0) {
		rc = -1;
	} else {
		const report_read_source *bad = report_failed_source(sf);
		if (bad)
			rc = dzerr_set(err, DZ_EXIT_DATA, "the reports in '%s' come from a run whose source %s (%s) "
			               "was not usable: %s; nothing was pushed", dir, bad->name, bad->file,
			               bad->status);
	}
	sb_release(&p);
	return rc;
}

int push_main(const char *out, const char *period, const run_opts *o, int verify_days,
              const char *ledger_path, dzerr *err)
{
	strbuf dir, p;
	sb_init(&dir);
	sb_init(&p);
	sb_addf(&dir, "%s/%s", out, period);
	findings mis, warn, chk;
	findings_init(&mis);
	findings_init(&warn);
	findings_init(&chk);
	dzlock lk = { 0 };
	publish pub = { 0 };
	report_summary_file sf = { 0 };
	int rc = 0;
	if (!is_dir(out))
		rc = dzerr_set(err, DZ_EXIT_IO, "cannot open '%s': %s", out, strerror(errno));
	if (rc == 0 && lock_acquire(&lk, out, "dz push", o->wait_seconds, err) < 0)
		rc = -1;
	if (rc == 0 && push_refuses(out, period, dir.buf, &sf, err) < 0)
		rc = -1;
	sb_addf(&p, "%s/mismatches.csv", dir.buf);
	if (rc == 0 && report_read_findings_csv(p.buf, &mis, err) < 0)
		rc = -1;
	sb_reset(&p);
	sb_addf(&p, "%s/warnings.csv", dir.buf);
	if (rc == 0 && report_read_findings_csv(p.buf, &warn, err) < 0)
		rc = -1;
	sb_reset(&p);
	sb_addf(&p, "%s/checks.csv", dir.buf);
	if (rc == 0 && report_read_findings_csv(p.buf, &chk, err) < 0)
		rc = -1;
	/* 整改时限 of each finding as the run recorded it (a 持续 finding keeps
	 * its first push's); the run date + verify_days for the rest */
	ledger *lg = NULL;
	if (rc == 0 && ledger_path) {
		findings *fs[3] = { &mis, &warn, &chk };
		if (ledger_open(&lg, ledger_path, true, err) < 0 ||
		    ledger_recorded_dates(lg, period, fs, 3, err) < 0)
			rc = -1;
	}
	ledger_close(lg);
	if (rc == 0) {
		findings_sort(&mis);
		findings_sort(&warn);
		findings_sort(&chk);
		char day[11];
		today_str(o->today, day);
		report_set_run_date(day);
		report_set_period(period);
		char deadline[11];
		deadline_str(o->today, verify_days, deadline);
		/* every township of the month's summary gets a package; the new
		 * OUT/P: the same reports (linked) and a new push/ */
		if (publish_begin(&pub, out, period, err) < 0 || publish_keep_reports(&pub, err) < 0) {
			rc = -1;
		} else {
			const char **snames = xmalloc((sf.nsources + 1) * sizeof *snames);
			const char **skinds = xmalloc((sf.nsources + 1) * sizeof *skinds);
			for (size_t i = 0; i < sf.nsources; i++) {
				snames[i] = sf.sources[i].name;
				skinds[i] = sf.sources[i].kind;
			}
			push_opts po = { .dir = pub.stage, .period = period, .deadline = deadline,
			                 .jobs = o->jobs > 0 ? o->jobs : ncpus(),
			                 .townships = (const char *const *)sf.townships,
			                 .ntownships = sf.ntownships,
			                 .sources = { snames, skinds, sf.nsources } };
			if (push_build_all(&po, &mis, &warn, &chk, err) < 0 || publish_complete(&pub, err) < 0) {
				not_delivered(&pub, err);
				rc = -1;
			} else {
				publish_finish(&pub);
			}
			free(snames);
			free(skinds);
		}
	}
	if (rc == 0 && !diag_quiet)
		fprintf(stderr, "dz: pushed %zu warnings, %zu mismatches and %zu checks into %s/push\n",
		        warn.items.n, mis.items.n, chk.items.n, dir.buf);
	publish_abort(&pub);
	publish_release(&pub);
	lock_release(&lk);
	report_summary_file_release(&sf);
	findings_release(&mis);
	findings_release(&warn);
	findings_release(&chk);
	sb_release(&dir);
	sb_release(&p);
	return rc < 0 ? (err->status ? err->status : DZ_EXIT_IO) : 0;
}
