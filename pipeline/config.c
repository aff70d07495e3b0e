/*
 * config.c - the run configuration (see config.h, docs/config.md).
 *
 * Functions in call order:
 *   config_init()        defaults
 *   config_load()        read the INI file (UTF-8, or GB18030 as Windows
 *                        Notepad saves it) and feed it to libinih through a
 *                        line-counting reader; section headers are handled
 *                        in the reader (so an empty [source x] is seen too),
 *                        keys in the handler; sources are checked at the end
 *   config_set()         one [run] key (also the --set option)
 *   config_add_source()  the command-line form (--roster, --source KIND=FILE)
 *   config_validate()    completeness: period, one roster, <= one household
 *   config_income_line() the line L for a year
 *   config_release()
 *
 * Every error names its origin ("'county.ini' line 7: key 'x': ...", or
 * "--set: key 'x': ..."), has status DZ_EXIT_USAGE, and stops the load at
 * the first problem.  Unknown sections, keys and kinds are errors (typo
 * protection).  A key given twice in one section is an error, except
 * alias.<field>, whose lists add up (so a long list may continue on an
 * indented line).  Relative paths (file, out, exemptions) resolve against the config
 * file's folder; "-" stays standard input.
 *
 * Money values are 元 converted to fen with parse_money (exact, no floating
 * point).  Memory: everything hangs off the run_config and is freed by
 * config_release(); the file is read whole (configs are small).
 */
#include "config.h"
#include "kinds.h"
#include "rules.h"
#include "vocab.h"
#include <errno.h>
#include <iconv.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void config_init(run_config *c)
{
	memset(c, 0, sizeof *c);
	c->income_line_default_fen = -1;
	c->oop_threshold_fen = 2000000;          /* 20000 元 */
	c->oop_threshold_roster_fen = 500000;    /* 5000 元 */
	c->income_drop_pct = 20;
	c->income_tolerance_pct = 10;
	c->max_reject_pct = 5;
	c->verify_days = 15;
	c->min_clear_months = 6;
}

static void source_release(source_cfg *s)
{
	free(s->name);
	free(s->file);
	free(s->encoding);
	free(s->sheet);
	free(s->record);
	for (size_t i = 0; i < s->naliases; i++)
		free((char *)s->aliases[i].alias);
	free(s->aliases);
	memset(s, 0, sizeof *s);
}

void config_release(run_config *c)
{
	free(c->config_path);
	free(c->period);
	free(c->out);
	free(c->exemptions);
	free(c->ledger);
	for (size_t i = 0; i < c->nsources; i++)
		source_release(&c->sources[i]);
	free(c->sources);
	for (size_t i = 0; i < c->ntownships; i++) {
		free(c->townships[i].alias);
		free(c->townships[i].name);
	}
	free(c->townships);
	config_init(c);
}

/* ---------------------------------------------------------------- values */

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v);
}

/* dir + "/" + path unless path is absolute, "-", or dir is empty. */
static char *resolve(const char *dir, const char *path)
{
	if (!dir || !*dir || path[0] == '/' || !strcmp(path, "-"))
		return xstrdup(path);
	strbuf sb;
	sb_init(&sb);
	sb_adds(&sb, dir);
	if (sb.len && sb.buf[sb.len - 1] != '/')
		sb_addc(&sb, '/');
	sb_adds(&sb, path);
	return sb_detach(&sb);
}

/* Whole number lo..hi, ASCII digits only; a trailing % when pct. */
static bool whole(const char *v, bool pct, int lo, int hi, int *out)
{
	size_t n = strlen(v);
	if (pct && n && v[n - 1] == '%')
		n--;
	if (n == 0 || n > 9)
		return false;
	int x = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return false;
		x = x * 10 + (v[i] - '0');
	}
	if (x < lo || x > hi)
		return false;
	*out = x;
	return true;
}

