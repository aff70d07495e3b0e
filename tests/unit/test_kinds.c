/*
 * test_kinds.c - the kinds/fields/aliases table against SPEC §4 (every
 * alias listed there, copied by hand from the SPEC), lookups, and header
 * matching with spaces, full-width forms, bracket styles and unit suffixes.
 */
#include "check.h"
#include "kinds.h"
#include "util.h"

typedef struct { int kind; int field; const char *header; } alias_case;

/* SPEC §4, kind by kind, every alias as printed there. */
static const alias_case spec_aliases[] = {
	{ KIND_ROSTER, F_ID, "证件号码" }, { KIND_ROSTER, F_ID, "身份证号" },
	{ KIND_ROSTER, F_ID, "身份证号码" }, { KIND_ROSTER, F_ID, "公民身份号码" },
	{ KIND_ROSTER, F_NAME, "姓名" }, { KIND_ROSTER, F_NAME, "成员姓名" },
	{ KIND_ROSTER, F_TOWNSHIP, "乡镇" }, { KIND_ROSTER, F_TOWNSHIP, "乡" },
	{ KIND_ROSTER, F_TOWNSHIP, "乡(镇)" }, { KIND_ROSTER, F_TOWNSHIP, "乡镇(街道)" },
	{ KIND_ROSTER, F_VILLAGE, "行政村" }, { KIND_ROSTER, F_VILLAGE, "村" },
	{ KIND_ROSTER, F_VILLAGE, "村(社区)" },
	{ KIND_ROSTER, F_HOUSEHOLD_ID, "户编号" }, { KIND_ROSTER, F_RELATION, "与户主关系" },
	{ KIND_ROSTER, F_HOUSEHOLD_TYPE, "户类型" }, { KIND_ROSTER, F_MONITOR_TYPE, "监测对象类别" },
	{ KIND_ROSTER, F_RISK_CLEARED, "风险是否已消除" }, { KIND_ROSTER, F_RISK_CLEARED, "风险是否消除" },
	{ KIND_ROSTER, F_SCHOOL_STATUS, "在校生状况" }, { KIND_ROSTER, F_HEALTH_STATUS, "健康状况" },
	{ KIND_ROSTER, F_LABOR_SKILL, "劳动技能" }, { KIND_ROSTER, F_WORK_STATUS, "务工状况" },
	{ KIND_ROSTER, F_MED_INSURED, "是否参加城乡居民基本医疗保险" },
	{ KIND_ROSTER, F_MED_INSURED_STAFF, "是否参加城镇职工基本医疗保险" },
	{ KIND_ROSTER, F_DIBAO, "是否享受农村居民最低生活保障" }, { KIND_ROSTER, F_DIBAO, "是否享受农村低保" },
	{ KIND_ROSTER, F_DIBAO, "享受低保政策情况" },
	{ KIND_ROSTER, F_TEKUN, "是否特困供养人员" }, { KIND_ROSTER, F_TEKUN, "是否特困供养" },
	{ KIND_ROSTER, F_TEKUN, "享受特困供养政策情况" },
	{ KIND_ROSTER, F_INCOME_PC, "人均纯收入" }, { KIND_ROSTER, F_INCOME_PC, "家庭人均纯收入" },
	{ KIND_ROSTER, F_INCOME_PC_PREV, "上年人均纯收入" }, { KIND_ROSTER, F_INCOME_PC_PREV, "上年家庭人均纯收入" },
	{ KIND_ROSTER, F_NO_LABOR_HOUSEHOLD, "整户无劳动能力兜底保障户" },
	{ KIND_ROSTER, F_NO_LABOR_HOUSEHOLD, "是否整户无劳动能力" },
	{ KIND_ROSTER, F_WATER_SAFE, "是否解决安全饮用水" }, { KIND_ROSTER, F_WATER_SAFE, "饮水是否安全" },
	{ KIND_ROSTER, F_DANGEROUS_HOUSE, "是否危房户" },
	{ KIND_ROSTER, F_MONITOR_DATE, "识别监测时间" }, { KIND_ROSTER, F_MONITOR_DATE, "纳入监测时间" },
	/* the fields of the LJ rules (SPEC §5) */
	{ KIND_ROSTER, F_SEX, "性别" }, { KIND_ROSTER, F_ID_TYPE, "证件类型" },
	{ KIND_ROSTER, F_PHONE, "联系电话" }, { KIND_ROSTER, F_PHONE, "家庭成员联系电话" },
	{ KIND_ROSTER, F_PHONE, "户联系电话" },
	{ KIND_ROSTER, F_CLEARED_DATE, "风险消除时间" }, { KIND_ROSTER, F_CLEARED_DATE, "消除监测时间" },
	{ KIND_ROSTER, F_NOT_IN_SCHOOL_REASON, "义务教育阶段未上学原因" },
	{ KIND_HOUSEHOLD, F_HOUSEHOLD_ID, "户编号" }, { KIND_HOUSEHOLD, F_TOWNSHIP, "乡镇(街道)" },
	{ KIND_HOUSEHOLD, F_VILLAGE, "村(社区)" }, { KIND_HOUSEHOLD, F_HOUSEHOLD_TYPE, "户类型" },
	{ KIND_HOUSEHOLD, F_MONITOR_TYPE, "监测对象类别" }, { KIND_HOUSEHOLD, F_RISK_CLEARED, "风险是否消除" },
	{ KIND_HOUSEHOLD, F_INCOME_PC, "家庭人均纯收入" }, { KIND_HOUSEHOLD, F_INCOME_PC_PREV, "上年人均纯收入" },
	{ KIND_HOUSEHOLD, F_NO_LABOR_HOUSEHOLD, "是否整户无劳动能力" },
	{ KIND_HOUSEHOLD, F_WATER_SAFE, "饮水是否安全" }, { KIND_HOUSEHOLD, F_DANGEROUS_HOUSE, "是否危房户" },
	{ KIND_HOUSEHOLD, F_MONITOR_DATE, "纳入监测时间" },
	{ KIND_HOUSEHOLD, F_CLEARED_DATE, "风险消除时间" }, { KIND_HOUSEHOLD, F_CLEARED_DATE, "消除监测时间" },
	{ KIND_DIBAO, F_ID, "身份证号码" }, { KIND_DIBAO, F_NAME, "姓名" }, { KIND_DIBAO, F_TOWNSHIP, "乡镇" },
	{ KIND_DIBAO, F_VILLAGE, "行政村" }, { KIND_DIBAO, F_STATUS, "保障状态" },
	{ KIND_DIBAO, F_START_DATE, "保障开始日期" }, { KIND_DIBAO, F_START_DATE, "批准日期" },
	{ KIND_DIBAO, F_START_DATE, "认定日期" }, { KIND_DIBAO, F_AMOUNT, "月保障金" },
	{ KIND_DIBAO, F_AMOUNT, "保障金额" },
	{ KIND_TEKUN, F_ID, "证件号码" }, { KIND_TEKUN, F_STATUS, "保障状态" },
	{ KIND_TEKUN, F_START_DATE, "认定日期" }, { KIND_TEKUN, F_AMOUNT, "月保障金" },
	{ KIND_RELIEF, F_ID, "证件号码" }, { KIND_RELIEF, F_NAME, "姓名" }, { KIND_RELIEF, F_TOWNSHIP, "乡" },
	{ KIND_RELIEF, F_VILLAGE, "村" }, { KIND_RELIEF, F_AMOUNT, "救助金额" }, { KIND_RELIEF, F_DATE, "救助日期" },
	{ KIND_DEATH, F_ID, "公民身份号码" }, { KIND_DEATH, F_NAME, "姓名" }, { KIND_DEATH, F_DATE, "死亡日期" },
	{ KIND_DEATH, F_DATE, "火化日期" }, { KIND_DEATH, F_DATE, "注销日期" },
	{ KIND_MED_ENROLL, F_ID, "身份证号" }, { KIND_MED_ENROLL, F_STATUS, "参保状态" },
	{ KIND_MED_ENROLL, F_YEAR, "参保年度" }, { KIND_MED_ENROLL, F_TOWNSHIP, "乡镇" },
	{ KIND_MED_CLAIMS, F_ID, "证件号码" }, { KIND_MED_CLAIMS, F_DATE, "结算日期" },
	{ KIND_MED_CLAIMS, F_DATE, "结算时间" }, { KIND_MED_CLAIMS, F_DATE, "出院日期" },
	{ KIND_MED_CLAIMS, F_TOTAL, "医疗费总额" }, { KIND_MED_CLAIMS, F_TOTAL, "医疗总费用" },
	{ KIND_MED_CLAIMS, F_OOP, "个人负担" }, { KIND_MED_CLAIMS, F_OOP, "个人自付" },
	{ KIND_MED_CLAIMS, F_OOP, "个人支付金额" }, { KIND_MED_CLAIMS, F_OOP, "个人现金支付" },
	{ KIND_EMPLOYMENT, F_ID, "证件号码" }, { KIND_EMPLOYMENT, F_STATUS, "就业状态" },
	{ KIND_EMPLOYMENT, F_REGION, "就业地区" }, { KIND_EMPLOYMENT, F_REGION, "务工地" },
	{ KIND_EMPLOYMENT, F_REGION, "务工所在地" }, { KIND_EMPLOYMENT, F_DATE, "登记日期" },
	{ KIND_SCHOOL, F_ID, "证件号码" }, { KIND_SCHOOL, F_SCHOOL, "学校名称" }, { KIND_SCHOOL, F_STAGE, "学段" },
	{ KIND_SCHOOL, F_GRADE, "年级" }, { KIND_SCHOOL, F_STATUS, "学籍状态" },
	{ KIND_SCHOOL, F_TOWNSHIP, "乡镇" }, { KIND_SCHOOL, F_VILLAGE, "行政村" },
	{ KIND_WATER, F_TOWNSHIP, "乡镇" }, { KIND_WATER, F_VILLAGE, "行政村" },
	{ KIND_WATER, F_PROJECT, "供水工程" }, { KIND_WATER, F_QUALITY, "水质检测结果" },
	{ KIND_WATER, F_SUPPLY, "供水保障情况" }, { KIND_WATER, F_DATE, "检测日期" },
	{ KIND_SURVEY, F_HOUSEHOLD_ID, "户编号" }, { KIND_SURVEY, F_HOUSEHOLD_SIZE, "核实家庭人口数" },
	{ KIND_SURVEY, F_INCOME_PC, "核实人均纯收入" }, { KIND_SURVEY, F_DANGEROUS_HOUSE, "是否危房户" },
	{ KIND_SURVEY, F_WATER_SAFE, "饮水是否安全" }, { KIND_SURVEY, F_DATE, "核查日期" },
	{ KIND_SURVEY, F_INSPECTOR, "核查人" },
};

