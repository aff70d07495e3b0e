/*
 * ledger.c - the SQLite ledger (see ledger.h; schema in docs/ledger.md).
 *
 * Functions in call order: ledger_open (create_0600, sqlite3_open_v2,
 * ledger_migrate with the steps below, BEGIN IMMEDIATE) -> ledger_states
 * (load_previous, load_answers, then one pass over the findings and one
 * over the previous period's) -> ledger_stage (prepared INSERTs in the
 * open transaction) -> ledger_commit -> ledger_close.
 *
 * Memory: the previous period's findings in a findings collection plus a
 * sorted index; the latest answer of every answered key; nothing per
 * finding of this period beyond the strings the state step adds to its
 * collection (首次发现, dates: shared, not copied per row).
 */
#include "ledger.h"
#include "sha256.h"
#include "version.h"
#include "vocab.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* steps[v]: schema version v -> v + 1 (docs/ledger.md, "Schema"). */
static const char *const schema_steps[LEDGER_SCHEMA_VERSION] = {
	/* 0 -> 1 */
	"CREATE TABLE runs ("
	"  period TEXT PRIMARY KEY,"          /* YYYY-MM: the last complete run of a period */
	"  run_date TEXT NOT NULL,"           /* YYYY-MM-DD (--date or the system date) */
	"  dz_version TEXT NOT NULL,"
	"  verify_days INTEGER NOT NULL,"
	"  mismatches INTEGER NOT NULL, warnings INTEGER NOT NULL, checks INTEGER NOT NULL,"
	"  resolved INTEGER NOT NULL, quality INTEGER NOT NULL);"
	"CREATE TABLE run_inputs ("
	"  period TEXT NOT NULL, ordinal INTEGER NOT NULL,"
	"  source TEXT NOT NULL, kind TEXT NOT NULL, file TEXT NOT NULL,"
	"  size INTEGER, sha256 TEXT,"        /* NULL for standard input */
	"  rows_read INTEGER NOT NULL, rows_used INTEGER NOT NULL, rows_rejected INTEGER NOT NULL,"
	"  PRIMARY KEY (period, ordinal));"
	"CREATE TABLE run_rules ("
	"  period TEXT NOT NULL, rule TEXT NOT NULL,"
	"  evaluated INTEGER NOT NULL, reason TEXT NOT NULL,"
	"  PRIMARY KEY (period, rule));"
	"CREATE TABLE findings ("
	"  period TEXT NOT NULL, seq INTEGER NOT NULL,"
	"  key TEXT NOT NULL, rule TEXT NOT NULL,"
	"  township TEXT NOT NULL, village TEXT NOT NULL, household_id TEXT NOT NULL,"
	"  id TEXT NOT NULL, name TEXT NOT NULL,"
	"  sys_value TEXT NOT NULL, dept_value TEXT NOT NULL,"
	"  source TEXT NOT NULL, location TEXT NOT NULL, note TEXT NOT NULL,"
	"  state TEXT NOT NULL, first_seen TEXT NOT NULL,"
	"  pushed INTEGER NOT NULL, push_date TEXT, deadline TEXT,"
	"  PRIMARY KEY (period, seq)) WITHOUT ROWID;"
	"CREATE INDEX findings_key ON findings (key, period);"
	"CREATE TABLE answers ("
	"  seq INTEGER PRIMARY KEY,"          /* import order: the largest is the latest */
	"  key TEXT NOT NULL, period TEXT NOT NULL,"
	"  result TEXT NOT NULL, date TEXT NOT NULL, person TEXT NOT NULL,"
	"  file TEXT NOT NULL, row INTEGER NOT NULL, imported_at TEXT NOT NULL);"
	"CREATE INDEX answers_key ON answers (key);",
	/* 1 -> 2: findings keyed by (period, key, seq), without the separate
	 * key index: a run inserts its findings in key order (appending to
	 * one B-tree) and reads the previous period's back in key order */
	"CREATE TABLE findings2 ("
	"  period TEXT NOT NULL, seq INTEGER NOT NULL,"
	"  key TEXT NOT NULL, rule TEXT NOT NULL,"
	"  township TEXT NOT NULL, village TEXT NOT NULL, household_id TEXT NOT NULL,"
	"  id TEXT NOT NULL, name TEXT NOT NULL,"
	"  sys_value TEXT NOT NULL, dept_value TEXT NOT NULL,"
	"  source TEXT NOT NULL, location TEXT NOT NULL, note TEXT NOT NULL,"
	"  state TEXT NOT NULL, first_seen TEXT NOT NULL,"
	"  pushed INTEGER NOT NULL, push_date TEXT, deadline TEXT,"
	"  PRIMARY KEY (period, key, seq)) WITHOUT ROWID;"
	"INSERT INTO findings2 SELECT * FROM findings;"
	"DROP TABLE findings;"
	"ALTER TABLE findings2 RENAME TO findings;",
};