/* Percentage 0..100 with optional decimals ("2.5", "5%"). */
static bool percent(const char *v, double *out)
{
	size_t n = strlen(v);
	if (n && v[n - 1] == '%')
		n--;
	size_t digits = 0, dots = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i] >= '0' && v[i] <= '9')
			digits++;
		else if (v[i] == '.' && !dots)
			dots++;
		else
			return false;
	}
	if (!digits || n > 20)
		return false;
	char buf[24];
	memcpy(buf, v, n);
	buf[n] = '\0';
	double x = strtod(buf, NULL);
	if (!(x >= 0 && x <= 100))
		return false;
	*out = x;
	return true;
}

static bool yuan(const char *v, bool positive, int64_t *fen)
{
	int64_t f;
	if (parse_money(v, strlen(v), false, &f) != VAL_OK)
		return false;
	if (positive && f <= 0)
		return false;
	*fen = f;
	return true;
}

static int verr(dzerr *err, const char *where, const char *key, const char *what)
{
	return dzerr_set(err, DZ_EXIT_USAGE, "%s: key '%s': %s", where, key, what);
}

#define RUN_KEYS "period out income_line income_line.YYYY medical_oop_threshold " \
	"medical_oop_threshold_roster income_drop_pct income_tolerance_pct max_reject_pct verify_days " \
	"checks min_clear_months exemptions ledger"

/* [run] checks = all | none | LJ01,LJ02,... -> *skip (bit n: LJn not
 * selected); all and none in any case.  Codes are separated by commas (also ， and 、) or spaces and
 * may be written in lower case; anything but an LJ rule's code is an
 * error naming it. */
static int parse_checks(const char *v, uint32_t *skip, const char *where, const char *key,
                        dzerr *err)
{
	uint32_t all = 0;
	for (size_t r = 0; r < nrules; r++)
		if (rules[r].family == FAM_LJ)
			all |= 1u << atoi(rules[r].code + 2);
	if (!strcasecmp(v, "all")) {
		*skip = 0;
		return 0;
	}
	if (!strcasecmp(v, "none")) {
		*skip = all;
		return 0;
	}
	uint32_t sel = 0;
	size_t n = strlen(v);
	for (size_t i = 0; i < n;) {
		size_t sep = v[i] == ',' || v[i] == ' ' || v[i] == '\t' ? 1
		           : !strncmp(v + i, "，", strlen("，")) ? strlen("，")
		           : !strncmp(v + i, "、", strlen("、")) ? strlen("、") : 0;
		if (sep) {
			i += sep;
			continue;
		}
		size_t j = i;
		while (j < n && v[j] != ',' && v[j] != ' ' && v[j] != '\t' &&
		       strncmp(v + j, "，", strlen("，")) && strncmp(v + j, "、", strlen("、")))
			j++;
		char code[8];
		int r = -1;
		if (j - i < sizeof code) {
			for (size_t k = i; k < j; k++)
				code[k - i] = (char)(v[k] >= 'a' && v[k] <= 'z' ? v[k] - 'a' + 'A' : v[k]);
			code[j - i] = '\0';
			r = rule_index(code);
		}
		if (r < 0 || rules[r].family != FAM_LJ)
			return dzerr_set(err, DZ_EXIT_USAGE, "%s: key '%s': '%.*s' is not a 逻辑校验 rule "
			                 "(all, none, or codes LJ01-LJ19 separated by commas)",
			                 where, key, (int)(j - i), v + i);
		sel |= 1u << atoi(rules[r].code + 2);
		i = j;
	}
	if (!sel)
		return verr(err, where, key, "empty (all, none, or codes LJ01-LJ19 separated by commas)");
	*skip = all & ~sel;
	return 0;
}

