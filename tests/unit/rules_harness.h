/*
 * rules_harness.h - hand-built scenarios for the rule tests (test_rules.c,
 * test_rules_lj.c): a join, sources fed row by row from "field=value|..."
 * text through rec_value() (the parsing ingest does, so an empty cell
 * gets its SPEC meaning), then join_eval; lookups of the findings and the
 * rules' statuses, and the YES / NO / ONCE / EVALUATED checks.
 *
 * sc_init -> sc_src (a source and its fields) -> sc_row ... -> sc_eval ->
 * YES(...) / NO(...) / fnd() -> sc_free.
 */
#ifndef DZ_RULES_HARNESS_H
#define DZ_RULES_HARNESS_H

#include "check.h"
#include "findings.h"
#include "idcard.h"
#include "join.h"
#include "join_eval.h"
#include "kinds.h"
#include "record.h"
#include "rules.h"
#include "vocab.h"
#include <stdarg.h>
#include <stdlib.h>

/* ------------------------------------------------------------ helpers */

static char idbuf[1024][19];
static int nid;

/* A valid 18-digit ID born on birth8 (YYYYMMDD) with sequence seq. */
static void mkid_to(char b[19], const char *birth8, int seq)
{
	snprintf(b, 19, "410522%s%03d", birth8, seq % 1000);
	b[17] = idcard_check_char(b);
	b[18] = '\0';
}

/* Not thread-safe (a ring of static buffers): main thread only. */
static const char *mkid(const char *birth8, int seq)
{
	char *b = idbuf[nid++ % 1024];
	mkid_to(b, birth8, seq);
	return b;
}

static const char *adult(int seq)
{
	return mkid("19800101", seq);
}

typedef struct feeder {
	rec_sink sink;
	src_info info;
	long row;
	int32_t R;
	char file[64], name[64];
	strbuf val[F_COUNT];
	int bad;                 /* a test row named an undeclared field */
} feeder;

static int field_by_name(const char *s, size_t n)
{
	for (int f = 0; f < F_COUNT; f++)
		if (strlen(field_name((enum field)f)) == n && !memcmp(field_name((enum field)f), s, n))
			return f;
	return -1;
}

/* A sink and its source's declaration, not begun yet (feeder_begin). */
static void feeder_init(feeder *fd, join *j, int kind, const char *name, const char *file,
                        const char *fields, int32_t R)
{
	memset(fd, 0, sizeof *fd);
	for (int f = 0; f < F_COUNT; f++)
		sb_init(&fd->val[f]);
	fd->R = R;
	fd->sink = join_sink(j);
	fd->info.kind = kind;
	snprintf(fd->file, sizeof fd->file, "%s", file);
	snprintf(fd->name, sizeof fd->name, "%s", name ? name : kinds[kind].name);
	fd->info.file = fd->file;
	fd->info.name = fd->name;
	fd->info.period = "";
	for (const char *p = fields; *p;) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (!n)
			break;
		int f = field_by_name(p, n);
		if (f < 0) {
			printf("#   test bug: unknown field '%.*s'\n", (int)n, p);
			fd->bad = 1;
		} else {
			fd->info.present[f] = true;
		}
		p += n;
	}
	fd->row = 1;   /* the header is row 1 */
}

static void feeder_begin(feeder *fd)
{
	fd->sink.begin(fd->sink.ctx, &fd->info);
}

static void feeder_open(feeder *fd, join *j, int kind, const char *name, const char *file,
                        const char *fields, int32_t R)
{
	feeder_init(fd, j, kind, name, file, fields, R);
	feeder_begin(fd);
}

/* Push one row; returns the sink's answer (0 used, DQ code rejected). */
static int feeder_row(feeder *fd, const char *text)
{
	const char *given[F_COUNT] = { 0 };
	size_t glen[F_COUNT] = { 0 };
	bool policy[F_COUNT] = { 0 };
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "|");
		const char *eq = memchr(p, '=', n);
		if (!eq) {
			printf("#   test bug: '%.*s'\n", (int)n, p);
			fd->bad = 1;
		} else {
			size_t kn = (size_t)(eq - p);
			bool pol = kn && p[kn - 1] == '@';
			int f = field_by_name(p, pol ? kn - 1 : kn);
			if (f < 0 || !fd->info.present[f]) {
				printf("#   test bug: field '%.*s' not declared\n", (int)kn, p);
				fd->bad = 1;
			} else {
				given[f] = eq + 1;
				glen[f] = n - kn - 1;
				policy[f] = pol;
			}
		}
		p += n;
		if (*p == '|')
			p++;
	}
	dzrec r;
	rec_clear(&r, fd->info.kind);
	r.row = ++fd->row;
	for (int f = 0; f < F_COUNT; f++) {
		if (!fd->info.present[f])
			continue;
		sb_reset(&fd->val[f]);
		int64_t num;
		int notice;
		int rc = rec_value(fd->info.kind, f, policy[f], given[f] ? given[f] : "", glen[f], false,
		                   fd->R, &fd->val[f], &num, &notice);
		if (f == F_ID && rc) {
			printf("#   test bug: ID '%.*s' rejected (%d)\n", (int)glen[f], given[f] ? given[f] : "", rc);
			fd->bad = 1;
		}
		r.v[f] = fd->val[f].buf;
		r.n[f] = (uint32_t)strlen(fd->val[f].buf);
		r.num[f] = num;
	}
	return fd->sink.record(fd->sink.ctx, &r);
}

