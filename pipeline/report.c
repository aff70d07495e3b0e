/*
 * report.c - county reports (see report.h).
 *
 * Functions in call order: report_summary_prepare, report_write_findings_csv,
 * report_write_findings_xlsx, report_write_quality, report_write_summary_csv,
 * report_write_summary_xlsx, report_print_summary, report_summary_release.
 * Each writer builds rows of cell pointers and hands them to csvout (CSV,
 * through an afile) or xlsxout (XLSX, to a temporary name renamed after).
 *
 * Memory: O(rules x townships) counts, plus one cell array per XLSX table
 * (xlsxout needs the table at once; cells point into the findings).
 */
#include "report.h"
#include "afile.h"
#include "csvout.h"
#include "exempt.h"
#include "xlsxout.h"
#include "idcard.h"
#include "vocab.h"
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const report_finding_headers[REPORT_NCOLS] = {
	"线索编号", "状态", "首次发现", "规则编号", "规则名称", "乡镇", "行政村", "户编号", "姓名",
	"证件号码", "系统值", "部门值", "来源", "来源位置", "说明",
};

void report_finding_cells(const finding *x, const char *cells[REPORT_NCOLS])
{
	cells[0] = x->key;
	cells[1] = finding_state_name(x->state);
	cells[2] = x->first_seen;
	cells[3] = rules[x->rule].code;
	cells[4] = rules[x->rule].name;
	cells[5] = x->township;
	cells[6] = x->village;
	cells[7] = x->household_id;
	cells[8] = x->name;
	cells[9] = x->id;
	cells[10] = x->sys_value;
	cells[11] = x->dept_value;
	cells[12] = x->source;
	cells[13] = x->loc;
	cells[14] = x->note;
}

/* resolved.csv|xlsx: the finding columns of the last occurrence, 最后发现,
 * 核实结果 (SPEC §8). */
#define RESOLVED_NCOLS (REPORT_NCOLS + 2)
static const char *const *resolved_headers(void)
{
	static const char *h[RESOLVED_NCOLS];
	memcpy(h, report_finding_headers, sizeof report_finding_headers);
	h[REPORT_NCOLS] = "最后发现";
	h[REPORT_NCOLS + 1] = "核实结果";
	return h;
}

static void resolved_cells(const finding *x, const char *last_seen, const char **cells)
{
	report_finding_cells(x, cells);
	cells[REPORT_NCOLS] = last_seen;
	cells[REPORT_NCOLS + 1] = x->result ? x->result : "";
}

int report_write_resolved_csv(const char *path, const findings *f, const char *last_seen, dzerr *err)
{
	afile af;
	if (afile_open(&af, path, err) < 0)
		return -1;
	csvout c;
	csvout_init(&c, af.fp, true);
	csvout_row(&c, resolved_headers(), RESOLVED_NCOLS);
	const char *cells[RESOLVED_NCOLS];
	for (size_t i = 0; i < f->items.n; i++) {
		resolved_cells(&f->items.v[i], last_seen, cells);
		csvout_row(&c, cells, RESOLVED_NCOLS);
	}
	if (csvout_error(&c)) {
		afile_abort(&af);
		return dzerr_set(err, DZ_EXIT_IO, "cannot write '%s': %s", path, strerror(csvout_errno(&c)));
	}
	return afile_commit(&af, err);
}

const finding **report_all(const findings *f, size_t *n)
{
	const finding **v = xmalloc((f->items.n + 1) * sizeof *v);
	for (size_t i = 0; i < f->items.n; i++)
		v[i] = &f->items.v[i];
	*n = f->items.n;
	return v;
}

int report_write_findings_csv(const char *path, const finding *const *rows, size_t n, dzerr *err)
{
	afile af;
	if (afile_open(&af, path, err) < 0)
		return -1;
	csvout c;
	csvout_init(&c, af.fp, true);
	csvout_row(&c, report_finding_headers, REPORT_NCOLS);
	const char *cells[REPORT_NCOLS];
	for (size_t i = 0; i < n; i++) {
		report_finding_cells(rows[i], cells);
		csvout_row(&c, cells, REPORT_NCOLS);
	}
	if (csvout_error(&c)) {
		afile_abort(&af);
		return dzerr_set(err, DZ_EXIT_IO, "cannot write '%s': %s", path, strerror(csvout_errno(&c)));
	}
	return afile_commit(&af, err);
}

/* Creation time stamped into every workbook of this run (deterministic). */
static long long run_created;
/* The period printed in every workbook's page footer. */
static char run_period[16];

void report_set_period(const char *period)
{
	snprintf(run_period, sizeof run_period, "%s", period ? period : "");
}

void report_set_run_date(const char *yyyy_mm_dd)
{
	int32_t d;
	if (yyyy_mm_dd && parse_date(yyyy_mm_dd, strlen(yyyy_mm_dd), false, &d) == VAL_OK)
		run_created = (long long)d * 86400;
}