/* One [run] key.  dir: folder for a relative `out` (NULL: as given). */
static int run_set(run_config *c, const char *key, const char *value, const char *where,
                   const char *dir, dzerr *err)
{
	const char *v = value;
	size_t vn = strlen(v);
	trim_span(&v, &vn);
	char *val = xmemdup0(v, vn);
	int rc = 0, n;
	double d;
	int64_t fen;

	if (!strcmp(key, "period")) {
		int y, m;
		if (!parse_period(val, &y, &m))
			rc = verr(err, where, key, "not a period YYYY-MM (e.g. 2024-06)");
		else
			set_str(&c->period, val);
	} else if (!strcmp(key, "out")) {
		if (!*val)
			rc = verr(err, where, key, "empty folder name");
		else {
			free(c->out);
			c->out = resolve(dir, val);
		}
	} else if (!strcmp(key, "ledger")) {
		if (!*val)
			rc = verr(err, where, key, "empty file name");
		else {
			free(c->ledger);
			c->ledger = resolve(dir, val);
		}
	} else if (!strcmp(key, "income_line")) {
		if (!yuan(val, true, &fen))
			rc = verr(err, where, key, "not an amount in yuan (元/人/年) above 0, e.g. 7800");
		else
			c->income_line_default_fen = fen;
	} else if (!strncmp(key, "income_line.", 12)) {
		int year;
		const char *ys = key + 12;
		if (strlen(ys) != 4 || !whole(ys, false, 1900, 2100, &year))
			rc = verr(err, where, key, "not income_line.YYYY with a year 1900-2100");
		else if (!yuan(val, true, &fen))
			rc = verr(err, where, key, "not an amount in yuan (元/人/年) above 0, e.g. 7800");
		else {
			size_t i;
			for (i = 0; i < c->nincome; i++)
				if (c->income_years[i] == year)
					break;
			if (i == c->nincome) {
				if (c->nincome == CONFIG_MAX_YEARS)
					rc = verr(err, where, key, "too many income_line.YYYY years");
				else
					c->income_years[c->nincome++] = year;
			}
			if (rc == 0)
				c->income_line_fen[i] = fen;
		}
	} else if (!strcmp(key, "medical_oop_threshold") || !strcmp(key, "medical_oop_threshold_roster")) {
		if (!yuan(val, false, &fen))
			rc = verr(err, where, key, "not an amount in yuan (元), e.g. 5000");
		else if (!strcmp(key, "medical_oop_threshold"))
			c->oop_threshold_fen = fen;
		else
			c->oop_threshold_roster_fen = fen;
	} else if (!strcmp(key, "income_drop_pct") || !strcmp(key, "income_tolerance_pct")) {
		if (!whole(val, true, 0, 100, &n))
			rc = verr(err, where, key, "not a whole number 0-100");
		else if (!strcmp(key, "income_drop_pct"))
			c->income_drop_pct = n;
		else
			c->income_tolerance_pct = n;
	} else if (!strcmp(key, "max_reject_pct")) {
		if (!percent(val, &d))
			rc = verr(err, where, key, "not a percentage 0-100");
		else
			c->max_reject_pct = d;
	} else if (!strcmp(key, "checks")) {
		rc = parse_checks(val, &c->lj_skip, where, key, err);
	} else if (!strcmp(key, "min_clear_months")) {
		if (!whole(val, false, 1, 120, &n))
			rc = verr(err, where, key, "not a whole number of months 1-120");
		else
			c->min_clear_months = n;
	} else if (!strcmp(key, "exemptions")) {
		if (!*val)
			rc = verr(err, where, key, "empty file name");
		else {
			free(c->exemptions);
			c->exemptions = resolve(dir, val);
		}
	} else if (!strcmp(key, "verify_days")) {
		if (!whole(val, false, 1, 365, &n))
			rc = verr(err, where, key, "not a whole number of days 1-365");
		else
			c->verify_days = n;
	} else {
		rc = dzerr_set(err, DZ_EXIT_USAGE, "%s: unknown key '%s' in [run] (known: %s)",
		               where, key, RUN_KEYS);
	}
	free(val);
	return rc;
}

