/*
 * kinds.c - the table of source kinds, canonical fields and built-in header
 * aliases (SPEC §4), and lookups over it (see kinds.h).
 *
 * The first alias of a field is its canonical Chinese header.  Every alias
 * SPEC §4 lists is here; after them come a few variants seen in real
 * exports (marked "variants").  A kind's fields are listed in the SPEC's
 * order, which is also the column order of the record stream.
 *
 * Functions: field_name(), field_type(), field_from_name(), kind_from_name(),
 * kind_field(); the header matcher kind_hdr_init() -> kind_hdr_add() (the
 * configured aliases, which win) -> kind_hdr_add_builtin() ->
 * kind_hdr_match() per header cell -> kind_hdr_release() compares header
 * text with aliases after norm_header() on both sides (spaces, full/half
 * width and bracket style do not matter).  A header matching no alias is
 * retried without its trailing bracketed group only when that group is a
 * unit or a date format hint (SPEC §4: 个人负担(元), 批准日期(YYYY-MM-DD),
 * 村(社区)(元) -> 村(社区)); any other bracketed text is part of the header
 * (人均纯收入（上年） is not 人均纯收入).  The match's rank tells ingest
 * which of two columns for one field wins: configured exact 4, built-in
 * exact 3, configured after dropping a unit 2, built-in after dropping 1.
 *
 * Memory: static tables; a matcher holds the normalized aliases of one kind
 * in its own arena (a few KiB).
 */
#include "kinds.h"
#include "vocab.h"
#include <string.h>

#define A(name, ...) static const char *const name[] = { __VA_ARGS__, NULL }

/* shared by several kinds */
A(a_id, "证件号码", "身份证号", "身份证号码", "公民身份号码",
  /* variants */ "身份证件号码", "公民身份证号码", "公民身份证号", "证件号", "身份证");
A(a_name, "姓名", "成员姓名", /* variants */ "人员姓名");
A(a_township, "乡镇", "乡", "乡(镇)", "乡镇(街道)",
  /* variants */ "乡镇名称", "所属乡镇", "所在乡镇", "乡镇街道", "乡(镇、街道)");
A(a_village, "行政村", "村", "村(社区)",
  /* variants */ "行政村名称", "村名称", "村名", "所属村", "所在村", "村社区");
A(a_household_id, "户编号", /* variants */ "户编码", "家庭编号");
A(a_relation, "与户主关系");
A(a_household_type, "户类型");
A(a_monitor_type, "监测对象类别");
A(a_risk_cleared, "风险是否已消除", "风险是否消除");
A(a_school_status, "在校生状况");
A(a_health_status, "健康状况");
A(a_labor_skill, "劳动技能");
A(a_work_status, "务工状况");
A(a_med_insured, "是否参加城乡居民基本医疗保险");
A(a_med_insured_staff, "是否参加城镇职工基本医疗保险");
A(a_dibao, "是否享受农村居民最低生活保障", "是否享受农村低保", "享受低保政策情况");
A(p_dibao, "享受低保政策情况");
A(a_tekun, "是否特困供养人员", "是否特困供养", "享受特困供养政策情况");
A(p_tekun, "享受特困供养政策情况");
A(a_income_pc, "人均纯收入", "家庭人均纯收入", /* variants */ "家庭年人均纯收入");
A(a_income_pc_prev, "上年人均纯收入", "上年家庭人均纯收入");
A(a_no_labor, "整户无劳动能力兜底保障户", "是否整户无劳动能力");
A(a_water_safe, "是否解决安全饮用水", "饮水是否安全");
A(a_dangerous_house, "是否危房户");
A(a_monitor_date, "识别监测时间", "纳入监测时间");
/* the fields of the LJ rules (SPEC §5) */
A(a_sex, "性别");
A(a_id_type, "证件类型");
A(a_phone, "联系电话", "家庭成员联系电话", "户联系电话");
A(a_cleared_date, "风险消除时间", "消除监测时间");
A(a_not_in_school, "义务教育阶段未上学原因");