TEST(every_spec_alias)
{
	for (size_t i = 0; i < sizeof spec_aliases / sizeof spec_aliases[0]; i++) {
		const alias_case *c = &spec_aliases[i];
		kind_hdr m;
		kind_hdr_init(&m);
		kind_hdr_add_builtin(&m, c->kind);
		int f = kind_hdr_find(&m, c->header, strlen(c->header), NULL);
		CHECK(f == c->field, "%s: '%s' -> %d, want %s", kinds[c->kind].name, c->header, f,
		      field_name((enum field)c->field));
		kind_hdr_release(&m);
	}
}

/* The first alias of each field is the canonical header of SPEC §4. */
TEST(canonical_first)
{
	CHECK_STR(kind_field(KIND_ROSTER, F_ID)->aliases[0], "证件号码");
	CHECK_STR(kind_field(KIND_ROSTER, F_TOWNSHIP)->aliases[0], "乡镇");
	CHECK_STR(kind_field(KIND_ROSTER, F_DIBAO)->aliases[0], "是否享受农村居民最低生活保障");
	CHECK_STR(kind_field(KIND_MED_CLAIMS, F_OOP)->aliases[0], "个人负担");
	CHECK_STR(kind_field(KIND_DEATH, F_DATE)->aliases[0], "死亡日期");
	CHECK_STR(kind_field(KIND_SURVEY, F_INCOME_PC)->aliases[0], "核实人均纯收入");
	CHECK(kind_field(KIND_DEATH, F_TOWNSHIP) == NULL, "death has no township");
	CHECK(kind_field(KIND_WATER, F_ID) == NULL, "water has no id");
}