int config_set(run_config *c, const char *key, const char *value, const char *where, dzerr *err)
{
	return run_set(c, key, value, where ? where : "--set", NULL, err);
}

int64_t config_income_line(const run_config *c, int year)
{
	for (size_t i = 0; i < c->nincome; i++)
		if (c->income_years[i] == year)
			return c->income_line_fen[i];
	return c->income_line_default_fen;
}

/* "roster household dibao ..." */
static void known_kinds(strbuf *sb)
{
	for (int k = 0; k < KIND_COUNT; k++) {
		if (k)
			sb_addc(sb, ' ');
		sb_adds(sb, kinds[k].name);
	}
}

static int unknown_kind(dzerr *err, const char *where, const char *key, const char *kind)
{
	strbuf sb;
	sb_init(&sb);
	known_kinds(&sb);
	if (key)
		dzerr_set(err, DZ_EXIT_USAGE, "%s: key '%s': unknown kind '%s' (known: %s)",
		          where, key, kind, sb.buf);
	else
		dzerr_set(err, DZ_EXIT_USAGE, "%s: unknown kind '%s' (known: %s)", where, kind, sb.buf);
	sb_release(&sb);
	return -1;
}

static bool name_taken(const run_config *c, const char *name)
{
	for (size_t i = 0; i < c->nsources; i++)
		if (!strcmp(c->sources[i].name, name))
			return true;
	return false;
}

static source_cfg *new_source(run_config *c, const char *name, int line)
{
	c->sources = xrealloc(c->sources, (c->nsources + 1) * sizeof *c->sources);
	source_cfg *s = &c->sources[c->nsources++];
	memset(s, 0, sizeof *s);
	s->name = xstrdup(name);
	s->kind = -1;
	s->line = line;
	return s;
}

int config_add_source(run_config *c, const char *kind, const char *file, const char *where,
                      dzerr *err)
{
	if (!where)
		where = "--source";
	int k = kind_from_name(kind);
	if (k < 0)
		return unknown_kind(err, where, NULL, kind);
	if (!file || !*file)
		return dzerr_set(err, DZ_EXIT_USAGE, "%s: empty file name", where);
	/* the command line overrides the config file's roster / household */
	if (k == KIND_ROSTER || k == KIND_HOUSEHOLD) {
		for (size_t i = 0; i < c->nsources;) {
			if (c->sources[i].kind == k && c->sources[i].line > 0) {
				source_release(&c->sources[i]);
				memmove(&c->sources[i], &c->sources[i + 1],
				        (c->nsources - i - 1) * sizeof *c->sources);
				c->nsources--;
			} else {
				i++;
			}
		}
	}
	strbuf name;
	sb_init(&name);
	sb_adds(&name, kind);
	for (int i = 2; name_taken(c, name.buf); i++) {
		sb_reset(&name);
		sb_addf(&name, "%s#%d", kind, i);
	}
	source_cfg *s = new_source(c, name.buf, 0);
	sb_release(&name);
	s->kind = k;
	s->file = xstrdup(file);
	return 0;
}

int config_validate(const run_config *c, dzerr *err)
{
	int y, m;
	if (!c->period)
		return dzerr_set(err, DZ_EXIT_USAGE, "no period: set period = YYYY-MM in [run] or give --period");
	if (!parse_period(c->period, &y, &m))
		return dzerr_set(err, DZ_EXIT_USAGE, "period '%s' is not YYYY-MM (month 01-12)", c->period);
	if (!c->out || !*c->out)
		return dzerr_set(err, DZ_EXIT_USAGE, "no output folder: set out in [run] or give --out");
	const source_cfg *roster = NULL, *household = NULL;
	for (size_t i = 0; i < c->nsources; i++) {
		const source_cfg *s = &c->sources[i];
		if (s->kind == KIND_ROSTER) {
			if (roster)
				return dzerr_set(err, DZ_EXIT_USAGE,
				                 "more than one roster source ('%s' and '%s'); a run has exactly one",
				                 roster->name, s->name);
			roster = s;
		} else if (s->kind == KIND_HOUSEHOLD) {
			if (household)
				return dzerr_set(err, DZ_EXIT_USAGE,
				                 "more than one household source ('%s' and '%s'); a run has at most one",
				                 household->name, s->name);
			household = s;
		}
	}
	if (!roster)
		return dzerr_set(err, DZ_EXIT_USAGE,
		                 "no roster: give --roster FILE or a [source] with kind = roster");
	return 0;
}