static void feeder_close(feeder *fd)
{
	src_account a;
	memset(&a, 0, sizeof a);
	fd->sink.end(fd->sink.ctx, &fd->info, &a);
	for (int f = 0; f < F_COUNT; f++)
		sb_release(&fd->val[f]);
}

/* A scenario: one join, sources fed one after another, then evaluated. */
typedef struct sc {
	join *j;
	rule_params rp;
	int32_t R;
	feeder fd;
	bool open;
	findings mis, warn, chk;
	rule_status st[64];
	int bad;
} sc;

static const twp_alias test_alias[] = { { "城关", "城关镇" } };

#define NO_LINE (-1)

static void sc_init(sc *s, const char *period, int64_t line_fen)
{
	memset(s, 0, sizeof *s);
	int y = 0, m = 0;
	parse_period(period, &y, &m);
	join_params p = {
		.ref_days = date_month_end(y, m), .year = y, .month = m,
		.townships = test_alias, .ntownships = 1,
	};
	s->rp = (rule_params){
		.income_line_fen = line_fen,
		.oop_threshold_fen = 2000000, .oop_threshold_roster_fen = 500000,
		.income_drop_pct = 20, .income_tolerance_pct = 10,
		.min_clear_months = 6,
	};
	s->R = p.ref_days;
	s->j = join_new(&p);
	findings_init(&s->mis);
	findings_init(&s->warn);
	findings_init(&s->chk);
}

static void sc_close(sc *s)
{
	if (s->open) {
		s->bad |= s->fd.bad;
		feeder_close(&s->fd);
	}
	s->open = false;
}

static void sc_src_named(sc *s, int kind, const char *name, const char *file, const char *fields)
{
	sc_close(s);
	feeder_open(&s->fd, s->j, kind, name, file, fields, s->R);
	s->open = true;
}

static void sc_src(sc *s, int kind, const char *file, const char *fields)
{
	sc_src_named(s, kind, NULL, file, fields);
}

static int sc_row(sc *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int sc_row(sc *s, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	return feeder_row(&s->fd, line);
}

static void sc_eval(sc *s)
{
	sc_close(s);
	dzerr err;
	memset(&err, 0, sizeof err);
	CHECK(nrules <= 64, "too many rules for the test");
	CHECK(join_eval(s->j, &s->rp, &s->mis, &s->warn, &s->chk, s->st, &err) == 0, "join_eval: %s", err.msg);
	CHECK(!s->bad, "the test's rows name undeclared fields");
}

static void sc_free(sc *s)
{
	sc_close(s);
	join_free(s->j);
	findings_release(&s->mis);
	findings_release(&s->warn);
	findings_release(&s->chk);
}

static const findings *fset(const sc *s, int rule)
{
	return rules[rule].family == FAM_YJ ? &s->warn : rules[rule].family == FAM_LJ ? &s->chk : &s->mis;
}

static const finding *fnd(const sc *s, const char *code, const char *id)
{
	int r = rule_index(code);
	if (r < 0)
		return NULL;
	const findings *f = fset(s, r);
	for (size_t i = 0; i < f->items.n; i++)
		if (f->items.v[i].rule == r && !strcmp(f->items.v[i].id, id))
			return &f->items.v[i];
	return NULL;
}

static int nfind(const sc *s, const char *code, const char *id)
{
	int r = rule_index(code), n = 0;
	if (r < 0)
		return -1;
	const findings *f = fset(s, r);
	for (size_t i = 0; i < f->items.n; i++)
		if (f->items.v[i].rule == r && (!id || !strcmp(f->items.v[i].id, id)))
			n++;
	return n;
}

static bool has(const sc *s, const char *code, const char *id, const char *twp)
{
	const finding *f = fnd(s, code, id);
	return f && (!twp || !strcmp(f->township, twp));
}

static const char *twp_of(const sc *s, const char *code, const char *id)
{
	const finding *f = fnd(s, code, id);
	return f ? f->township : "(none)";
}

static const rule_status *status(const sc *s, const char *code)
{
	return &s->st[rule_index(code)];
}

#define YES(s, code, id, twp) \
	CHECK(has(s, code, id, twp), "expected %s for %s in %s (got township %s)", code, id, \
	      (twp) ? (const char *)(twp) : "*", twp_of(s, code, id))
#define NO(s, code, id) CHECK(!fnd(s, code, id), "unexpected %s for %s", code, id)
#define ONCE(s, code, id) CHECK(nfind(s, code, id) == 1, "%s for %s: %d findings, want 1", code, id, nfind(s, code, id))
#define EVALUATED(s, code) CHECK(status(s, code)->evaluated, "%s not evaluated: %s", code, status(s, code)->reason)
#define NOT_EVALUATED(s, code, why) do { \
	CHECK(!status(s, code)->evaluated, "%s evaluated", code); \
	CHECK_STR(status(s, code)->reason, why); \
} while (0)

#define ROSTER_F "id name township village household_id relation med_insured med_insured_staff dibao " \
	"tekun school_status work_status monitor_type risk_cleared no_labor_household water_safe " \
	"dangerous_house income_pc income_pc_prev"

#endif