/* Write tables to path via a temporary name, renamed on success. */
static int write_xlsx(const char *path, const xlsx_table *tables, size_t nt, dzerr *err)
{
	xlsx_table t[4];
	if (nt > 4)
		BUG("write_xlsx: %zu tables", nt);
	memcpy(t, tables, nt * sizeof *t);
	if (nt && !t[0].created)
		t[0].created = run_created;
	for (size_t i = 0; i < nt; i++)
		if (!t[i].footer && *run_period)
			t[i].footer = run_period;
	strbuf tmp;
	sb_init(&tmp);
	sb_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	int rc = xlsxout_write(tmp.buf, path, t, nt, err);
	if (rc == 0 && rename(tmp.buf, path) != 0)
		rc = dzerr_set(err, DZ_EXIT_IO, "cannot write '%s': %s", path, strerror(errno));
	if (rc != 0)
		unlink(tmp.buf);
	sb_release(&tmp);
	return rc;
}

int report_write_resolved_xlsx(const char *path, const char *title, const findings *f,
                               const char *last_seen, dzerr *err)
{
	size_t n = f->items.n;
	const char **cells = xmalloc((n ? n : 1) * RESOLVED_NCOLS * sizeof *cells);
	for (size_t i = 0; i < n; i++)
		resolved_cells(&f->items.v[i], last_seen, cells + i * RESOLVED_NCOLS);
	xlsx_table t = {
		.sheet = "已消除", .title = title, .ncols = RESOLVED_NCOLS,
		.headers = resolved_headers(), .coltypes = NULL, .nrows = n, .cells = cells,
	};
	int rc = write_xlsx(path, &t, 1, err);
	free(cells);
	return rc;
}

int report_write_findings_xlsx(const char *path, const char *sheet, const char *title,
                               const finding *const *rows, size_t n, dzerr *err)
{
	const char **cells = xmalloc((n ? n : 1) * REPORT_NCOLS * sizeof *cells);
	for (size_t i = 0; i < n; i++)
		report_finding_cells(rows[i], cells + i * REPORT_NCOLS);
	xlsx_table t = {
		.sheet = sheet, .title = title, .ncols = REPORT_NCOLS,
		.headers = report_finding_headers, .coltypes = NULL,
		.nrows = n, .cells = cells,
	};
	int rc = write_xlsx(path, &t, 1, err);
	free(cells);
	return rc;
}

/* 问题排查整改台账, SPEC §9, in this order.  核实结果, 核实日期, 核实人 and
 * the 整改 columns are for the township to fill in. */
static const char *const ledger_headers[] = {
	"序号", "线索编号", "状态", "规则编号", "乡镇", "行政村", "户编号", "姓名", "证件号码",
	"对照排查内容排查出的具体问题", "核实结果", "核实日期", "核实人", "整改措施", "整改进展",
	"整改时限", "整改结果", "牵头单位", "配合单位", "责任人", "备注",
};
enum { L_SEQ, L_KEY, L_STATE, L_RULE, L_TWP, L_VIL, L_HH, L_NAME, L_ID, L_PROBLEM,
       L_RESULT, L_VDATE, L_VPERSON, L_MEASURE, L_PROGRESS, L_DEADLINE, L_OUTCOME,
       L_LEAD, L_HELP, L_RESP, L_REMARK };
#define LEDGER_NCOLS (sizeof ledger_headers / sizeof ledger_headers[0])

/* The county department in charge of each kind of source (SPEC §9,
 * 牵头单位); the roster, household and survey kinds have none: the township
 * government leads what only they show. */
static const char *const kind_unit[KIND_COUNT] = {
	[KIND_DIBAO] = "县民政局", [KIND_TEKUN] = "县民政局", [KIND_RELIEF] = "县民政局",
	[KIND_DEATH] = "县民政局", [KIND_MED_ENROLL] = "县医保局", [KIND_MED_CLAIMS] = "县医保局",
	[KIND_EMPLOYMENT] = "县人社局", [KIND_SCHOOL] = "县教育局", [KIND_WATER] = "县水利局",
};
#define TOWNSHIP_UNIT "乡镇人民政府"

const char *report_lead_unit(int rule, int source_kind)
{
	/* the first department kind among the rule's needs (rules.h); "any
	 * department" (ZZ12) is the kind of the finding's own source */
	for (size_t k = 0; k < 8 && rules[rule].needs[k].kind >= 0; k++) {
		int kind = rules[rule].needs[k].kind;
		if (kind == NEED_ANY_DEPT)
			kind = source_kind;
		if (kind >= 0 && kind < KIND_COUNT && kind_unit[kind])
			return kind_unit[kind];
	}
	return TOWNSHIP_UNIT;
}

/* Kind of the source a finding names (its 来源), or -1. */
static int source_kind_of(const finding *x, const report_source_kinds *sk)
{
	for (size_t i = 0; sk && i < sk->n; i++)
		if (!strcmp(sk->names[i], x->source))
			return kind_from_name(sk->kinds[i]);
	return -1;
}