/* ---------------------------------------------------------------- INI file */

enum section { SEC_NONE, SEC_RUN, SEC_SOURCE, SEC_TOWNSHIPS };

typedef struct seen_key {
	int scope;           /* -1 [run], -2 [townships], else source index */
	char *key;
	int line;
} seen_key;

typedef struct pending_alias {
	size_t src;          /* source index */
	char *field;         /* field name after "alias." */
	char *list;          /* the value: aliases separated by , or ， */
	int line;
} pending_alias;

typedef struct loadctx {
	run_config *c;
	const char *path;    /* as given, for messages */
	char *dir;           /* folder of the config file, "" for the current one */
	const char *buf;     /* file contents (UTF-8) */
	size_t len, pos;
	int line;            /* physical line being parsed (1-based) */
	bool at_line_start;
	enum section sec;
	size_t src;          /* current source index when sec == SEC_SOURCE */
	VEC(seen_key) seen;
	VEC(pending_alias) aliases;
	char where[512];
	dzerr *err;
	bool failed;
} loadctx;

static void set_where(loadctx *x, int line)
{
	snprintf(x->where, sizeof x->where, "'%s' line %d", x->path, line);
}

static int fail(loadctx *x)
{
	x->failed = true;
	return 0;
}

/* A section header line "[...]": decide the section, or fail. */
static void section_header(loadctx *x, const char *p, size_t n)
{
	const char *close = memchr(p, ']', n);
	if (!close)
		return;   /* libinih reports the syntax error */
	const char *s = p + 1;
	size_t sn = (size_t)(close - s);
	trim_span(&s, &sn);
	set_where(x, x->line);
	if (sn == 3 && !memcmp(s, "run", 3)) {
		x->sec = SEC_RUN;
	} else if (sn == 9 && !memcmp(s, "townships", 9)) {
		x->sec = SEC_TOWNSHIPS;
	} else if (sn >= 6 && !memcmp(s, "source", 6) && (sn == 6 || s[6] == ' ' || s[6] == '\t')) {
		const char *nm = s + 6;
		size_t nn = sn - 6;
		trim_span(&nm, &nn);
		if (!nn) {
			dzerr_set(x->err, DZ_EXIT_USAGE, "%s: [source] needs a name, e.g. [source 医保参保]",
			          x->where);
			fail(x);
			return;
		}
		char *name = xmemdup0(nm, nn);
		for (size_t i = 0; i < x->c->nsources; i++) {
			if (!strcmp(x->c->sources[i].name, name)) {
				dzerr_set(x->err, DZ_EXIT_USAGE, "%s: [source %s] defined twice (first on line %d)",
				          x->where, name, x->c->sources[i].line);
				free(name);
				fail(x);
				return;
			}
		}
		new_source(x->c, name, x->line);
		free(name);
		x->sec = SEC_SOURCE;
		x->src = x->c->nsources - 1;
	} else {
		dzerr_set(x->err, DZ_EXIT_USAGE,
		          "%s: unknown section [%.*s] (known: [run], [source NAME], [townships])",
		          x->where, (int)sn, s);
		fail(x);
	}
}

