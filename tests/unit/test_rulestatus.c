/*
 * test_rulestatus.c - which rules a failed source marks (rulestatus.c),
 * table-driven: a failed source (kind, its columns or "unknown") -> the
 * exact set of rule codes that become "未执行：来源 X 不可用".  The sets are
 * worked out by hand from SPEC §4/§5: what each rule's condition reads,
 * the household fields a household source supplies (SPEC §4's household
 * row), and for household and village rules the household's township and
 * village that place the finding.  Also: which earlier reasons a failure
 * replaces, dropping the findings, and that optional reads never make a
 * rule "not evaluated".
 */
#include "check.h"
#include "findings.h"
#include "kinds.h"
#include "rules.h"
#include "rulestatus.h"
#include <stdlib.h>

/* columns: space-separated field names, or NULL = unknown */
static void columns_of(const char *names, bool col[F_COUNT])
{
	memset(col, 0, F_COUNT * sizeof *col);
	for (const char *p = names; p && *p;) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (!n)
			break;
		char f[64];
		snprintf(f, sizeof f, "%.*s", (int)n, p);
		int k = field_from_name(f);
		CHECK(k >= 0, "test bug: field %s", f);
		if (k >= 0)
			col[k] = true;
		p += n;
	}
}

/* Every rule evaluated, then one failed source; returns the codes of the
 * rules it marked, space-separated, in table order. */
static void marked(int kind, const char *cols, const char *name, char *out, size_t cap)
{
	rule_status *st = xcalloc(nrules, sizeof *st);
	for (size_t r = 0; r < nrules; r++)
		st[r].evaluated = true;
	bool col[F_COUNT];
	columns_of(cols, col);
	rulestatus_source_failed(st, kind, name, cols ? col : NULL);
	out[0] = '\0';
	char want[128];
	snprintf(want, sizeof want, "未执行：来源 %s 不可用", name);
	for (size_t r = 0; r < nrules; r++) {
		if (st[r].evaluated)
			continue;
		CHECK_STR(st[r].reason, want);
		size_t l = strlen(out);
		snprintf(out + l, cap - l, "%s%s", l ? " " : "", rules[r].code);
	}
	free(st);
}

#define HH_LJ "LJ02 LJ03 LJ13 LJ14 LJ15 LJ18 LJ19"   /* LJ household rules: the place */
#define HH_ALL "ZZ13 ZZ14 ZS01 ZS02 ZS03 ZS04 ZS05 YJ02 YJ03 YJ06 YJ07 YJ08 " HH_LJ
#define ROSTER_ALL "ZZ01 ZZ02 ZZ03 ZZ04 ZZ05 ZZ06 ZZ07 ZZ08 ZZ09 ZZ10 ZZ11 ZZ12 ZZ13 ZZ14 ZZ15 " \
	"ZS01 ZS02 ZS03 ZS04 ZS05 YJ01 YJ02 YJ03 YJ04 YJ05 YJ06 YJ07 YJ08 " \
	"LJ01 LJ02 LJ03 LJ04 LJ05 LJ06 LJ07 LJ08 LJ09 LJ10 LJ11 LJ12 LJ13 LJ14 LJ15 LJ16 LJ17 LJ18 LJ19"