int report_write_ledger_xlsx(const char *path, const char *title, const finding *const *rows,
                             size_t n, const char *deadline, const report_source_kinds *sk,
                             dzerr *err)
{
	const char **cells = xcalloc((n ? n : 1) * LEDGER_NCOLS, sizeof *cells);
	arena mem;
	arena_init(&mem);
	strbuf sb;
	sb_init(&sb);
	for (size_t i = 0; i < n; i++) {
		const finding *x = rows[i];
		const char **row = cells + i * LEDGER_NCOLS;
		sb_reset(&sb);
		sb_addf(&sb, "%zu", i + 1);
		row[L_SEQ] = arena_strndup(&mem, sb.buf, sb.len);
		row[L_KEY] = x->key;
		row[L_STATE] = finding_state_name(x->state);
		row[L_RULE] = rules[x->rule].code;
		row[L_TWP] = x->township;
		row[L_VIL] = x->village;
		row[L_HH] = x->household_id;
		row[L_NAME] = x->name;
		row[L_ID] = x->id;
		sb_reset(&sb);
		sb_addf(&sb, "%s %s", rules[x->rule].code, rules[x->rule].name);
		if (*x->name || *x->id)
			sb_addf(&sb, "；%s（%s）", x->name, x->id);
		if (*x->household_id)
			sb_addf(&sb, "；户编号 %s", x->household_id);
		if (*x->village)
			sb_addf(&sb, "；%s", x->village);
		sb_addf(&sb, "；系统值：%s；部门值：%s", *x->sys_value ? x->sys_value : "—",
		        *x->dept_value ? x->dept_value : "—");
		if (*x->note)
			sb_addf(&sb, "；%s", x->note);
		row[L_PROBLEM] = arena_strndup(&mem, sb.buf, sb.len);
		/* 整改时限 = 核实时限 of the finding (a 持续 finding keeps its first
		 * push's), else the run's */
		row[L_DEADLINE] = x->deadline && *x->deadline ? x->deadline : deadline;
		row[L_LEAD] = report_lead_unit(x->rule, source_kind_of(x, sk));
		row[L_HELP] = "乡镇人民政府、村委会";
		row[L_REMARK] = *x->loc ? x->loc : NULL;
	}
	xlsx_table t = {
		.sheet = "问题排查整改台账", .title = title, .ncols = LEDGER_NCOLS,
		.headers = ledger_headers, .coltypes = "nssssssssssssssssssss", .nrows = n, .cells = cells,
	};
	int rc = write_xlsx(path, &t, 1, err);
	sb_release(&sb);
	arena_release(&mem);
	free(cells);
	return rc;
}

/* quality.xlsx: the rows of quality.csv (quality.h) for people. */
int report_write_quality_xlsx(const char *path, const char *title, const quality_log *q, dzerr *err)
{
	static const char *const head[] = { "来源类型", "文件", "行号", "列", "原始值", "代码", "说明" };
	size_t n = q->items.n;
	const char **cells = xcalloc((n ? n : 1) * 7, sizeof *cells);
	char (*rowno)[24] = xcalloc(n ? n : 1, sizeof *rowno);
	for (size_t i = 0; i < n; i++) {
		const dq_finding *f = &q->items.v[i];
		const char **c = cells + i * 7;
		if (f->row > 0)
			snprintf(rowno[i], sizeof rowno[i], "%ld", f->row);
		c[0] = f->kind;
		c[1] = f->file;
		c[2] = rowno[i];
		c[3] = f->column;
		c[4] = f->raw;
		c[5] = dq_name(f->code);
		c[6] = f->note && *f->note ? f->note : dq_desc(f->code);
	}
	xlsx_table t = {
		.sheet = "数据质量", .title = title, .ncols = 7, .headers = head,
		.coltypes = "ssnssss", .nrows = n, .cells = cells,
	};
	int rc = write_xlsx(path, &t, 1, err);
	free(rowno);
	free(cells);
	return rc;
}

int report_write_quality(const char *path, const quality_log *q, dzerr *err)
{
	afile af;
	if (afile_open(&af, path, err) < 0)
		return -1;
	if (quality_write_csv(q, af.fp) < 0) {
		afile_abort(&af);
		return dzerr_set(err, DZ_EXIT_IO, "cannot write '%s': %s", path, strerror(errno));
	}
	return afile_commit(&af, err);
}

/* --- summary --- */

static int cmp_str(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	int ux = !strcmp(x, UNKNOWN_TOWNSHIP), uy = !strcmp(y, UNKNOWN_TOWNSHIP);
	if (ux != uy)
		return ux - uy;
	return strcmp(x, y);
}

static void add_town(report_summary *s, const char *t, size_t *cap)
{
	for (size_t i = 0; i < s->ntownships; i++)
		if (!strcmp(s->townships[i], t))
			return;
	if (s->ntownships == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		s->townships = xrealloc(s->townships, *cap * sizeof *s->townships);
	}
	s->townships[s->ntownships++] = t;
}