/* Results of an answer that make a finding 已核实 while its evidence stays. */
static const char *const verified_results[] = { "核实无风险", "部门数据有误", "已更正系统数据" };

/* SHA-256 of the inputs, on a thread of its own (ledger_hash_start). */
typedef struct filehash {
	char hex[65];
	long long size;
	bool hashed;             /* a regular file, read */
	dzerr err;
	int rc;
} filehash;

typedef struct answer {
	const char *key, *result, *sys, *dept;   /* sys/dept: evidence in the answer's period */
	bool have_evidence;
} answer;

struct ledger {
	sqlite3 *db;
	char *path;
	bool readonly;
	bool in_tx;
	bool older;
	char newest[16];
	char previous[16];
	findings prev;               /* the previous recorded period's findings */
	size_t *prev_order;          /* indices of prev sorted by key */
	VEC(long long) prev_seq;     /* seq of each (its primary key with period, key) */
	bool *prev_found;
	VEC(answer) answers;         /* latest answer per key, sorted by key */
	sqlite3_stmt *row_st;        /* full_row's statement */
	arena mem;
	/* the inputs' digests (ledger_hash_start .. ledger_stage) */
	const ledger_input *hin;
	filehash *hashes;
	size_t nhash;
	pthread_t hasher;
	bool hashing;
	/* the inserts, on a thread of their own (ledger_stage_start ..
	 * ledger_stage_finish) */
	const ledger_run *stage_r;
	findings *stage_fs[3];
	size_t stage_nfs, stage_nresolved;
	pthread_t stager;
	bool staging, staged;
	int stage_rc;
	dzerr stage_err;
};

static int db_fail(sqlite3 *db, const char *path, const char *what, dzerr *err)
{
	int code = db ? sqlite3_errcode(db) : SQLITE_CANTOPEN;
	int status = (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) ? DZ_EXIT_USAGE : DZ_EXIT_IO;
	return dzerr_set(err, status, "ledger '%s': %s: %s", path, what,
	                 db ? sqlite3_errmsg(db) : "out of memory");
}

static int exec(sqlite3 *db, const char *path, const char *sql, dzerr *err)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int code = sqlite3_errcode(db);
		dzerr_set(err, (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) ? DZ_EXIT_USAGE : DZ_EXIT_IO,
		          "ledger '%s': %s", path, msg ? msg : sqlite3_errstr(code));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int user_version(sqlite3 *db, int *v)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int ledger_check_version(sqlite3 *db, const char *path, dzerr *err)
{
	int v = 0;
	if (user_version(db, &v) < 0)
		return db_fail(db, path, "cannot read it", err);
	if (v > LEDGER_SCHEMA_VERSION)
		return dzerr_set(err, DZ_EXIT_USAGE, "ledger '%s' has schema version %d, newer than this dz "
		                 "(%s) knows (%d): use a newer dz, or another ledger (--ledger)", path, v,
		                 DZ_VERSION, LEDGER_SCHEMA_VERSION);
	if (v < 1)
		return dzerr_set(err, DZ_EXIT_USAGE, "'%s' is not a dz ledger (no schema version)", path);
	return 0;
}

int ledger_migrate(sqlite3 *db, const char *path, const char *const *steps, int nsteps, dzerr *err)
{
	int v = 0;
	if (user_version(db, &v) < 0)
		return db_fail(db, path, "cannot read its schema version", err);
	if (v > nsteps)
		return dzerr_set(err, DZ_EXIT_USAGE, "ledger '%s' has schema version %d, newer than this dz "
		                 "(%s) knows (%d): use a newer dz, or another ledger (--ledger)", path, v,
		                 DZ_VERSION, nsteps);
	if (v == nsteps)
		return 0;
	if (v == 0) {
		/* version 0 is an empty database only: never build on someone else's tables */
		sqlite3_stmt *st;
		int n = 0;
		if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) != SQLITE_OK)
			return db_fail(db, path, "cannot read it", err);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		if (n > 0)
			return dzerr_set(err, DZ_EXIT_USAGE, "ledger '%s' is an SQLite database but not a dz "
			                 "ledger (tables without a schema version)", path);
	}
	if (exec(db, path, "BEGIN IMMEDIATE", err) < 0)
		return -1;
	for (int s = v; s < nsteps; s++) {
		if (exec(db, path, steps[s], err) < 0) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", nsteps);
	if (exec(db, path, sql, err) < 0 || exec(db, path, "COMMIT", err) < 0) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

/* A new ledger is created 0600 before SQLite opens it (SQLite gives its
 * -wal and -shm files the database file's mode). */
static int create_0600(const char *path, dzerr *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		return dzerr_set(err, DZ_EXIT_IO, "cannot create the ledger '%s': %s", path, strerror(errno));
	}
	int rc = 0;
	if (fchmod(fd, 0600) != 0)
		rc = dzerr_set(err, DZ_EXIT_IO, "cannot set the mode of the ledger '%s': %s", path, strerror(errno));
	close(fd);
	if (rc < 0)
		unlink(path);
	return rc;
}