TEST(failed_source_marks_its_readers)
{
	static const struct {
		int kind;
		const char *cols;    /* NULL: the source failed before its header */
		const char *want;
	} c[] = {
		/* household: every rule reading a household-level field */
		{ KIND_HOUSEHOLD, NULL, HH_ALL },
		{ KIND_HOUSEHOLD, "household_id township village household_type monitor_type risk_cleared "
		  "income_pc income_pc_prev no_labor_household water_safe dangerous_house monitor_date", HH_ALL },
		/* only the columns it has */
		{ KIND_HOUSEHOLD, "household_id income_pc", "ZS02 YJ06 YJ07 LJ15" },
		{ KIND_HOUSEHOLD, "household_id income_pc_prev", "YJ07" },
		{ KIND_HOUSEHOLD, "household_id income_pc income_pc_prev", "ZS02 YJ06 YJ07 LJ15" },
		{ KIND_HOUSEHOLD, "household_id risk_cleared", "ZZ14 ZS05 YJ02 YJ03 YJ06 LJ13 LJ14 LJ15" },
		{ KIND_HOUSEHOLD, "household_id monitor_type", "ZZ14 YJ02 YJ03 YJ06 LJ15" },
		{ KIND_HOUSEHOLD, "household_id water_safe", "ZZ13 ZS04 LJ14" },
		{ KIND_HOUSEHOLD, "household_id dangerous_house", "ZS03 LJ14" },
		{ KIND_HOUSEHOLD, "household_id no_labor_household", "ZZ14" },
		/* the household's place: household and village rules (LJ19 reads
		 * the members' own places too, which no household source spoils) */
		{ KIND_HOUSEHOLD, "household_id township", "ZZ13 ZZ14 ZS01 ZS02 ZS03 ZS04 ZS05 YJ06 YJ07 YJ08 " HH_LJ },
		{ KIND_HOUSEHOLD, "household_id village", "ZZ13 ZZ14 ZS01 ZS02 ZS03 ZS04 ZS05 YJ06 YJ07 YJ08 " HH_LJ },
		{ KIND_HOUSEHOLD, "household_id household_type monitor_date", "LJ13" },
		{ KIND_HOUSEHOLD, "household_id cleared_date", "LJ13" },
		{ KIND_HOUSEHOLD, "household_id household_type", "" },
		/* the roster: everything but the DQ rows (YJ01's threshold and
		 * ZZ15's 在册 need roster membership) */
		{ KIND_ROSTER, NULL, ROSTER_ALL },
		{ KIND_ROSTER, "id name", ROSTER_ALL },
		/* departments: their rules, and ZZ12 when they have names */
		{ KIND_DIBAO, NULL, "ZZ03 ZZ04 ZZ12 ZZ15 YJ02" },
		{ KIND_DIBAO, "id status start_date", "ZZ03 ZZ04 ZZ15 YJ02" },
		{ KIND_TEKUN, "id name status", "ZZ05 ZZ06 ZZ12 ZZ15 YJ02" },
		{ KIND_RELIEF, "id date", "YJ03" },
		{ KIND_DEATH, "id name date", "ZZ07 ZZ12 ZZ15" },
		{ KIND_MED_ENROLL, NULL, "ZZ01 ZZ02 ZZ12" },
		{ KIND_MED_CLAIMS, "id date oop", "YJ01" },
		{ KIND_EMPLOYMENT, "id name status", "ZZ10 ZZ11 ZZ12 YJ05" },
		{ KIND_SCHOOL, "id status", "ZZ08 ZZ09 YJ04" },
		{ KIND_WATER, NULL, "ZZ13 YJ08" },
		{ KIND_SURVEY, NULL, "ZS01 ZS02 ZS03 ZS04 ZS05" },
		/* a record stream whose kind is unknown: nothing of it reached the join */
		{ -1, NULL, "" },
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		char got[512];
		marked(c[i].kind, c[i].cols, "来源甲", got, sizeof got);
		CHECK(!strcmp(got, c[i].want), "%s [%s]: marked '%s', want '%s'",
		      c[i].kind >= 0 ? kinds[c[i].kind].name : "?", c[i].cols ? c[i].cols : "unknown", got, c[i].want);
	}
}

TEST(which_reasons_a_failure_replaces)
{
	rule_status *st = xcalloc(nrules, sizeof *st);
	int zs02 = rule_index("ZS02"), yj06 = rule_index("YJ06"), yj07 = rule_index("YJ07");
	int zz14 = rule_index("ZZ14"), dq13 = rule_index("DQ13"), zz01 = rule_index("ZZ01");
	for (size_t r = 0; r < nrules; r++)
		st[r].evaluated = true;
	/* a source that never reached the join reads as missing there */
	st[zs02].evaluated = false;
	snprintf(st[zs02].reason, sizeof st[zs02].reason, "未执行：缺少字段 roster.income_pc");
	st[yj07].evaluated = false;
	snprintf(st[yj07].reason, sizeof st[yj07].reason, "未执行：缺少来源 household");
	/* another reason stands */
	st[yj06].evaluated = false;
	snprintf(st[yj06].reason, sizeof st[yj06].reason, "未执行：未配置 income_line.2024");
	rulestatus_source_failed(st, KIND_HOUSEHOLD, "户表", NULL);
	CHECK_STR(st[zs02].reason, "未执行：来源 户表 不可用");
	CHECK_STR(st[yj07].reason, "未执行：来源 户表 不可用");
	CHECK_STR(st[yj06].reason, "未执行：未配置 income_line.2024");
	CHECK_STR(st[zz14].reason, "未执行：来源 户表 不可用");
	CHECK(st[zz01].evaluated, "ZZ01 does not read the household source");
	/* the first failed source a rule reads names it */
	rulestatus_source_failed(st, KIND_ROSTER, "花名册", NULL);
	CHECK_STR(st[zz14].reason, "未执行：来源 户表 不可用");
	CHECK_STR(st[zz01].reason, "未执行：来源 花名册 不可用");
	/* DQ rows are counted as rows are read: never marked */
	rulestatus_source_failed(st, KIND_SURVEY, "核查", NULL);
	CHECK(st[dq13].evaluated, "DQ13 stays evaluated");
	free(st);
}