TEST(kinds_and_keys)
{
	static const struct { const char *name; int kind; int key; size_t nfields; } k[] = {
		{ "roster", KIND_ROSTER, F_ID, 28 }, { "household", KIND_HOUSEHOLD, F_HOUSEHOLD_ID, 13 },
		{ "dibao", KIND_DIBAO, F_ID, 7 }, { "tekun", KIND_TEKUN, F_ID, 7 },
		{ "relief", KIND_RELIEF, F_ID, 6 }, { "death", KIND_DEATH, F_ID, 3 },
		{ "med_enroll", KIND_MED_ENROLL, F_ID, 6 }, { "med_claims", KIND_MED_CLAIMS, F_ID, 5 },
		{ "employment", KIND_EMPLOYMENT, F_ID, 5 }, { "school", KIND_SCHOOL, F_ID, 8 },
		{ "water", KIND_WATER, F_TOWNSHIP, 6 }, { "survey", KIND_SURVEY, F_HOUSEHOLD_ID, 7 },
	};
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
		CHECK(kind_from_name(k[i].name) == k[i].kind, "%s", k[i].name);
		CHECK_STR(kinds[k[i].kind].name, k[i].name);
		CHECK(kinds[k[i].kind].key == (enum field)k[i].key, "%s key", k[i].name);
		CHECK(kinds[k[i].kind].nfields == k[i].nfields, "%s: %zu fields, want %zu", k[i].name,
		      kinds[k[i].kind].nfields, k[i].nfields);
	}
	CHECK_INT(kind_from_name("medical"), -1);
	CHECK_INT(field_from_name("income_pc"), F_INCOME_PC);
	CHECK_INT(field_from_name("household_size"), F_HOUSEHOLD_SIZE);
	CHECK_INT(field_from_name("nope"), -1);
	for (int f = 0; f < F_COUNT; f++)
		CHECK(field_from_name(field_name((enum field)f)) == f, "field %d round trip", f);
	CHECK_INT(field_type(F_ID), FT_ID);
	CHECK_INT(field_type(F_OOP), FT_MONEY);
	CHECK_INT(field_type(F_YEAR), FT_YEAR);
	CHECK_INT(field_type(F_HOUSEHOLD_SIZE), FT_COUNT);
	CHECK_INT(field_type(F_RISK_CLEARED), FT_YESNO);
	CHECK_INT(field_type(F_STATUS), FT_VOCAB);
	CHECK_INT(field_type(F_QUALITY), FT_WATERWORD);
	CHECK_INT(field_type(F_GRADE), FT_TEXT);
	CHECK_INT(field_type(F_MONITOR_DATE), FT_DATE);
	CHECK_INT(field_type(F_LABOR_SKILL), FT_VOCAB);      /* a vocabulary since the LJ rules */
	CHECK_INT(field_type(F_SEX), FT_VOCAB);
	CHECK_INT(field_type(F_ID_TYPE), FT_TEXT);
	CHECK_INT(field_type(F_PHONE), FT_TEXT);
	CHECK_INT(field_type(F_CLEARED_DATE), FT_DATE);
	CHECK_INT(field_type(F_NOT_IN_SCHOOL_REASON), FT_TEXT);
	CHECK(kind_field(KIND_HOUSEHOLD, F_CLEARED_DATE) != NULL, "cleared_date is a household field");
	CHECK(kind_field(KIND_HOUSEHOLD, F_PHONE) == NULL, "phone is a member field");
}