int ledger_open(ledger **out, const char *path, bool readonly, dzerr *err)
{
	*out = NULL;
	struct stat st;
	if (readonly && stat(path, &st) != 0)
		return 0;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return dzerr_set(err, DZ_EXIT_USAGE, "ledger '%s' is a folder, not a file", path);
	bool created = false;
	if (!readonly && stat(path, &st) != 0) {
		if (create_0600(path, err) < 0)
			return -1;
		created = true;
	}
	ledger *lg = xcalloc(1, sizeof *lg);
	lg->path = xstrdup(path);
	lg->readonly = readonly;
	findings_init(&lg->prev);
	arena_init(&lg->mem);
	int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (sqlite3_open_v2(path, &lg->db, flags, NULL) != SQLITE_OK) {
		db_fail(lg->db, path, "cannot open", err);
		goto fail;
	}
	sqlite3_busy_timeout(lg->db, 10000);
	sqlite3_extended_result_codes(lg->db, 0);
	if (!readonly) {
		if (exec(lg->db, path, "PRAGMA journal_mode = WAL", err) < 0 ||
		    exec(lg->db, path, "PRAGMA synchronous = NORMAL", err) < 0) {
			if (err->status == DZ_EXIT_IO)   /* e.g. its -shm file does not fit */
				db_fail(lg->db, path, "cannot open it", err);
			goto fail;
		}
		if (ledger_migrate(lg->db, path, schema_steps, LEDGER_SCHEMA_VERSION, err) < 0)
			goto fail;
		/* the run's one transaction: what it reads is what it replaces */
		if (exec(lg->db, path, "BEGIN IMMEDIATE", err) < 0)
			goto fail;
		lg->in_tx = true;
	} else {
		int v = 0;
		if (user_version(lg->db, &v) < 0) {
			db_fail(lg->db, path, "cannot read it", err);
			goto fail;
		}
		if (v > LEDGER_SCHEMA_VERSION) {
			dzerr_set(err, DZ_EXIT_USAGE, "ledger '%s' has schema version %d, newer than this dz "
			          "(%s) knows (%d): use a newer dz, or another ledger (--ledger)", path, v,
			          DZ_VERSION, LEDGER_SCHEMA_VERSION);
			goto fail;
		}
		if (v < LEDGER_SCHEMA_VERSION) {
			/* an empty or older ledger opened read-only: nothing to compare with */
			sqlite3_close(lg->db);
			lg->db = NULL;
		}
	}
	*out = lg;
	return 0;
fail:
	ledger_close(lg);
	if (created)
		unlink(path);
	return -1;
}

/* ---- states ---- */

static const char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? (const char *)s : "";
}

static const findings *sort_base;

static int cmp_prev(const void *a, const void *b)
{
	const finding *x = &sort_base->items.v[*(const size_t *)a];
	const finding *y = &sort_base->items.v[*(const size_t *)b];
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return *(const size_t *)a < *(const size_t *)b ? -1 : *(const size_t *)a > *(const size_t *)b;
}