TEST(drop_findings_of_marked_rules)
{
	rule_status *st = xcalloc(nrules, sizeof *st);
	for (size_t r = 0; r < nrules; r++)
		st[r].evaluated = true;
	findings m, w;
	findings_init(&m);
	findings_init(&w);
	const char *codes[] = { "ZZ01", "ZS02", "ZZ14", "ZZ03", "YJ07", "YJ01", "YJ06" };
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		finding f;
		memset(&f, 0, sizeof f);
		f.rule = rule_index(codes[i]);
		f.id = f.name = f.township = f.village = f.household_id = "";
		f.sys_value = f.dept_value = f.source = f.loc = f.note = "";
		findings_add(rules[f.rule].family == FAM_YJ ? &w : &m, &f);
	}
	rulestatus_source_failed(st, KIND_HOUSEHOLD, "household", NULL);
	rulestatus_drop_findings(st, &m, &w, NULL);
	CHECK_INT(m.items.n, 2);
	CHECK_INT(w.items.n, 1);
	if (m.items.n == 2) {
		CHECK_STR(rules[m.items.v[0].rule].code, "ZZ01");
		CHECK_STR(rules[m.items.v[1].rule].code, "ZZ03");
	}
	if (w.items.n == 1)
		CHECK_STR(rules[w.items.v[0].rule].code, "YJ01");
	findings_release(&m);
	findings_release(&w);
	free(st);
}

/* Optional reads (the household's place, risk_cleared, roster membership)
 * never make a rule "not evaluated". */
TEST(optional_reads_are_not_required)
{
	rule_inputs in;
	rulestatus_inputs_init(&in);
	bool col[F_COUNT];
	columns_of("id household_id income_pc income_pc_prev monitor_type water_safe dangerous_house "
	           "no_labor_household village", col);     /* no township, no risk_cleared */
	rulestatus_inputs_add(&in, KIND_ROSTER, col);
	columns_of("household_id household_size income_pc dangerous_house water_safe", col);
	rulestatus_inputs_add(&in, KIND_SURVEY, col);
	columns_of("id date oop", col);
	rulestatus_inputs_add(&in, KIND_MED_CLAIMS, col);
	static const char *run[] = { "ZS01", "ZS02", "ZS03", "ZS04", "YJ06", "YJ07", "YJ01" };
	for (size_t i = 0; i < sizeof run / sizeof run[0]; i++) {
		rule_status st;
		rulestatus_check(&in, (size_t)rule_index(run[i]), true, 2024, &st);
		CHECK(st.evaluated, "%s not evaluated: %s", run[i], st.reason);
	}
	/* required ones still are: ZS05 needs risk_cleared; a household
	 * source's column counts for the roster */
	rule_status st;
	rulestatus_check(&in, (size_t)rule_index("ZS05"), true, 2024, &st);
	CHECK_STR(st.reason, "未执行：缺少字段 roster.risk_cleared");
	columns_of("household_id risk_cleared", col);
	rulestatus_inputs_add(&in, KIND_HOUSEHOLD, col);
	rulestatus_check(&in, (size_t)rule_index("ZS05"), true, 2024, &st);
	CHECK(st.evaluated, "ZS05 with a household risk_cleared: %s", st.reason);
	/* YJ01 without a roster */
	rule_inputs in2;
	rulestatus_inputs_init(&in2);
	columns_of("id date oop", col);
	rulestatus_inputs_add(&in2, KIND_MED_CLAIMS, col);
	rulestatus_check(&in2, (size_t)rule_index("YJ01"), true, 2024, &st);
	CHECK(st.evaluated, "YJ01 without a roster: %s", st.reason);
}

int main(void)
{
	RUN(failed_source_marks_its_readers);
	RUN(which_reasons_a_failure_replaces);
	RUN(drop_findings_of_marked_rules);
	RUN(optional_reads_are_not_required);
	return check_done();
}