/* libinih's fgets-like reader over the file contents, counting lines. */
static char *reader(char *str, int num, void *stream)
{
	loadctx *x = stream;
	if (x->failed || x->pos >= x->len || num < 2)
		return NULL;
	const char *p = x->buf + x->pos;
	size_t left = x->len - x->pos;
	if (x->at_line_start) {
		x->line++;
		const char *nl = memchr(p, '\n', left);
		size_t ln = nl ? (size_t)(nl - p) : left;
		const char *t = p;
		size_t tn = ln;
		while (tn && (*t == ' ' || *t == '\t'))
			t++, tn--;
		if (tn && *t == '[')
			section_header(x, t, tn);
		if (x->failed)
			return NULL;
	}
	size_t k = 0, cap = (size_t)num - 1;
	while (k < cap && k < left) {
		char ch = p[k++];
		if (ch == '\n')
			break;
	}
	memcpy(str, p, k);
	str[k] = '\0';
	x->pos += k;
	x->at_line_start = p[k - 1] == '\n';
	return str;
}

/* A key may be given once per section (alias.<field> excepted). */
static bool first_time(loadctx *x, int scope, const char *key)
{
	for (size_t i = 0; i < x->seen.n; i++) {
		if (x->seen.v[i].scope == scope && !strcmp(x->seen.v[i].key, key)) {
			dzerr_set(x->err, DZ_EXIT_USAGE, "%s: key '%s' given twice (first on line %d)",
			          x->where, key, x->seen.v[i].line);
			return false;
		}
	}
	seen_key s = { scope, xstrdup(key), x->line };
	VEC_PUSH(x->seen, s);
	return true;
}

static int source_key(loadctx *x, const char *key, const char *value)
{
	source_cfg *s = &x->c->sources[x->src];
	const char *v = value;
	size_t vn = strlen(v);
	trim_span(&v, &vn);

	if (!strncmp(key, "alias.", 6)) {
		if (!key[6]) {
			verr(x->err, x->where, key, "name a field, e.g. alias.oop = 个人自付金额");
			return fail(x);
		}
		pending_alias a = { x->src, xstrdup(key + 6), xmemdup0(v, vn), x->line };
		VEC_PUSH(x->aliases, a);
		return 1;
	}
	if (!first_time(x, (int)x->src, key))
		return fail(x);
	char *val = xmemdup0(v, vn);
	int ok = 1;
	if (!strcmp(key, "kind")) {
		s->kind = kind_from_name(val);
		if (s->kind < 0)
			ok = unknown_kind(x->err, x->where, key, val) + 1;
	} else if (!strcmp(key, "file")) {
		if (!*val)
			ok = verr(x->err, x->where, key, "empty file name") + 1;
		else
			s->file = resolve(x->dir, val);
	} else if (!strcmp(key, "encoding")) {
		if (!*val)
			ok = verr(x->err, x->where, key, "empty value (leave the key out to detect)") + 1;
		else if (strcmp(val, "auto")) {
			iconv_t cd = iconv_open("UTF-8", val);
			if (cd == (iconv_t)-1)
				ok = verr(x->err, x->where, key, "unknown encoding (e.g. UTF-8, GB18030, GBK)") + 1;
			else {
				iconv_close(cd);
				set_str(&s->encoding, val);
			}
		}
	} else if (!strcmp(key, "header_row")) {
		if (!whole(val, false, 0, 1000, &s->header_row))
			ok = verr(x->err, x->where, key, "not a row number 1-1000 (0 = find it)") + 1;
	} else if (!strcmp(key, "sheet") || !strcmp(key, "record")) {
		if (!*val)
			ok = verr(x->err, x->where, key, "empty value") + 1;
		else
			set_str(key[0] == 's' ? &s->sheet : &s->record, val);
	} else {
		dzerr_set(x->err, DZ_EXIT_USAGE, "%s: unknown key '%s' in [source %s] "
		          "(known: kind file encoding header_row sheet record alias.<field>)",
		          x->where, key, s->name);
		ok = 0;
	}
	free(val);
	return ok ? 1 : fail(x);
}