static size_t town_index(const report_summary *s, const char *t)
{
	/* townships are sorted: binary search */
	size_t lo = 0, hi = s->ntownships;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = cmp_str(&s->townships[mid], &t);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	BUG("township '%s' missing from summary", t);
}

void report_summary_prepare(report_summary *s, const char *const *extra, size_t nextra)
{
	size_t cap = 0;
	s->townships = NULL;
	s->ntownships = 0;
	for (size_t i = 0; i < nextra; i++)
		add_town(s, extra[i], &cap);
	const findings *fs[4] = { s->mismatches, s->warnings, s->checks, s->resolved };
	for (int k = 0; k < 4; k++)
		for (size_t i = 0; fs[k] && i < fs[k]->items.n; i++)
			add_town(s, fs[k]->items.v[i].township, &cap);
	if (s->ntownships > 1)
		qsort(s->townships, s->ntownships, sizeof *s->townships, cmp_str);
	size_t nt = s->ntownships ? s->ntownships : 1;
	s->counts = xcalloc(nrules * nt, sizeof *s->counts);
	s->rule_states = xcalloc(nrules * SUMMARY_NSTATES, sizeof *s->rule_states);
	s->town_states = xcalloc(nt * SUMMARY_NSTATES, sizeof *s->town_states);
	for (int k = 0; k < 4; k++)
		for (size_t i = 0; fs[k] && i < fs[k]->items.n; i++) {
			const finding *x = &fs[k]->items.v[i];
			size_t t = town_index(s, x->township);
			int st = k == 3 ? SUMMARY_RESOLVED : x->state;
			if (k < 3)
				s->counts[(size_t)x->rule * s->ntownships + t]++;
			s->rule_states[(size_t)x->rule * SUMMARY_NSTATES + (size_t)st]++;
			s->town_states[t * SUMMARY_NSTATES + (size_t)st]++;
		}
}

void report_summary_release(report_summary *s)
{
	free(s->townships);
	free(s->counts);
	free(s->rule_states);
	free(s->town_states);
	s->townships = NULL;
	s->counts = NULL;
	s->rule_states = s->town_states = NULL;
}

static const char *family_cn(enum rule_family f)
{
	switch (f) {
	case FAM_ZZ: return "账账相符";
	case FAM_ZS: return "账实相符";
	case FAM_YJ: return "预警";
	case FAM_LJ: return "逻辑校验";
	default: return "数据质量";
	}
}

/* Count of DQ findings with `code` over all sources. */
static long dq_total(const report_summary *s, int code)
{
	long t = 0;
	for (size_t i = 0; i < s->nsources; i++)
		t += s->sources[i].acct.by_code[code];
	return t;
}

/*
 * The summary as rows of strings: table 1 (rule x township), a blank row,
 * table 2 (per-source accounting).  Shared by the CSV and XLSX writers.
 */
typedef struct sumtab {
	size_t ncols;
	const char **headers;
	VEC(const char *) cells;  /* row-major */
	size_t nrows;
} sumtab;

static const char *num(arena *m, long v)
{
	char b[32];
	int n = snprintf(b, sizeof b, "%ld", v);
	return arena_strndup(m, b, (size_t)n);
}

/* 新增 持续 已核实 豁免 (finding_state order) and 已消除 */
static const char *const state_headers[SUMMARY_NSTATES] = { "新增", "持续", "已核实", "豁免", "已消除" };
#define RULE_FIXED (5 + SUMMARY_NSTATES)

static void rule_table(const report_summary *s, sumtab *t, arena *m)
{
	t->ncols = RULE_FIXED + s->ntownships;
	t->headers = arena_alloc(m, t->ncols * sizeof *t->headers);
	t->headers[0] = "规则编号";
	t->headers[1] = "规则名称";
	t->headers[2] = "类别";
	t->headers[3] = "执行情况";
	t->headers[4] = "合计";
	for (int k = 0; k < SUMMARY_NSTATES; k++)
		t->headers[5 + k] = state_headers[k];
	for (size_t j = 0; j < s->ntownships; j++)
		t->headers[RULE_FIXED + j] = s->townships[j];
	for (size_t r = 0; r < nrules; r++) {
		const rule_status *st = &s->status[r];
		bool dq = rules[r].family == FAM_DQ;
		VEC_PUSH(t->cells, rules[r].code);
		VEC_PUSH(t->cells, rules[r].name);
		VEC_PUSH(t->cells, family_cn(rules[r].family));
		VEC_PUSH(t->cells, st->evaluated ? "已执行" : arena_strndup(m, st->reason, strlen(st->reason)));
		long total = 0;
		if (dq) {
			int code = 0;
			sscanf(rules[r].code, "DQ%d", &code);
			total = (code > 0 && code < 32) ? dq_total(s, code) : 0;
		} else {
			for (size_t j = 0; j < s->ntownships; j++)
				total += s->counts[r * s->ntownships + j];
		}
		VEC_PUSH(t->cells, st->evaluated ? num(m, total) : "");
		for (int k = 0; k < SUMMARY_NSTATES; k++) {
			long v = s->rule_states[r * SUMMARY_NSTATES + (size_t)k];
			/* 已消除 counts for a rule that did not run now: nothing */
			VEC_PUSH(t->cells, (st->evaluated && !dq) ? num(m, v) : "");
		}
		for (size_t j = 0; j < s->ntownships; j++)
			VEC_PUSH(t->cells, (st->evaluated && !dq) ? num(m, s->counts[r * s->ntownships + j]) : "");
		t->nrows++;
	}
}