/* Header variants: spaces, full-width, bracket style, unit suffix. */
TEST(header_variants)
{
	static const struct { int kind; const char *header; int field; bool policy; } v[] = {
		{ KIND_ROSTER, " 证件 号码 ", F_ID, false },
		{ KIND_ROSTER, "证件号码\xE3\x80\x80", F_ID, false },          /* U+3000 */
		{ KIND_ROSTER, "乡（镇）", F_TOWNSHIP, false },
		{ KIND_ROSTER, "乡【镇】", F_TOWNSHIP, false },
		{ KIND_ROSTER, "乡镇[街道]", F_TOWNSHIP, false },
		{ KIND_ROSTER, "村（社区）", F_VILLAGE, false },
		{ KIND_ROSTER, "人均纯收入（元）", F_INCOME_PC, false },
		{ KIND_ROSTER, "家庭人均纯收入(元/人)", F_INCOME_PC, false },
		{ KIND_ROSTER, "上年人均纯收入 【元】", F_INCOME_PC_PREV, false },
		{ KIND_ROSTER, "享受低保政策情况", F_DIBAO, true },
		{ KIND_ROSTER, "享受特困供养政策情况", F_TEKUN, true },
		{ KIND_ROSTER, "是否享受农村低保", F_DIBAO, false },
		{ KIND_MED_CLAIMS, "个人负担（元）", F_OOP, false },
		{ KIND_MED_CLAIMS, "医疗费总额(元)", F_TOTAL, false },
		{ KIND_DIBAO, "月保障金（元/月）", F_AMOUNT, false },
		{ KIND_SURVEY, "核实家庭人口数（人）", F_HOUSEHOLD_SIZE, false },
		{ KIND_MED_ENROLL, "序号", -1, false },
		{ KIND_MED_ENROLL, "", -1, false },
		{ KIND_MED_ENROLL, "救助金额", -1, false },    /* relief's, not med_enroll's */
		{ KIND_DEATH, "乡镇", -1, false },
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		kind_hdr m;
		kind_hdr_init(&m);
		kind_hdr_add_builtin(&m, v[i].kind);
		bool policy = !v[i].policy;
		int f = kind_hdr_find(&m, v[i].header, strlen(v[i].header), &policy);
		CHECK(f == v[i].field, "'%s' -> %d, want %d", v[i].header, f, v[i].field);
		if (f >= 0)
			CHECK(policy == v[i].policy, "'%s' policy %d", v[i].header, policy);
		kind_hdr_release(&m);
	}
}

/* Configured aliases come first and win over built-ins. */
TEST(configured_alias)
{
	kind_hdr m;
	kind_hdr_init(&m);
	kind_hdr_add(&m, F_OOP, "自付金额", false);
	kind_hdr_add(&m, F_TOTAL, "个人负担", false);   /* a county whose 个人负担 column is the total */
	kind_hdr_add_builtin(&m, KIND_MED_CLAIMS);
	CHECK_INT(kind_hdr_find(&m, "自付金额（元）", strlen("自付金额（元）"), NULL), F_OOP);
	CHECK_INT(kind_hdr_find(&m, "个人负担", strlen("个人负担"), NULL), F_TOTAL);
	CHECK_INT(kind_hdr_find(&m, "个人自付", strlen("个人自付"), NULL), F_OOP);
	kind_hdr_release(&m);
}

int main(void)
{
	RUN(every_spec_alias);
	RUN(canonical_first);
	RUN(kinds_and_keys);
	RUN(header_variants);
	RUN(configured_alias);
	return check_done();
}