static int township_key(loadctx *x, const char *key, const char *value)
{
	run_config *c = x->c;
	strbuf a, n;
	sb_init(&a);
	sb_init(&n);
	norm_place(&a, key, strlen(key));
	norm_place(&n, value, strlen(value));
	int ok = 1;
	if (!a.len || !n.len) {
		verr(x->err, x->where, key, "want 别名 = 标准乡镇名, both not empty");
		ok = 0;
	} else if (!first_time(x, -2, a.buf)) {
		ok = 0;
	} else {
		c->townships = xrealloc(c->townships, (c->ntownships + 1) * sizeof *c->townships);
		place_alias *pa = &c->townships[c->ntownships++];
		pa->alias = sb_detach(&a);
		pa->name = sb_detach(&n);
	}
	sb_release(&a);
	sb_release(&n);
	return ok ? 1 : fail(x);
}

static int dispatch(loadctx *x, const char *name, const char *value)
{
	switch (x->sec) {
	case SEC_RUN:
		if (!first_time(x, -1, name))
			return fail(x);
		return run_set(x->c, name, value, x->where, x->dir, x->err) < 0 ? fail(x) : 1;
	case SEC_SOURCE:
		return source_key(x, name, value);
	case SEC_TOWNSHIPS:
		return township_key(x, name, value);
	default:
		dzerr_set(x->err, DZ_EXIT_USAGE, "%s: key '%s' outside a section "
		          "(start with [run], [source NAME] or [townships])", x->where, name);
		return fail(x);
	}
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	loadctx *x = user;
	(void)section;   /* tracked by the reader, which also sees empty sections */
	if (x->failed)
		return 0;
	set_where(x, x->line);
	/* libinih strips " ; comment" except on indented continuation lines */
	char *v = xstrdup(value);
	for (char *p = v; *p; p++) {
		if (*p == ';' && (p == v || p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			break;
		}
	}
	int rc = dispatch(x, name, v);
	free(v);
	return rc;
}

/* Split "别名1, 别名2，别名3" and add to the source's aliases. */
static void add_aliases(source_cfg *s, int field, const char *list)
{
	const char *p = list;
	for (;;) {
		const char *comma = strchr(p, ',');
		const char *fw = strstr(p, "\xEF\xBC\x8C");   /* ， */
		const char *end = comma;
		size_t skip = 1;
		if (fw && (!end || fw < end)) {
			end = fw;
			skip = 3;
		}
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *t = p;
		trim_span(&t, &n);
		if (n) {
			s->aliases = xrealloc(s->aliases, (s->naliases + 1) * sizeof *s->aliases);
			s->aliases[s->naliases].field = field;
			s->aliases[s->naliases].alias = xmemdup0(t, n);
			s->naliases++;
		}
		if (!end)
			break;
		p = end + skip;
	}
}

/* After the file: every source has kind and file; aliases name its fields. */
static int finish_sources(loadctx *x, size_t first)
{
	run_config *c = x->c;
	for (size_t i = first; i < c->nsources; i++) {
		source_cfg *s = &c->sources[i];
		set_where(x, s->line);
		if (s->kind < 0)
			return dzerr_set(x->err, DZ_EXIT_USAGE, "%s: [source %s]: missing key 'kind'",
			                 x->where, s->name);
		if (!s->file)
			return dzerr_set(x->err, DZ_EXIT_USAGE, "%s: [source %s]: missing key 'file'",
			                 x->where, s->name);
	}
	for (size_t i = 0; i < x->aliases.n; i++) {
		pending_alias *a = &x->aliases.v[i];
		source_cfg *s = &c->sources[a->src];
		int f = field_from_name(a->field);
		if (f < 0 || !kind_field(s->kind, (enum field)f)) {
			strbuf sb;
			sb_init(&sb);
			for (size_t j = 0; j < kinds[s->kind].nfields; j++) {
				if (j)
					sb_addc(&sb, ' ');
				sb_adds(&sb, field_name(kinds[s->kind].fields[j].field));
			}
			set_where(x, a->line);
			dzerr_set(x->err, DZ_EXIT_USAGE, "%s: key 'alias.%s': kind %s has no field '%s' (fields: %s)",
			          x->where, a->field, kinds[s->kind].name, a->field, sb.buf);
			sb_release(&sb);
			return -1;
		}
		add_aliases(s, f, a->list);
	}
	return 0;
}

/* GB18030 (what Windows Notepad saves as "ANSI" on Chinese systems) -> UTF-8. */
static char *from_gb18030(const char *in, size_t n, size_t *outn)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = 2 * n + 16;
	char *out = xmalloc(cap);
	char *ip = (char *)in, *op = out;
	size_t il = n, ol = cap - 1;
	size_t r = iconv(cd, &ip, &il, &op, &ol);
	iconv_close(cd);
	if (r == (size_t)-1 || il) {
		free(out);
		return NULL;
	}
	*outn = (size_t)(op - out);
	out[*outn] = '\0';
	return out;
}