/* dibao / tekun */
A(a_ss_status, "保障状态");
A(a_ss_start, "保障开始日期", "批准日期", "认定日期");
A(a_ss_amount, "月保障金", "保障金额", /* variants */ "月保障金额");
/* relief */
A(a_relief_amount, "救助金额");
A(a_relief_date, "救助日期");
/* death */
A(a_death_date, "死亡日期", "火化日期", "注销日期");
/* med_enroll */
A(a_enroll_status, "参保状态");
A(a_enroll_year, "参保年度");
/* med_claims */
A(a_claim_date, "结算日期", "结算时间", "出院日期");
A(a_claim_total, "医疗费总额", "医疗总费用");
A(a_claim_oop, "个人负担", "个人自付", "个人支付金额", "个人现金支付");
/* employment */
A(a_emp_status, "就业状态");
A(a_emp_region, "就业地区", "务工地", "务工所在地");
A(a_emp_date, "登记日期");
/* school */
A(a_school, "学校名称");
A(a_stage, "学段");
A(a_grade, "年级");
A(a_school_reg, "学籍状态");
/* water */
A(a_project, "供水工程");
A(a_quality, "水质检测结果");
A(a_supply, "供水保障情况");
A(a_water_date, "检测日期");
/* survey */
A(a_sv_size, "核实家庭人口数");
A(a_sv_income, "核实人均纯收入");
A(a_sv_house, "是否危房户");
A(a_sv_water, "饮水是否安全", "是否解决安全饮用水");
A(a_sv_date, "核查日期");
A(a_sv_inspector, "核查人");

#define F(f, a) { f, a, NULL }

static const fielddef roster_f[] = {
	F(F_ID, a_id), F(F_NAME, a_name), F(F_TOWNSHIP, a_township), F(F_VILLAGE, a_village),
	F(F_HOUSEHOLD_ID, a_household_id), F(F_RELATION, a_relation),
	F(F_HOUSEHOLD_TYPE, a_household_type), F(F_MONITOR_TYPE, a_monitor_type),
	F(F_RISK_CLEARED, a_risk_cleared), F(F_SCHOOL_STATUS, a_school_status),
	F(F_HEALTH_STATUS, a_health_status), F(F_LABOR_SKILL, a_labor_skill),
	F(F_WORK_STATUS, a_work_status), F(F_MED_INSURED, a_med_insured),
	F(F_MED_INSURED_STAFF, a_med_insured_staff),
	{ F_DIBAO, a_dibao, p_dibao }, { F_TEKUN, a_tekun, p_tekun },
	F(F_INCOME_PC, a_income_pc), F(F_INCOME_PC_PREV, a_income_pc_prev),
	F(F_NO_LABOR_HOUSEHOLD, a_no_labor), F(F_WATER_SAFE, a_water_safe),
	F(F_DANGEROUS_HOUSE, a_dangerous_house), F(F_MONITOR_DATE, a_monitor_date),
	F(F_SEX, a_sex), F(F_ID_TYPE, a_id_type), F(F_PHONE, a_phone),
	F(F_CLEARED_DATE, a_cleared_date), F(F_NOT_IN_SCHOOL_REASON, a_not_in_school),
};
static const fielddef household_f[] = {
	F(F_HOUSEHOLD_ID, a_household_id), F(F_TOWNSHIP, a_township), F(F_VILLAGE, a_village),
	F(F_HOUSEHOLD_TYPE, a_household_type), F(F_MONITOR_TYPE, a_monitor_type),
	F(F_RISK_CLEARED, a_risk_cleared), F(F_INCOME_PC, a_income_pc),
	F(F_INCOME_PC_PREV, a_income_pc_prev), F(F_NO_LABOR_HOUSEHOLD, a_no_labor),
	F(F_WATER_SAFE, a_water_safe), F(F_DANGEROUS_HOUSE, a_dangerous_house),
	F(F_MONITOR_DATE, a_monitor_date), F(F_CLEARED_DATE, a_cleared_date),
};
static const fielddef dibao_f[] = {
	F(F_ID, a_id), F(F_NAME, a_name), F(F_TOWNSHIP, a_township), F(F_VILLAGE, a_village),
	F(F_STATUS, a_ss_status), F(F_START_DATE, a_ss_start), F(F_AMOUNT, a_ss_amount),
};
static const fielddef relief_f[] = {
	F(F_ID, a_id), F(F_NAME, a_name), F(F_TOWNSHIP, a_township), F(F_VILLAGE, a_village),
	F(F_AMOUNT, a_relief_amount), F(F_DATE, a_relief_date),
};
static const fielddef death_f[] = {
	F(F_ID, a_id), F(F_NAME, a_name), F(F_DATE, a_death_date),
};
static const fielddef enroll_f[] = {
	F(F_ID, a_id), F(F_NAME, a_name), F(F_TOWNSHIP, a_township), F(F_VILLAGE, a_village),
	F(F_STATUS, a_enroll_status), F(F_YEAR, a_enroll_year),
};
static const fielddef claims_f[] = {
	F(F_ID, a_id), F(F_NAME, a_name), F(F_DATE, a_claim_date), F(F_TOTAL, a_claim_total),
	F(F_OOP, a_claim_oop),
};
static const fielddef employment_f[] = {
	F(F_ID, a_id), F(F_NAME, a_name), F(F_STATUS, a_emp_status), F(F_REGION, a_emp_region),
	F(F_DATE, a_emp_date),
};
static const fielddef school_f[] = {
	F(F_ID, a_id), F(F_NAME, a_name), F(F_SCHOOL, a_school), F(F_STAGE, a_stage),
	F(F_GRADE, a_grade), F(F_STATUS, a_school_reg), F(F_TOWNSHIP, a_township),
	F(F_VILLAGE, a_village),
};
static const fielddef water_f[] = {
	F(F_TOWNSHIP, a_township), F(F_VILLAGE, a_village), F(F_PROJECT, a_project),
	F(F_QUALITY, a_quality), F(F_SUPPLY, a_supply), F(F_DATE, a_water_date),
};
static const fielddef survey_f[] = {
	F(F_HOUSEHOLD_ID, a_household_id), F(F_HOUSEHOLD_SIZE, a_sv_size),
	F(F_INCOME_PC, a_sv_income), F(F_DANGEROUS_HOUSE, a_sv_house),
	F(F_WATER_SAFE, a_sv_water), F(F_DATE, a_sv_date), F(F_INSPECTOR, a_sv_inspector),
};

