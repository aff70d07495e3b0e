/*
 * history.c - dz history (see history.h).
 *
 * Functions in call order: history_print -> subject_forms (the subject as
 * typed and, when it is an ID number, normalized as in SPEC §3) -> the
 * findings query -> print_answers for each finding.
 * Memory: one row at a time.
 */
#include "history.h"
#include "idcard.h"
#include "ledger.h"
#include "rules.h"
#include <errno.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

static const char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? (const char *)s : "";
}

static const char *rule_name(const char *code)
{
	int r = rule_index(code);
	return r >= 0 ? rules[r].name : "";
}

static void print_answers(sqlite3_stmt *st, const char *key, const char *period, FILE *out)
{
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		fprintf(out, "\t反馈\t%s\t%s\t%s\t%s:%s\t导入 %s\n", col(st, 0), col(st, 1), col(st, 2),
		        col(st, 3), col(st, 4), col(st, 5));
	sqlite3_reset(st);
}

int history_print(const char *path, const char *subject, FILE *out, long *found, dzerr *err)
{
	*found = 0;
	struct stat sst;
	if (stat(path, &sst) != 0)
		return dzerr_set(err, DZ_EXIT_USAGE, "no ledger at '%s': %s (name it with --ledger or a "
		                 "config file)", path, strerror(errno));
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		dzerr_set(err, DZ_EXIT_IO, "ledger '%s': cannot open: %s", path,
		          db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, 10000);
	if (ledger_check_version(db, path, err) < 0) {
		sqlite3_close(db);
		return -1;
	}
	/* an ID number as typed in any of its usual forms (lower-case x,
	 * spaces, full-width digits) is looked up normalized */
	char id[32];
	size_t n = idcard_normalize(subject, strlen(subject), id, sizeof id);
	if (n != 18)
		snprintf(id, sizeof id, "%s", "");
	static const char sql[] =
		"SELECT period, key, rule, state, sys_value, dept_value, pushed, push_date, deadline,"
		" township, village, household_id, id, name, first_seen"
		" FROM findings WHERE key = ?1 OR household_id = ?1 OR (?2 <> '' AND id = ?2)"
		" ORDER BY key, period";
	static const char asql[] =
		"SELECT result, date, person, file, row, imported_at FROM answers"
		" WHERE key = ?1 AND period = ?2 ORDER BY seq";
	sqlite3_stmt *st = NULL, *ast = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, asql, -1, &ast, NULL) != SQLITE_OK) {
		dzerr_set(err, DZ_EXIT_USAGE, "ledger '%s': cannot read it: %s", path, sqlite3_errmsg(db));
		sqlite3_finalize(st);
		sqlite3_close(db);
		return -1;
	}
	sqlite3_bind_text(st, 1, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*found == 0)
			fputs("期间\t线索编号\t规则编号\t规则名称\t状态\t首次发现\t系统值\t部门值\t推送\t推送日期\t"
			      "核实时限\t乡镇\t行政村\t户编号\t姓名\t证件号码\n", out);
		bool pushed = sqlite3_column_int(st, 6) != 0;
		fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
		        col(st, 0), col(st, 1), col(st, 2), rule_name(col(st, 2)), col(st, 3), col(st, 14),
		        col(st, 4), col(st, 5), pushed ? "是" : "否", col(st, 7), col(st, 8), col(st, 9),
		        col(st, 10), col(st, 11), col(st, 13), col(st, 12));
		print_answers(ast, col(st, 1), col(st, 0), out);
		(*found)++;
	}
	int bad = rc != SQLITE_DONE;
	if (bad)
		dzerr_set(err, DZ_EXIT_IO, "ledger '%s': cannot read it: %s", path, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sqlite3_finalize(ast);
	sqlite3_close(db);
	return bad ? -1 : 0;
}