/* Per township: the findings by state.  (The feedback columns 已推送,
 * 已反馈, 超期未反馈, 已纳入监测, 核实率 join this table with dz feedback.) */
static void town_table(const report_summary *s, sumtab *t, arena *m)
{
	t->ncols = 2 + SUMMARY_NSTATES;
	t->headers = arena_alloc(m, t->ncols * sizeof *t->headers);
	t->headers[0] = "乡镇";
	t->headers[1] = "合计";
	for (int k = 0; k < SUMMARY_NSTATES; k++)
		t->headers[2 + k] = state_headers[k];
	for (size_t j = 0; j < s->ntownships; j++) {
		const long *v = s->town_states + j * SUMMARY_NSTATES;
		VEC_PUSH(t->cells, s->townships[j]);
		VEC_PUSH(t->cells, num(m, v[0] + v[1] + v[2] + v[3]));
		for (int k = 0; k < SUMMARY_NSTATES; k++)
			VEC_PUSH(t->cells, num(m, v[k]));
		t->nrows++;
	}
}

static const char *const source_headers[] = {
	"来源", "类型", "文件", "读入行数", "使用行数", "拒收行数", "表尾行数", "拒收比例(%)", "数据质量问题", "状态",
};
#define SOURCE_NCOLS (sizeof source_headers / sizeof source_headers[0])

static void source_table(const report_summary *s, sumtab *t, arena *m)
{
	t->ncols = SOURCE_NCOLS;
	t->headers = (const char **)source_headers;
	strbuf sb;
	sb_init(&sb);
	for (size_t i = 0; i < s->nsources; i++) {
		const report_source *src = &s->sources[i];
		VEC_PUSH(t->cells, src->name);
		VEC_PUSH(t->cells, src->kind);
		if (src->acct.sheet[0]) {   /* the sheet read, when not the first (SPEC §4) */
			sb_reset(&sb);
			sb_addf(&sb, "%s（工作表 %s）", src->file, src->acct.sheet);
			VEC_PUSH(t->cells, arena_strndup(m, sb.buf, sb.len));
		} else {
			VEC_PUSH(t->cells, src->file);
		}
		VEC_PUSH(t->cells, num(m, src->acct.read));
		VEC_PUSH(t->cells, num(m, src->acct.used));
		VEC_PUSH(t->cells, num(m, src->acct.rejected));
		VEC_PUSH(t->cells, num(m, src->acct.footer));
		sb_reset(&sb);
		long recs = src->acct.read - src->acct.footer;   /* footer rows do not count */
		sb_addf(&sb, "%.2f", recs > 0 ? 100.0 * (double)src->acct.rejected / (double)recs : 0.0);
		VEC_PUSH(t->cells, arena_strndup(m, sb.buf, sb.len));
		sb_reset(&sb);
		for (int c = 1; c < DQ_COUNT; c++)
			if (src->acct.by_code[c])
				sb_addf(&sb, "%s%s %ld", sb.len ? "、" : "", dq_name(c), src->acct.by_code[c]);
		VEC_PUSH(t->cells, arena_strndup(m, sb.buf, sb.len));
		sb_reset(&sb);
		if (src->problem)
			sb_addf(&sb, "不可用：%s", src->problem);
		else if (src->over_threshold)
			sb_addf(&sb, "拒收比例超过 %.2f%%，本次不推送", s->max_reject_pct);
		else
			sb_adds(&sb, "正常");
		VEC_PUSH(t->cells, arena_strndup(m, sb.buf, sb.len));
		t->nrows++;
	}
	sb_release(&sb);
}

/* Table 4, only with an exemption list: its rows in force, expired and
 * not yet in force at R, and the findings it exempted (SPEC §9). */
static const char *const exempt_headers[] = {
	"豁免清单", "条目", "生效", "已过期", "未生效", "豁免线索",
};
#define EXEMPT_NCOLS (sizeof exempt_headers / sizeof exempt_headers[0])

static void exempt_table(const report_summary *s, sumtab *t, arena *m)
{
	t->ncols = EXEMPT_NCOLS;
	t->headers = (const char **)exempt_headers;
	const exempt_list *l = s->exempt;
	VEC_PUSH(t->cells, l->file);
	VEC_PUSH(t->cells, num(m, (long)l->nrows));
	VEC_PUSH(t->cells, num(m, l->in_force));
	VEC_PUSH(t->cells, num(m, l->expired));
	VEC_PUSH(t->cells, num(m, l->not_yet));
	VEC_PUSH(t->cells, num(m, l->exempted));
	t->nrows = 1;
}