#define K(name, cn, key, f) { name, cn, key, sizeof f / sizeof f[0], f }

const kinddef kinds[KIND_COUNT] = {
	[KIND_ROSTER] = K("roster", "防返贫监测系统成员", F_ID, roster_f),
	[KIND_HOUSEHOLD] = K("household", "防返贫监测系统户", F_HOUSEHOLD_ID, household_f),
	[KIND_DIBAO] = K("dibao", "民政低保", F_ID, dibao_f),
	[KIND_TEKUN] = K("tekun", "民政特困", F_ID, dibao_f),
	[KIND_RELIEF] = K("relief", "民政临时救助", F_ID, relief_f),
	[KIND_DEATH] = K("death", "死亡火化注销", F_ID, death_f),
	[KIND_MED_ENROLL] = K("med_enroll", "医保参保", F_ID, enroll_f),
	[KIND_MED_CLAIMS] = K("med_claims", "医保结算", F_ID, claims_f),
	[KIND_EMPLOYMENT] = K("employment", "人社就业", F_ID, employment_f),
	[KIND_SCHOOL] = K("school", "教育学籍", F_ID, school_f),
	[KIND_WATER] = K("water", "水利饮水安全", F_TOWNSHIP, water_f),
	[KIND_SURVEY] = K("survey", "入户核查", F_HOUSEHOLD_ID, survey_f),
};

