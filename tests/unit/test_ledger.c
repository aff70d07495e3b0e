/*
 * test_ledger.c - the ledger's pieces that need no run: the migration path
 * (ledger_migrate on hand-made steps: an empty database, an older one, a
 * failing step rolled back, a newer one refused), 线索编号 of every scope
 * (findkey_format, keys written out by hand from SPEC §8), and the states
 * without a ledger (every finding 新增, dates from the run date).
 */
#include "check.h"
#include "findkey.h"
#include "ledger.h"
#include "rules.h"
#include <sqlite3.h>
#include <stdlib.h>

static int version(sqlite3 *db)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

static int tables(sqlite3 *db)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'", -1, &st, NULL);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	return n;
}

TEST(migration)
{
	static const char *const steps[] = {
		"CREATE TABLE a (x); INSERT INTO a VALUES (1);",
		"CREATE TABLE b (y); INSERT INTO b SELECT x + 1 FROM a;",
	};
	static const char *const bad[] = {
		"CREATE TABLE a (x); INSERT INTO a VALUES (1);",
		"CREATE TABLE b (y); INSERT INTO nosuch VALUES (1);",
	};
	sqlite3 *db;
	dzerr err = { 0 };
	/* an empty database: every step, one transaction */
	sqlite3_open(":memory:", &db);
	CHECK(ledger_migrate(db, "mem", steps, 2, &err) == 0, "%s", err.msg);
	CHECK_INT(version(db), 2);
	CHECK_INT(tables(db), 2);
	/* again: nothing to do */
	CHECK(ledger_migrate(db, "mem", steps, 2, &err) == 0, "%s", err.msg);
	CHECK_INT(tables(db), 2);
	sqlite3_close(db);
	/* an older database (version 1): only the step from 1 to 2 */
	sqlite3_open(":memory:", &db);
	sqlite3_exec(db, "CREATE TABLE a (x); INSERT INTO a VALUES (41); PRAGMA user_version = 1;", NULL, NULL, NULL);
	CHECK(ledger_migrate(db, "mem", steps, 2, &err) == 0, "%s", err.msg);
	CHECK_INT(version(db), 2);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db, "SELECT y FROM b", -1, &st, NULL);
	CHECK(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 42, "step 2 ran on the old data");
	sqlite3_finalize(st);
	sqlite3_close(db);
	/* a failing step: the whole migration rolls back */
	sqlite3_open(":memory:", &db);
	CHECK(ledger_migrate(db, "mem", bad, 2, &err) < 0, "a failing step fails");
	CHECK_INT(err.status, DZ_EXIT_IO);
	CHECK_INT(version(db), 0);
	CHECK_INT(tables(db), 0);
	sqlite3_close(db);
	/* a newer database: refused, exit 2 */
	sqlite3_open(":memory:", &db);
	sqlite3_exec(db, "PRAGMA user_version = 3", NULL, NULL, NULL);
	err = (dzerr){ 0 };
	CHECK(ledger_migrate(db, "x.sqlite", steps, 2, &err) < 0, "newer refused");
	CHECK_INT(err.status, DZ_EXIT_USAGE);
	CHECK(strstr(err.msg, "ledger 'x.sqlite' has schema version 3, newer than this dz") != NULL, "%s", err.msg);
	sqlite3_close(db);
	/* version 0 with someone else's tables: not a ledger */
	sqlite3_open(":memory:", &db);
	sqlite3_exec(db, "CREATE TABLE t (a)", NULL, NULL, NULL);
	err = (dzerr){ 0 };
	CHECK(ledger_migrate(db, "t.db", steps, 2, &err) < 0, "foreign tables refused");
	CHECK_INT(err.status, DZ_EXIT_USAGE);
	sqlite3_close(db);
}