int report_write_summary_csv(const char *path, const report_summary *s, dzerr *err)
{
	arena m;
	arena_init(&m);
	sumtab t1 = { 0 }, t2 = { 0 }, t3 = { 0 }, t4 = { 0 };
	rule_table(s, &t1, &m);
	source_table(s, &t2, &m);
	town_table(s, &t3, &m);
	if (s->exempt)
		exempt_table(s, &t4, &m);
	afile af;
	int rc = afile_open(&af, path, err);
	if (rc == 0) {
		csvout c;
		csvout_init(&c, af.fp, true);
		/* rule table, source table, township table, [exemption table] */
		const sumtab *ts[4] = { &t1, &t2, &t3, &t4 };
		for (int k = 0; k < (s->exempt ? 4 : 3); k++) {
			if (k)
				csvout_endrow(&c);
			csvout_row(&c, ts[k]->headers, ts[k]->ncols);
			for (size_t r = 0; r < ts[k]->nrows; r++)
				csvout_row(&c, ts[k]->cells.v + r * ts[k]->ncols, ts[k]->ncols);
		}
		if (csvout_error(&c)) {
			afile_abort(&af);
			rc = dzerr_set(err, DZ_EXIT_IO, "cannot write '%s': %s", path, strerror(csvout_errno(&c)));
		} else {
			rc = afile_commit(&af, err);
		}
	}
	VEC_FREE(t1.cells);
	VEC_FREE(t2.cells);
	VEC_FREE(t3.cells);
	VEC_FREE(t4.cells);
	arena_release(&m);
	return rc;
}

int report_write_summary_xlsx(const char *path, const report_summary *s, dzerr *err)
{
	arena m;
	arena_init(&m);
	sumtab t1 = { 0 }, t2 = { 0 }, t3 = { 0 }, t4 = { 0 };
	rule_table(s, &t1, &m);
	source_table(s, &t2, &m);
	town_table(s, &t3, &m);
	if (s->exempt)
		exempt_table(s, &t4, &m);
	strbuf ti1, ti2, ti3, ti4;
	sb_init(&ti1);
	sb_init(&ti2);
	sb_init(&ti3);
	sb_init(&ti4);
	sb_addf(&ti1, "%s 规则执行情况（按乡镇）", s->period);
	sb_addf(&ti2, "%s 数据来源读入情况", s->period);
	sb_addf(&ti3, "%s 各乡镇线索状态", s->period);
	sb_addf(&ti4, "%s 豁免清单执行情况", s->period);
	char *types1 = arena_alloc(&m, t1.ncols + 1);
	memset(types1, 'n', t1.ncols);
	memset(types1, 's', 4);
	char *types3 = arena_alloc(&m, t3.ncols + 1);
	memset(types3, 'n', t3.ncols);
	types3[0] = 's';
	xlsx_table t[4] = {
		{ .sheet = "规则汇总", .title = ti1.buf, .ncols = t1.ncols, .headers = t1.headers,
		  .coltypes = types1, .nrows = t1.nrows, .cells = t1.cells.v },
		{ .sheet = "来源读入", .title = ti2.buf, .ncols = t2.ncols, .headers = t2.headers,
		  .coltypes = "sssnnnnss", .nrows = t2.nrows, .cells = t2.cells.v },
		{ .sheet = "乡镇汇总", .title = ti3.buf, .ncols = t3.ncols, .headers = t3.headers,
		  .coltypes = types3, .nrows = t3.nrows, .cells = t3.cells.v },
		{ .sheet = "豁免清单", .title = ti4.buf, .ncols = t4.ncols, .headers = t4.headers,
		  .coltypes = "snnnnn", .nrows = t4.nrows, .cells = t4.cells.v },
	};
	int rc = write_xlsx(path, t, s->exempt ? 4 : 3, err);
	sb_release(&ti1);
	sb_release(&ti2);
	sb_release(&ti3);
	sb_release(&ti4);
	VEC_FREE(t1.cells);
	VEC_FREE(t2.cells);
	VEC_FREE(t3.cells);
	VEC_FREE(t4.cells);
	arena_release(&m);
	return rc;
}