static const struct {
	const char *name;
	enum ftype type;
} fields[F_COUNT] = {
	[F_ID] = { "id", FT_ID },
	[F_NAME] = { "name", FT_TEXT },
	[F_TOWNSHIP] = { "township", FT_TEXT },
	[F_VILLAGE] = { "village", FT_TEXT },
	[F_HOUSEHOLD_ID] = { "household_id", FT_TEXT },
	[F_RELATION] = { "relation", FT_TEXT },
	[F_HOUSEHOLD_TYPE] = { "household_type", FT_VOCAB },
	[F_MONITOR_TYPE] = { "monitor_type", FT_VOCAB },
	[F_RISK_CLEARED] = { "risk_cleared", FT_YESNO },
	[F_SCHOOL_STATUS] = { "school_status", FT_VOCAB },
	[F_HEALTH_STATUS] = { "health_status", FT_VOCAB },
	[F_LABOR_SKILL] = { "labor_skill", FT_VOCAB },
	[F_WORK_STATUS] = { "work_status", FT_VOCAB },
	[F_MED_INSURED] = { "med_insured", FT_YESNO },
	[F_MED_INSURED_STAFF] = { "med_insured_staff", FT_YESNO },
	[F_DIBAO] = { "dibao", FT_YESNO },
	[F_TEKUN] = { "tekun", FT_YESNO },
	[F_INCOME_PC] = { "income_pc", FT_MONEY },
	[F_INCOME_PC_PREV] = { "income_pc_prev", FT_MONEY },
	[F_NO_LABOR_HOUSEHOLD] = { "no_labor_household", FT_YESNO },
	[F_WATER_SAFE] = { "water_safe", FT_YESNO },
	[F_DANGEROUS_HOUSE] = { "dangerous_house", FT_YESNO },
	[F_MONITOR_DATE] = { "monitor_date", FT_DATE },
	[F_STATUS] = { "status", FT_VOCAB },
	[F_START_DATE] = { "start_date", FT_DATE },
	[F_AMOUNT] = { "amount", FT_MONEY },
	[F_DATE] = { "date", FT_DATE },
	[F_YEAR] = { "year", FT_YEAR },
	[F_TOTAL] = { "total", FT_MONEY },
	[F_OOP] = { "oop", FT_MONEY },
	[F_REGION] = { "region", FT_TEXT },
	[F_SCHOOL] = { "school", FT_TEXT },
	[F_STAGE] = { "stage", FT_TEXT },
	[F_GRADE] = { "grade", FT_TEXT },
	[F_PROJECT] = { "project", FT_TEXT },
	[F_QUALITY] = { "quality", FT_WATERWORD },
	[F_SUPPLY] = { "supply", FT_WATERWORD },
	[F_HOUSEHOLD_SIZE] = { "household_size", FT_COUNT },
	[F_INSPECTOR] = { "inspector", FT_TEXT },
	[F_SEX] = { "sex", FT_VOCAB },
	[F_ID_TYPE] = { "id_type", FT_TEXT },
	[F_PHONE] = { "phone", FT_TEXT },
	[F_CLEARED_DATE] = { "cleared_date", FT_DATE },
	[F_NOT_IN_SCHOOL_REASON] = { "not_in_school_reason", FT_TEXT },
};

const char *field_name(enum field f)
{
	return (unsigned)f < F_COUNT ? fields[f].name : "?";
}

enum ftype field_type(enum field f)
{
	return (unsigned)f < F_COUNT ? fields[f].type : FT_TEXT;
}

int field_from_name(const char *name)
{
	for (int f = 0; f < F_COUNT; f++)
		if (!strcmp(fields[f].name, name))
			return f;
	return -1;
}

int kind_from_name(const char *name)
{
	for (int k = 0; k < KIND_COUNT; k++)
		if (!strcmp(kinds[k].name, name))
			return k;
	return -1;
}

const fielddef *kind_field(int kind, enum field f)
{
	if (kind < 0 || kind >= KIND_COUNT)
		return NULL;
	for (size_t i = 0; i < kinds[kind].nfields; i++)
		if (kinds[kind].fields[i].field == f)
			return &kinds[kind].fields[i];
	return NULL;
}

/* ---------------------------------------------------------------- header matcher */

void kind_hdr_add(kind_hdr *m, int field, const char *alias, bool policy)
{
	norm_header(&m->tmp, alias, strlen(alias));
	if (!m->tmp.len)
		return;
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->v[i].key, m->tmp.buf))
			return;     /* first definition wins */
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		kind_hdr_entry *v = arena_alloc(&m->mem, m->cap * sizeof *v);
		if (m->n)
			memcpy(v, m->v, m->n * sizeof *v);
		m->v = v;
	}
	m->v[m->n].key = arena_strndup(&m->mem, m->tmp.buf, m->tmp.len);
	m->v[m->n].field = field;
	m->v[m->n].policy = policy;
	m->n++;
}