static finding mk(const char *rule, const char *twp, const char *vil, const char *hid,
                  const char *id, const char *source)
{
	finding x;
	memset(&x, 0, sizeof x);
	x.rule = rule_index(rule);
	x.township = twp;
	x.village = vil;
	x.household_id = hid;
	x.id = id;
	x.name = "";
	x.sys_value = x.dept_value = x.loc = x.note = "";
	x.source = source;
	return x;
}

/* SPEC §8, keys written out by hand. */
TEST(keys)
{
	const char *names[] = { "医保结算", "dibao" };
	const char *kinds[] = { "med_claims", "dibao" };
	report_source_kinds sk = { names, kinds, 2 };
	strbuf sb;
	sb_init(&sb);
	finding x = mk("YJ01", "城关镇", "东关村", "4114241010010011", "411424198811230114", "医保结算");
	findkey_format(&sb, &x, &sk);
	CHECK_STR(sb.buf, "YJ01-411424198811230114");
	x = mk("ZZ12", "城关镇", "东关村", "4114241010010011", "411424198811230114", "医保结算");
	findkey_format(&sb, &x, &sk);
	CHECK_STR(sb.buf, "ZZ12-411424198811230114-med_claims");
	x = mk("ZS01", "城关镇", "东关村", "4114241010010011", "411424198811230114", "survey");
	findkey_format(&sb, &x, &sk);
	CHECK_STR(sb.buf, "ZS01-H4114241010010011");
	x = mk("YJ06", "城关镇", "东关村", "", "411424198811230114", "roster");
	findkey_format(&sb, &x, &sk);
	CHECK_STR(sb.buf, "YJ06-411424198811230114");
	x = mk("YJ08", "柳河镇", "王庄村", "", "", "water");
	findkey_format(&sb, &x, &sk);
	CHECK_STR(sb.buf, "YJ08-柳河镇/王庄村");
	x = mk("LJ18", "城关镇", "一村", "H1", "410101198001010118", "roster");
	findkey_format(&sb, &x, &sk);
	CHECK_STR(sb.buf, "LJ18-HH1");
	sb_release(&sb);
}

/* Without a ledger: 新增, 首次发现 = P, pushed on the run date unless
 * exempt or routed to 未知乡镇. */
TEST(states_without_ledger)
{
	findings f;
	findings_init(&f);
	finding a = mk("YJ01", "城关镇", "东关村", "1", "411424198811230114", "med_claims");
	finding b = mk("YJ01", UNKNOWN_TOWNSHIP, "", "", "411424198501309118", "med_claims");
	finding c = mk("ZZ01", "城关镇", "东关村", "1", "411424198202188758", "med_enroll");
	c.state = FSTATE_EXEMPT;
	findings_add(&f, &a);
	findings_add(&f, &b);
	findings_add(&f, &c);
	findkey_assign(&f, NULL);
	rule_status *st = calloc(nrules, sizeof *st);
	ledger_run r = { .period = "2026-10", .run_date = "2026-11-05", .verify_days = 15,
	                 .push = true, .status = st };
	findings *fs[1] = { &f };
	findings res;
	findings_init(&res);
	dzerr err = { 0 };
	CHECK(ledger_states(NULL, &r, fs, 1, &res, &err) == 0, "%s", err.msg);
	CHECK_INT(f.items.v[0].state, FSTATE_NEW);
	CHECK_STR(f.items.v[0].first_seen, "2026-10");
	CHECK_STR(f.items.v[0].push_date, "2026-11-05");
	CHECK_STR(f.items.v[0].deadline, "2026-11-20");
	CHECK_INT(f.items.v[1].state, FSTATE_NEW);
	CHECK_STR(f.items.v[1].push_date, "");
	CHECK_INT(f.items.v[2].state, FSTATE_EXEMPT);
	CHECK_STR(f.items.v[2].push_date, "");
	CHECK_STR(f.items.v[2].first_seen, "2026-10");
	CHECK_INT(res.items.n, 0);
	findings_release(&f);
	findings_release(&res);
	free(st);
}

int main(void)
{
	RUN(migration);
	RUN(keys);
	RUN(states_without_ledger);
	return check_done();
}