void report_print_summary(const report_summary *s, const char *outdir)
{
	if (diag_quiet)
		return;
	fprintf(stderr, "dz: %s 对账完成：不符 %zu 条，预警 %zu 条，逻辑校验 %zu 条\n", s->period,
	        s->mismatches->items.n, s->warnings->items.n, s->checks ? s->checks->items.n : 0);
	for (size_t r = 0; r < nrules; r++) {
		if (rules[r].family == FAM_DQ)
			continue;
		if (!s->status[r].evaluated) {
			fprintf(stderr, "  %s %-s  %s\n", rules[r].code, rules[r].name, s->status[r].reason);
			continue;
		}
		long total = 0;
		for (size_t j = 0; j < s->ntownships; j++)
			total += s->counts[r * s->ntownships + j];
		fprintf(stderr, "  %s %s  %ld\n", rules[r].code, rules[r].name, total);
	}
	fprintf(stderr, "  按乡镇：");
	for (size_t j = 0; j < s->ntownships; j++) {
		long total = 0;
		for (size_t r = 0; r < nrules; r++)
			total += s->counts[r * s->ntownships + j];
		fprintf(stderr, "%s%s %ld", j ? "，" : "", s->townships[j], total);
	}
	if (s->exempt)
		fprintf(stderr, "\n  豁免清单 %s：生效 %ld 条，已过期 %ld 条，未生效 %ld 条；豁免线索 %ld 条",
		        s->exempt->file, s->exempt->in_force, s->exempt->expired, s->exempt->not_yet,
		        s->exempt->exempted);
	fprintf(stderr, "\n  报表目录：%s\n", outdir);
}

/* --- reading a findings CSV back (dz push) --- */

typedef struct readctx {
	findings *f;
	const char *cells[REPORT_NCOLS];
	strbuf field[REPORT_NCOLS];
	size_t col;
	long row;
	bool header_done;
	const char *path;
	dzerr *err;
	int failed;
} readctx;

static void rd_field(void *s, size_t n, void *data)
{
	readctx *r = data;
	if (r->col < REPORT_NCOLS) {
		sb_reset(&r->field[r->col]);
		/* undo formula neutralization: "'=" -> "=" */
		size_t skip = csvout_unneutralize(s, n);
		sb_add(&r->field[r->col], (const char *)s + skip, n - skip);
	}
	r->col++;
}

static void rd_row(int c, void *data)
{
	(void)c;
	readctx *r = data;
	size_t ncol = r->col;
	r->col = 0;
	r->row++;
	if (r->failed)
		return;
	if (!r->header_done) {
		r->header_done = true;
		if (ncol != REPORT_NCOLS || strcmp(r->field[0].buf, report_finding_headers[0])) {
			r->failed = dzerr_set(r->err, DZ_EXIT_DATA, "'%s': not a dz findings report (header)", r->path);
		}
		return;
	}
	if (ncol != REPORT_NCOLS) {
		r->failed = dzerr_set(r->err, DZ_EXIT_DATA, "'%s': row %ld: %zu fields, want %d",
		                      r->path, r->row, ncol, REPORT_NCOLS);
		return;
	}
	int rule = rule_index(r->field[3].buf);
	if (rule < 0) {
		r->failed = dzerr_set(r->err, DZ_EXIT_DATA, "'%s': row %ld: unknown rule '%s'",
		                      r->path, r->row, r->field[3].buf);
		return;
	}
	int state = finding_state_index(r->field[1].buf);
	if (state < 0) {
		r->failed = dzerr_set(r->err, DZ_EXIT_DATA, "'%s': row %ld: unknown 状态 '%s'",
		                      r->path, r->row, r->field[1].buf);
		return;
	}
	finding x = {
		.key = r->field[0].buf, .state = state, .first_seen = r->field[2].buf,
		.rule = rule, .township = r->field[5].buf, .village = r->field[6].buf,
		.household_id = r->field[7].buf, .name = r->field[8].buf, .id = r->field[9].buf,
		.sys_value = r->field[10].buf, .dept_value = r->field[11].buf,
		.source = r->field[12].buf, .loc = r->field[13].buf, .note = r->field[14].buf,
		.exempt = state == FSTATE_EXEMPT,
	};
	findings_add(r->f, &x);
}

int report_read_findings_csv(const char *path, findings *f, dzerr *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return dzerr_set(err, DZ_EXIT_IO, "cannot open '%s': %s", path, strerror(errno));
	struct csv_parser p;
	csv_init(&p, CSV_APPEND_NULL);
	readctx r = { .f = f, .path = path, .err = err };
	for (int i = 0; i < REPORT_NCOLS; i++)
		sb_init(&r.field[i]);
	char buf[65536];
	size_t n;
	bool first = true;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
		const char *s = buf;
		if (first && n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
			s += 3;  /* the BOM precedes the first quote */
			n -= 3;
		}
		first = false;
		if (csv_parse(&p, s, n, rd_field, rd_row, &r) != n) {
			r.failed = dzerr_set(err, DZ_EXIT_DATA, "'%s': %s", path, csv_strerror(csv_error(&p)));
			break;
		}
	}
	csv_fini(&p, rd_field, rd_row, &r);
	csv_free(&p);
	if (ferror(fp) && !r.failed)
		r.failed = dzerr_set(err, DZ_EXIT_IO, "cannot read '%s': %s", path, strerror(errno));
	fclose(fp);
	for (int i = 0; i < REPORT_NCOLS; i++)
		sb_release(&r.field[i]);
	return r.failed ? -1 : 0;
}

/* --- summary.csv read back (dz push) --- */