void kind_hdr_init(kind_hdr *m)
{
	m->v = NULL;
	m->n = m->cap = 0;
	m->nconfig = 0;
	arena_init(&m->mem);
	sb_init(&m->tmp);
}

void kind_hdr_add_builtin(kind_hdr *m, int kind)
{
	const kinddef *kd = &kinds[kind];
	m->nconfig = m->n;     /* the aliases added before are configured ones */
	for (size_t i = 0; i < kd->nfields; i++) {
		const fielddef *fd = &kd->fields[i];
		for (size_t j = 0; fd->aliases[j]; j++) {
			bool policy = false;
			for (size_t k = 0; fd->policy_aliases && fd->policy_aliases[k]; k++)
				if (!strcmp(fd->policy_aliases[k], fd->aliases[j]))
					policy = true;
			kind_hdr_add(m, fd->field, fd->aliases[j], policy);
		}
	}
}

/* SPEC §4: a bracketed suffix dropped before matching is a unit or a date
 * format hint; anything else in brackets is part of the header. */
static const char *const units[] = {
	"元", "元/月", "元/年", "元/人", "元/人·年", "元/人/年", "元/人.年", "元/户",
	"人", "岁", "天", "个", "户", "份", "%",
};

static bool unit_or_date_hint(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strlen(units[i]) == n && !memcmp(units[i], s, n))
			return true;
	/* a date format: YYYY-MM-DD, yyyymmdd, 年月日, YYYY年MM月DD日, 年/月/日 ... */
	static const char *const dchars[] = { "年", "月", "日" };
	bool any = false;
	for (size_t i = 0; i < n;) {
		char c = s[i];
		if (strchr("YMDymd", c) && c) {
			any = true;
			i++;
			continue;
		}
		if (c == '-' || c == '/' || c == '.') {
			i++;
			continue;
		}
		size_t k;
		for (k = 0; k < 3; k++)
			if (n - i >= 3 && !memcmp(s + i, dchars[k], 3))
				break;
		if (k == 3)
			return false;
		any = true;
		i += 3;
	}
	return any;
}

int kind_hdr_match(kind_hdr *m, const char *s, size_t n, bool *policy, int *rank)
{
	norm_header(&m->tmp, s, n);
	if (policy)
		*policy = false;
	if (rank)
		*rank = 0;
	bool stripped = false;
	for (;;) {
		if (!m->tmp.len)
			return -1;
		for (size_t i = 0; i < m->n; i++) {
			if (!strcmp(m->v[i].key, m->tmp.buf)) {
				if (policy)
					*policy = m->v[i].policy;
				if (rank)
					*rank = (stripped ? 1 : 3) + (i < m->nconfig ? 1 : 0);
				return m->v[i].field;
			}
		}
		/* drop a trailing unit or date hint: "个人负担(元)", "村(社区)(元)" */
		size_t len = m->tmp.len;
		if (m->tmp.buf[len - 1] != ')')
			return -1;
		int depth = 0;
		size_t j = len;
		while (j-- > 0) {
			if (m->tmp.buf[j] == ')')
				depth++;
			else if (m->tmp.buf[j] == '(' && --depth == 0)
				break;
		}
		if (j == (size_t)-1 || j == 0 || !unit_or_date_hint(m->tmp.buf + j + 1, len - j - 2))
			return -1;
		m->tmp.len = j;
		m->tmp.buf[j] = '\0';
		stripped = true;
	}
}

int kind_hdr_find(kind_hdr *m, const char *s, size_t n, bool *policy)
{
	return kind_hdr_match(m, s, n, policy, NULL);
}

void kind_hdr_release(kind_hdr *m)
{
	arena_release(&m->mem);
	sb_release(&m->tmp);
	m->v = NULL;
	m->n = m->cap = 0;
}