static int period_query(ledger *lg, const char *sql, const char *period, char out[16], dzerr *err)
{
	sqlite3_stmt *st;
	out[0] = '\0';
	if (sqlite3_prepare_v2(lg->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(lg->db, lg->path, "cannot read it", err);
	if (period)
		sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, 16, "%s", col(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(lg->db, lg->path, "cannot read it", err);
	return 0;
}

/* The previous period's findings: what the states need (key, rule, state,
 * 首次发现, dates); the other columns only for the resolved ones
 * (full_row). */
static int load_previous(ledger *lg, dzerr *err)
{
	if (!*lg->previous)
		return 0;
	static const char sql[] =
		"SELECT key, rule, state, first_seen, pushed, push_date, deadline, seq"
		" FROM findings WHERE period = ?1";   /* in key order (the primary key) */
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(lg->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(lg->db, lg->path, "cannot read it", err);
	sqlite3_bind_text(st, 1, lg->previous, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int rule = rule_index(col(st, 1));
		if (rule < 0)
			continue;   /* a rule this dz no longer has */
		int state = finding_state_index(col(st, 2));
		bool pushed = sqlite3_column_int(st, 4) != 0;
		finding x = {
			.key = col(st, 0), .rule = rule, .state = state < 0 ? FSTATE_NEW : state,
			.first_seen = col(st, 3), .push_date = pushed ? col(st, 5) : "",
			.deadline = pushed ? col(st, 6) : "",
		};
		findings_add(&lg->prev, &x);
		VEC_PUSH(lg->prev_seq, sqlite3_column_int64(st, 7));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(lg->db, lg->path, "cannot read it", err);
	size_t n = lg->prev.items.n;
	lg->prev_order = xmalloc((n ? n : 1) * sizeof *lg->prev_order);
	lg->prev_found = xcalloc(n ? n : 1, sizeof *lg->prev_found);
	for (size_t i = 0; i < n; i++)
		lg->prev_order[i] = i;
	sort_base = &lg->prev;
	qsort(lg->prev_order, n, sizeof *lg->prev_order, cmp_prev);
	return 0;
}

static int cmp_answer(const void *a, const void *b)
{
	return strcmp(((const answer *)a)->key, ((const answer *)b)->key);
}

/* The latest answer of every answered key, with the key's evidence in the
 * period the answer belongs to. */
static int load_answers(ledger *lg, dzerr *err)
{
	static const char sql[] =
		"SELECT a.key, a.result, f.sys_value, f.dept_value, f.key IS NOT NULL"
		" FROM answers a"
		" LEFT JOIN findings f ON f.key = a.key AND f.period = a.period"
		" WHERE a.seq = (SELECT max(b.seq) FROM answers b WHERE b.key = a.key)";
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(lg->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(lg->db, lg->path, "cannot read it", err);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		answer a = {
			.key = arena_strndup(&lg->mem, col(st, 0), strlen(col(st, 0))),
			.result = arena_strndup(&lg->mem, col(st, 1), strlen(col(st, 1))),
			.sys = arena_strndup(&lg->mem, col(st, 2), strlen(col(st, 2))),
			.dept = arena_strndup(&lg->mem, col(st, 3), strlen(col(st, 3))),
			.have_evidence = sqlite3_column_int(st, 4) != 0,
		};
		/* a key found twice in that period: the first row's evidence */
		if (lg->answers.n && !strcmp(lg->answers.v[lg->answers.n - 1].key, a.key))
			continue;
		VEC_PUSH(lg->answers, a);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(lg->db, lg->path, "cannot read it", err);
	if (lg->answers.n > 1)
		qsort(lg->answers.v, lg->answers.n, sizeof *lg->answers.v, cmp_answer);
	return 0;
}

static const answer *find_answer(const ledger *lg, const char *key)
{
	size_t lo = 0, hi = lg->answers.n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(lg->answers.v[mid].key, key);
		if (c == 0)
			return &lg->answers.v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Index into prev_order of the first previous finding with this key, or
 * SIZE_MAX. */
static size_t find_prev(const ledger *lg, const char *key)
{
	size_t lo = 0, hi = lg->prev.items.n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(lg->prev.items.v[lg->prev_order[mid]].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < lg->prev.items.n && !strcmp(lg->prev.items.v[lg->prev_order[lo]].key, key))
		return lo;
	return SIZE_MAX;
}

/* The answer is one that makes a finding 已核实 while its evidence stays. */
static bool verifying(const answer *a)
{
	bool ok = false;
	for (size_t i = 0; a && i < sizeof verified_results / sizeof *verified_results; i++)
		ok |= !strcmp(a->result, verified_results[i]);
	return ok;
}

static bool same_evidence(const answer *a, const finding *x)
{
	return a->have_evidence && !strcmp(a->sys, x->sys_value) && !strcmp(a->dept, x->dept_value);
}

/* The kind part of a ZZ12 key "ZZ12-ID-KIND". */
static const char *zz12_kind(const char *key)
{
	const char *a = strchr(key, '-');
	const char *b = a ? strchr(a + 1, '-') : NULL;
	return b ? b + 1 : "";
}

/* The other columns of the previous period's finding i into x (strings
 * valid until the next full_row or sqlite3_reset of row_st). */
static int full_row(ledger *lg, size_t i, finding *x, dzerr *err)
{
	static const char sql[] =
		"SELECT township, village, household_id, id, name, sys_value, dept_value, source,"
		" location, note FROM findings WHERE period = ?1 AND key = ?2 AND seq = ?3";
	if (!lg->row_st && sqlite3_prepare_v2(lg->db, sql, -1, &lg->row_st, NULL) != SQLITE_OK)
		return db_fail(lg->db, lg->path, "cannot read it", err);
	sqlite3_stmt *st = lg->row_st;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, lg->previous, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, x->key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, lg->prev_seq.v[i]);
	if (sqlite3_step(st) != SQLITE_ROW)
		return db_fail(lg->db, lg->path, "cannot read it", err);
	x->township = col(st, 0);
	x->village = col(st, 1);
	x->household_id = col(st, 2);
	x->id = col(st, 3);
	x->name = col(st, 4);
	x->sys_value = col(st, 5);
	x->dept_value = col(st, 6);
	x->source = col(st, 7);
	x->loc = col(st, 8);
	x->note = col(st, 9);
	return 0;
}

const char *ledger_previous(const ledger *lg)
{
	return lg ? lg->previous : "";
}

const char *ledger_newest(const ledger *lg)
{
	return lg ? lg->newest : "";
}

bool ledger_older(const ledger *lg)
{
	return lg && (lg->older || lg->readonly);
}

int ledger_states(ledger *lg, const ledger_run *r, findings *const *fs, size_t nfs,
                  findings *resolved, dzerr *err)
{
	char today[11] = "", deadline[11] = "";
	int32_t d;
	if (r->run_date && parse_date(r->run_date, strlen(r->run_date), false, &d) == VAL_OK) {
		date_format(d, today);
		date_format(d + r->verify_days, deadline);
	}
	if (lg && lg->db) {
		if (period_query(lg, "SELECT max(period) FROM runs", NULL, lg->newest, err) < 0 ||
		    period_query(lg, "SELECT max(period) FROM runs WHERE period < ?1", r->period,
		                 lg->previous, err) < 0)
			return -1;
		lg->older = *lg->newest && strcmp(r->period, lg->newest) < 0;
		if (load_previous(lg, err) < 0 || load_answers(lg, err) < 0)
			return -1;
	}
	bool have = lg && lg->db;
	for (size_t k = 0; k < nfs; k++) {
		findings *f = fs[k];
		/* shared strings of this collection: one copy each, not one per row */
		const char *period = findings_keep(f, r->period);
		const char *t = findings_keep(f, today), *dl = findings_keep(f, deadline);
		for (size_t i = 0; i < f->items.n; i++) {
			finding *x = &f->items.v[i];
			size_t p = have ? find_prev(lg, x->key) : SIZE_MAX;
			const finding *pv = NULL;
			if (p != SIZE_MAX) {
				pv = &lg->prev.items.v[lg->prev_order[p]];
				for (size_t q = p; q < lg->prev.items.n &&
				     !strcmp(lg->prev.items.v[lg->prev_order[q]].key, x->key); q++)
					lg->prev_found[lg->prev_order[q]] = true;
			}
			x->first_seen = pv && *pv->first_seen ? pv->first_seen : period;
			const answer *a = have ? find_answer(lg, x->key) : NULL;
			/* verified, and the evidence changed since: pushed again */
			bool reopened = verifying(a) && !same_evidence(a, x);
			if (x->exempt)
				x->state = FSTATE_EXEMPT;   /* exempt.h: top precedence */
			if (x->state != FSTATE_EXEMPT) {
				if (verifying(a) && same_evidence(a, x))
					x->state = FSTATE_VERIFIED;
				else
					x->state = pv ? FSTATE_PERSIST : FSTATE_NEW;
			}
			x->push_date = x->deadline = "";
			if (!r->push || !finding_pushed(x->state) || !strcmp(x->township, UNKNOWN_TOWNSHIP))
				continue;
			if (x->state == FSTATE_PERSIST && *pv->push_date && !reopened) {
				/* the first push of the unbroken run stands */
				x->push_date = pv->push_date;
				x->deadline = pv->deadline;
			} else {
				x->push_date = t;
				x->deadline = dl;
			}
		}
	}
	if (!have)
		return 0;
	/* resolved: found in the previous period, not now, the rule evaluated
	 * now (ZZ12: and the key's source kind part of this run) */
	for (size_t i = 0; i < lg->prev.items.n; i++) {
		if (lg->prev_found[i])
			continue;
		const finding *pv = &lg->prev.items.v[i];
		if (!r->status[pv->rule].evaluated)
			continue;
		if (!strcmp(rules[pv->rule].code, "ZZ12")) {
			const char *kind = zz12_kind(pv->key);
			bool ran = false;
			for (size_t k = 0; k < r->nkinds && !ran; k++)
				ran = !strcmp(r->kinds[k], kind);
			if (!ran)
				continue;
		}
		finding x = *pv;
		if (full_row(lg, i, &x, err) < 0)
			return -1;
		const answer *a = find_answer(lg, pv->key);
		x.result = a ? a->result : "";
		findings_add(resolved, &x);
		sqlite3_reset(lg->row_st);
	}
	return 0;
}

/* ---- dz push ---- */

typedef struct dates {
	const char *key, *push_date, *deadline;
} dates;

static int cmp_dates(const void *a, const void *b)
{
	return strcmp(((const dates *)a)->key, ((const dates *)b)->key);
}

int ledger_recorded_dates(ledger *lg, const char *period, findings *const *fs, size_t nfs, dzerr *err)
{
	if (!lg || !lg->db)
		return 0;
	static const char sql[] =
		"SELECT key, push_date, deadline FROM findings WHERE period = ?1 AND pushed";
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(lg->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(lg->db, lg->path, "cannot read it", err);
	sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
	VEC(dates) v = { 0 };
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		dates d = {
			arena_strndup(&lg->mem, col(st, 0), strlen(col(st, 0))),
			arena_strndup(&lg->mem, col(st, 1), strlen(col(st, 1))),
			arena_strndup(&lg->mem, col(st, 2), strlen(col(st, 2))),
		};
		VEC_PUSH(v, d);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		VEC_FREE(v);
		return db_fail(lg->db, lg->path, "cannot read it", err);
	}
	if (v.n > 1)
		qsort(v.v, v.n, sizeof *v.v, cmp_dates);
	for (size_t k = 0; k < nfs; k++)
		for (size_t i = 0; i < fs[k]->items.n; i++) {
			finding *x = &fs[k]->items.v[i];
			dates want = { .key = x->key };
			const dates *d = v.n ? bsearch(&want, v.v, v.n, sizeof *v.v, cmp_dates) : NULL;
			if (d) {
				x->push_date = findings_keep(fs[k], d->push_date);
				x->deadline = findings_keep(fs[k], d->deadline);
			}
		}
	VEC_FREE(v);
	return 0;
}

/* ---- the inputs' SHA-256 ---- */

static void *hash_inputs(void *arg)
{
	ledger *lg = arg;
	for (size_t i = 0; i < lg->nhash; i++) {
		const ledger_input *in = &lg->hin[i];
		filehash *h = &lg->hashes[i];
		/* regular files only: standard input, a FIFO or a device cannot
		 * be read a second time */
		struct stat st;
		if (!in->path || !strcmp(in->path, "-") || stat(in->path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		h->hashed = true;
		h->rc = sha256_file(in->path, h->hex, &h->size, &h->err);
	}
	return NULL;
}

void ledger_hash_start(ledger *lg, const ledger_input *in, size_t n)
{
	if (!lg || lg->readonly || lg->hashes)
		return;
	lg->hin = in;
	lg->nhash = n;
	lg->hashes = xcalloc(n ? n : 1, sizeof *lg->hashes);
	lg->hashing = pthread_create(&lg->hasher, NULL, hash_inputs, lg) == 0;
	if (!lg->hashing)
		hash_inputs(lg);
}

static void hash_wait(ledger *lg)
{
	if (lg->hashing) {
		pthread_join(lg->hasher, NULL);
		lg->hashing = false;
	}
}

/* ---- recording ---- */

static int bind_text(sqlite3_stmt *st, int i, const char *s)
{
	return sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_STATIC);
}

/* A finding and its place in the reports (seq), for inserting in key order. */
typedef struct ordered {
	const finding *x;
	long long seq;
} ordered;

static int cmp_ordered(const void *a, const void *b)
{
	const ordered *p = a, *q = b;
	int c = strcmp(p->x->key, q->x->key);
	return c ? c : (p->seq > q->seq) - (p->seq < q->seq);
}

static int step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int stage(ledger *lg, const ledger_run *r, findings *const *fs, size_t nfs,
                 size_t nresolved, dzerr *err)
{
	sqlite3 *db = lg->db;
	sqlite3_stmt *st = NULL;
	int rc = 0;
	const char *what = "cannot record the run";
	static const char *const clear[] = {
		"DELETE FROM findings WHERE period = ?1", "DELETE FROM run_inputs WHERE period = ?1",
		"DELETE FROM run_rules WHERE period = ?1", "DELETE FROM runs WHERE period = ?1",
	};
	for (size_t i = 0; rc == 0 && i < sizeof clear / sizeof *clear; i++) {
		if (sqlite3_prepare_v2(db, clear[i], -1, &st, NULL) != SQLITE_OK)
			rc = -1;
		else {
			bind_text(st, 1, r->period);
			rc = step_done(st);
		}
		sqlite3_finalize(st);
		st = NULL;
	}
	/* the run */
	if (rc == 0 && sqlite3_prepare_v2(db, "INSERT INTO runs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	                                  -1, &st, NULL) != SQLITE_OK)
		rc = -1;
	if (rc == 0) {
		bind_text(st, 1, r->period);
		bind_text(st, 2, r->run_date);
		bind_text(st, 3, DZ_VERSION);
		sqlite3_bind_int(st, 4, r->verify_days);
		for (size_t k = 0; k < 3; k++)
			sqlite3_bind_int64(st, 5 + (int)k, k < nfs ? (sqlite3_int64)fs[k]->items.n : 0);
		sqlite3_bind_int64(st, 8, (sqlite3_int64)nresolved);
		sqlite3_bind_int64(st, 9, r->quality);
		rc = step_done(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	/* which rules ran */
	if (rc == 0 && sqlite3_prepare_v2(db, "INSERT INTO run_rules VALUES (?1, ?2, ?3, ?4)",
	                                  -1, &st, NULL) != SQLITE_OK)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < nrules; i++) {
		bind_text(st, 1, r->period);
		bind_text(st, 2, rules[i].code);
		sqlite3_bind_int(st, 3, r->status[i].evaluated);
		bind_text(st, 4, r->status[i].evaluated ? "" : r->status[i].reason);
		rc = step_done(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	/* every finding */
	if (rc == 0 && sqlite3_prepare_v2(db, "INSERT INTO findings VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	                                  "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
	                                  -1, &st, NULL) != SQLITE_OK)
		rc = -1;
	/* in key order: the rows append to the table's B-tree */
	size_t nall = 0;
	for (size_t k = 0; k < nfs; k++)
		nall += fs[k]->items.n;
	ordered *ord = xmalloc((nall ? nall : 1) * sizeof *ord);
	nall = 0;
	for (size_t k = 0; k < nfs; k++)
		for (size_t i = 0; i < fs[k]->items.n; i++, nall++)
			ord[nall] = (ordered){ &fs[k]->items.v[i], (long long)nall };
	qsort(ord, nall, sizeof *ord, cmp_ordered);
	for (size_t o = 0; rc == 0 && o < nall; o++) {
		{
			const finding *x = ord[o].x;
			bool pushed = *x->push_date != '\0';
			bind_text(st, 1, r->period);
			sqlite3_bind_int64(st, 2, ord[o].seq);
			bind_text(st, 3, x->key);
			bind_text(st, 4, rules[x->rule].code);
			bind_text(st, 5, x->township);
			bind_text(st, 6, x->village);
			bind_text(st, 7, x->household_id);
			bind_text(st, 8, x->id);
			bind_text(st, 9, x->name);
			bind_text(st, 10, x->sys_value);
			bind_text(st, 11, x->dept_value);
			bind_text(st, 12, x->source);
			bind_text(st, 13, x->loc);
			bind_text(st, 14, x->note);
			bind_text(st, 15, finding_state_name(x->state));
			bind_text(st, 16, x->first_seen);
			sqlite3_bind_int(st, 17, pushed);
			if (pushed) {
				bind_text(st, 18, x->push_date);
				bind_text(st, 19, x->deadline);
			} else {
				sqlite3_bind_null(st, 18);
				sqlite3_bind_null(st, 19);
			}
			rc = step_done(st);
		}
	}
	free(ord);
	sqlite3_finalize(st);
	st = NULL;
	/* every input file: name, size, SHA-256, counts (last: the digests
	 * are computed meanwhile on the hashing thread) */
	if (rc == 0 && sqlite3_prepare_v2(db, "INSERT INTO run_inputs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	                                  -1, &st, NULL) != SQLITE_OK)
		rc = -1;
	if (!lg->hashes)
		ledger_hash_start(lg, r->inputs, r->ninputs);
	hash_wait(lg);
	for (size_t i = 0; rc == 0 && i < r->ninputs; i++) {
		const ledger_input *in = &r->inputs[i];
		const filehash *h = i < lg->nhash ? &lg->hashes[i] : NULL;
		bool hashed = h && h->hashed;
		if (hashed && h->rc < 0) {
			*err = h->err;
			sqlite3_finalize(st);
			return -1;
		}
		const char *hex = hashed ? h->hex : "";
		long long size = hashed ? h->size : 0;
		bind_text(st, 1, r->period);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		bind_text(st, 3, in->source);
		bind_text(st, 4, in->kind);
		bind_text(st, 5, in->file);
		if (hashed) {
			sqlite3_bind_int64(st, 6, size);
			sqlite3_bind_text(st, 7, hex, 64, SQLITE_TRANSIENT);
		} else {
			sqlite3_bind_null(st, 6);
			sqlite3_bind_null(st, 7);
		}
		sqlite3_bind_int64(st, 8, in->read);
		sqlite3_bind_int64(st, 9, in->used);
		sqlite3_bind_int64(st, 10, in->rejected);
		rc = step_done(st);
	}
	sqlite3_finalize(st);
	/* everything onto the disk now, before OUT/P is published: a full disk
	 * fails the run here, not the commit after publishing (which then
	 * writes one page) */
	int fl = rc == 0 ? sqlite3_db_cacheflush(db) : SQLITE_OK;
	if (fl != SQLITE_OK)
		return dzerr_set(err, DZ_EXIT_IO, "ledger '%s': %s: %s", lg->path, what, sqlite3_errstr(fl));
	if (rc < 0)
		return db_fail(db, lg->path, what, err);
	return 0;
}

static void *stage_thread(void *arg)
{
	ledger *lg = arg;
	lg->stage_rc = stage(lg, lg->stage_r, lg->stage_fs, lg->stage_nfs, lg->stage_nresolved,
	                     &lg->stage_err);
	return NULL;
}

void ledger_stage_start(ledger *lg, const ledger_run *r, findings *const *fs, size_t nfs,
                        size_t nresolved)
{
	if (!lg || ledger_older(lg) || !lg->in_tx || lg->staged)
		return;
	lg->stage_r = r;
	lg->stage_nfs = nfs < 3 ? nfs : 3;
	for (size_t k = 0; k < lg->stage_nfs; k++)
		lg->stage_fs[k] = fs[k];
	lg->stage_nresolved = nresolved;
	lg->staged = true;
	lg->staging = pthread_create(&lg->stager, NULL, stage_thread, lg) == 0;
	if (!lg->staging)
		stage_thread(lg);
}

int ledger_stage_finish(ledger *lg, dzerr *err)
{
	if (!lg || !lg->staged)
		return 0;
	if (lg->staging) {
		pthread_join(lg->stager, NULL);
		lg->staging = false;
	}
	if (lg->stage_rc < 0) {
		*err = lg->stage_err;
		return -1;
	}
	return 0;
}

int ledger_stage(ledger *lg, const ledger_run *r, findings *const *fs, size_t nfs,
                 size_t nresolved, dzerr *err)
{
	ledger_stage_start(lg, r, fs, nfs, nresolved);
	return ledger_stage_finish(lg, err);
}

int ledger_commit(ledger *lg, dzerr *err)
{
	if (!lg || !lg->in_tx)
		return 0;
	if (ledger_stage_finish(lg, err) < 0)
		return -1;
	if (ledger_older(lg) || !lg->staged) {
		/* nothing was written: end the transaction without a change */
		sqlite3_exec(lg->db, "ROLLBACK", NULL, NULL, NULL);
		lg->in_tx = false;
		return 0;
	}
	if (exec(lg->db, lg->path, "COMMIT", err) < 0)
		return -1;
	lg->in_tx = false;
	return 0;
}

void ledger_close(ledger *lg)
{
	if (!lg)
		return;
	if (lg->staging)
		pthread_join(lg->stager, NULL);
	hash_wait(lg);
	free(lg->hashes);
	sqlite3_finalize(lg->row_st);
	if (lg->db) {
		if (lg->in_tx)
			sqlite3_exec(lg->db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(lg->db);
	}
	findings_release(&lg->prev);
	free(lg->prev_order);
	VEC_FREE(lg->prev_seq);
	free(lg->prev_found);
	VEC_FREE(lg->answers);
	arena_release(&lg->mem);
	free(lg->path);
	free(lg);
}