typedef struct sumrd {
	VEC(char *) row;             /* fields of the current row (owned) */
	int state;                   /* 0 before the rule table, 1 in it, 2 in the source table,
	                              * 3 in the township and exemption tables */
	int col[4];                  /* source table: 来源, 类型, 文件, 状态 */
	report_summary_file *out;
	VEC(char *) towns;
	VEC(report_read_source) srcs;
} sumrd;

static void sr_field(void *s, size_t n, void *data)
{
	sumrd *r = data;
	size_t skip = csvout_unneutralize(s, n);
	VEC_PUSH(r->row, xmemdup0((const char *)s + skip, n - skip));
}

static char *take(sumrd *r, int c)
{
	if (c < 0 || (size_t)c >= r->row.n)
		return xstrdup("");
	char *v = r->row.v[c];
	r->row.v[c] = NULL;
	return v;
}

static void sr_row(int c, void *data)
{
	(void)c;
	sumrd *r = data;
	const char *first = r->row.n ? r->row.v[0] : "";
	if (r->state == 0 && !strcmp(first, "规则编号")) {
		/* 规则编号, 规则名称, 类别, 执行情况, 合计, the states, then the
		 * townships: they follow the last fixed column */
		size_t from = 5;
		for (size_t i = 0; i < r->row.n; i++)
			if (!strcmp(r->row.v[i], "合计") || !strcmp(r->row.v[i], "已消除"))
				from = i + 1;
		for (size_t i = from; i < r->row.n; i++)
			if (*r->row.v[i])
				VEC_PUSH(r->towns, take(r, (int)i));
		r->state = 1;
	} else if (r->state == 1 && !strcmp(first, "来源")) {
		static const char *const want[4] = { "来源", "类型", "文件", "状态" };
		for (int k = 0; k < 4; k++) {
			r->col[k] = -1;
			for (size_t i = 0; i < r->row.n; i++)
				if (!strcmp(r->row.v[i], want[k]))
					r->col[k] = (int)i;
		}
		r->state = 2;
	} else if (r->state == 2 && r->row.n > 1 && !strcmp(first, "乡镇") &&
	           !strcmp(r->row.v[1], "合计")) {
		r->state = 3;   /* the township table (then the exemption table) ends the sources */
	} else if (r->state == 2 && r->row.n > 1) {
		report_read_source x = { take(r, r->col[0]), take(r, r->col[1]), take(r, r->col[2]),
		                         take(r, r->col[3]) };
		VEC_PUSH(r->srcs, x);
	}
	for (size_t i = 0; i < r->row.n; i++)
		free(r->row.v[i]);
	r->row.n = 0;
}

int report_read_summary(const char *path, report_summary_file *sf, dzerr *err)
{
	memset(sf, 0, sizeof *sf);
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return dzerr_set(err, DZ_EXIT_IO, "cannot open '%s': %s", path, strerror(errno));
	struct csv_parser p;
	csv_init(&p, 0);
	sumrd r = { .state = 0 };
	char buf[65536];
	size_t got;
	bool first = true;
	int rc = 0;
	while ((got = fread(buf, 1, sizeof buf, fp)) > 0) {
		size_t skip = first && got >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
		first = false;
		if (csv_parse(&p, buf + skip, got - skip, sr_field, sr_row, &r) != got - skip) {
			rc = dzerr_set(err, DZ_EXIT_DATA, "'%s': %s", path, csv_strerror(csv_error(&p)));
			break;
		}
	}
	if (rc == 0 && ferror(fp))
		rc = dzerr_set(err, DZ_EXIT_IO, "cannot read '%s': %s", path, strerror(errno));
	csv_fini(&p, sr_field, sr_row, &r);
	csv_free(&p);
	fclose(fp);
	for (size_t i = 0; i < r.row.n; i++)
		free(r.row.v[i]);
	VEC_FREE(r.row);
	if (rc == 0 && r.state < 2)
		rc = dzerr_set(err, DZ_EXIT_DATA, "'%s': not a dz summary (no source table)", path);
	sf->townships = r.towns.v;
	sf->ntownships = r.towns.n;
	sf->sources = r.srcs.v;
	sf->nsources = r.srcs.n;
	if (rc < 0)
		report_summary_file_release(sf);
	return rc;
}

const report_read_source *report_failed_source(const report_summary_file *sf)
{
	for (size_t i = 0; i < sf->nsources; i++)
		if (strncmp(sf->sources[i].status, "正常", strlen("正常")))
			return &sf->sources[i];
	return NULL;
}

void report_summary_file_release(report_summary_file *sf)
{
	for (size_t i = 0; i < sf->ntownships; i++)
		free(sf->townships[i]);
	for (size_t i = 0; i < sf->nsources; i++) {
		free(sf->sources[i].name);
		free(sf->sources[i].kind);
		free(sf->sources[i].file);
		free(sf->sources[i].status);
	}
	free(sf->townships);
	free(sf->sources);
	memset(sf, 0, sizeof *sf);
}