static char *read_all(const char *path, size_t *n, dzerr *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		dzerr_set(err, DZ_EXIT_USAGE, "cannot read config '%s': %s", path, strerror(errno));
		return NULL;
	}
	strbuf sb;
	sb_init(&sb);
	char chunk[8192];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0)
		sb_add(&sb, chunk, k);
	bool bad = ferror(fp);
	int e = errno;
	fclose(fp);
	if (bad) {
		sb_release(&sb);
		dzerr_set(err, DZ_EXIT_USAGE, "cannot read config '%s': %s", path, strerror(e));
		return NULL;
	}
	*n = sb.len;
	return sb_detach(&sb);
}

int config_load(run_config *c, const char *path, dzerr *err)
{
	size_t n;
	char *text = read_all(path, &n, err);
	if (!text)
		return -1;
	const char *body = text;
	if (n >= 3 && !memcmp(body, "\xEF\xBB\xBF", 3))
		body += 3, n -= 3;
	char *conv = NULL;
	if (!utf8_valid(body, n)) {
		conv = from_gb18030(body, n, &n);
		if (!conv) {
			free(text);
			return dzerr_set(err, DZ_EXIT_USAGE, "config '%s' is neither UTF-8 nor GB18030 text", path);
		}
		body = conv;
	}

	set_str(&c->config_path, path);
	loadctx x = { .c = c, .path = path, .buf = body, .len = n, .at_line_start = true, .err = err };
	const char *slash = strrchr(path, '/');
	x.dir = slash ? xmemdup0(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup("");
	size_t first_source = c->nsources;

	/* Debian's libinih takes its settings at run time: lines of any length
	 * (a long alias list or path is not cut), stop at the first error. */
	ini_use_stack = false;
	ini_allow_realloc = true;
	ini_max_line = 1 << 20;
	ini_stop_on_first_error = true;
	int rc = ini_parse_stream(reader, &x, handler, &x);
	int ret = 0;
	if (x.failed) {
		ret = -1;
	} else if (rc > 0) {
		set_where(&x, rc);
		ret = dzerr_set(err, DZ_EXIT_USAGE, "%s: not a [section] or key = value line", x.where);
	} else if (rc < 0) {
		ret = dzerr_set(err, DZ_EXIT_IO, "cannot parse config '%s': out of memory", path);
	} else {
		ret = finish_sources(&x, first_source);
	}

	for (size_t i = 0; i < x.seen.n; i++)
		free(x.seen.v[i].key);
	VEC_FREE(x.seen);
	for (size_t i = 0; i < x.aliases.n; i++) {
		free(x.aliases.v[i].field);
		free(x.aliases.v[i].list);
	}
	VEC_FREE(x.aliases);
	free(x.dir);
	free(conv);
	free(text);
	return ret;
}
