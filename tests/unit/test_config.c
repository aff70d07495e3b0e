/*
 * test_config.c - the run configuration: INI files written to a temporary
 * folder, every key, the command-line form, and every error path with its
 * exact message.
 */
#include "check.h"
#include "config.h"
#include "kinds.h"
#include <stdlib.h>
#include <unistd.h>

static char tmpdir[256];
static char path[512];

/* Write text to tmpdir/name and set `path` to it. */
static void write_ini(const char *name, const char *text)
{
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *fp = fopen(path, "wb");
	if (!fp) {
		printf("# cannot write %s\n", path);
		exit(1);
	}
	fputs(text, fp);
	fclose(fp);
}

/* Load text; return the status, fill msg with the error (or ""). */
static int load(const char *text, run_config *c, char *msg, size_t cap)
{
	dzerr err = { 0 };
	write_ini("county.ini", text);
	config_init(c);
	int rc = config_load(c, path, &err);
	snprintf(msg, cap, "%s", rc < 0 ? err.msg : "");
	return rc < 0 ? err.status : 0;
}

static const char example[] =
	"; 示例县 月度对账\n"
	"[run]\n"
	"period = 2024-06\n"
	"out = 报表\n"
	"income_line = 7000\n"
	"income_line.2024 = 7,800元\n"
	"income_line.2023 = 7500.5\n"
	"medical_oop_threshold = 15000\n"
	"medical_oop_threshold_roster = 4000.50\n"
	"income_drop_pct = 30\n"
	"income_tolerance_pct = 15%\n"
	"max_reject_pct = 2.5\n"
	"verify_days = 10\n"
	"\n"
	"[source 系统导出]\n"
	"kind = roster\n"
	"file = 系统/花名册.xlsx\n"
	"sheet = 成员\n"
	"header_row = 3\n"
	"\n"
	"[source 医保]\n"
	"kind = med_enroll\n"
	"file = /data/医保参保.csv\n"
	"encoding = GB18030\n"
	"alias.status = 参保状态名称, 缴费状态，人员状态\n"
	"alias.year = 年度 ; 注释\n"
	"    缴费年度 ; continuation lines may carry a comment too\n"
	"\n"
	"[source 结算]\n"
	"file = -\n"
	"kind = med_claims\n"
	"record = ROW\n"
	"encoding = auto\n"
	"\n"
	"[townships]\n"
	"城关 = 城关镇人民政府\n"
	"ＸＸ街道办事处 = ＸＸ街道\n";

TEST(example_file)
{
	run_config c;
	char msg[1100];
	int st = load(example, &c, msg, sizeof msg);
	CHECK(st == 0, "load: %s", msg);
	if (st)
		return;
	char want[600];
	CHECK_STR(c.config_path, path);
	CHECK_STR(c.period, "2024-06");
	snprintf(want, sizeof want, "%s/报表", tmpdir);
	CHECK_STR(c.out, want);
	CHECK_INT(c.income_line_default_fen, 700000);
	CHECK_INT(config_income_line(&c, 2024), 780000);
	CHECK_INT(config_income_line(&c, 2023), 750050);
	CHECK_INT(config_income_line(&c, 2022), 700000);   /* falls back to income_line */
	CHECK_INT(c.oop_threshold_fen, 1500000);
	CHECK_INT(c.oop_threshold_roster_fen, 400050);
	CHECK_INT(c.income_drop_pct, 30);
	CHECK_INT(c.income_tolerance_pct, 15);
	CHECK(c.max_reject_pct == 2.5, "max_reject_pct %g", c.max_reject_pct);
	CHECK_INT(c.verify_days, 10);

	CHECK_INT(c.nsources, 3);
	if (c.nsources != 3)
		goto out;
	source_cfg *r = &c.sources[0], *m = &c.sources[1], *k = &c.sources[2];
	CHECK_STR(r->name, "系统导出");
	CHECK_INT(r->kind, KIND_ROSTER);
	snprintf(want, sizeof want, "%s/系统/花名册.xlsx", tmpdir);
	CHECK_STR(r->file, want);
	CHECK_STR(r->sheet, "成员");
	CHECK_INT(r->header_row, 3);
	CHECK(r->encoding == NULL && r->record == NULL, "unset strings stay NULL");
	CHECK_INT(r->line, 15);
	CHECK_INT(r->naliases, 0);

	CHECK_STR(m->name, "医保");
	CHECK_INT(m->kind, KIND_MED_ENROLL);
	CHECK_STR(m->file, "/data/医保参保.csv");
	CHECK_STR(m->encoding, "GB18030");
	CHECK_INT(m->header_row, 0);
	CHECK_INT(m->line, 21);
	CHECK_INT(m->naliases, 5);
	if (m->naliases == 5) {
		const char *a[] = { "参保状态名称", "缴费状态", "人员状态", "年度", "缴费年度" };
		int f[] = { F_STATUS, F_STATUS, F_STATUS, F_YEAR, F_YEAR };
		for (int i = 0; i < 5; i++) {
			CHECK_STR(m->aliases[i].alias, a[i]);
			CHECK_INT(m->aliases[i].field, f[i]);
		}
	}

	CHECK_STR(k->name, "结算");
	CHECK_INT(k->kind, KIND_MED_CLAIMS);
	CHECK_STR(k->file, "-");
	CHECK_STR(k->record, "ROW");
	CHECK(k->encoding == NULL, "encoding = auto means detect");

	CHECK_INT(c.ntownships, 2);
	if (c.ntownships == 2) {
		CHECK_STR(c.townships[0].alias, "城关");
		CHECK_STR(c.townships[0].name, "城关镇");
		CHECK_STR(c.townships[1].alias, "XX街道");
		CHECK_STR(c.townships[1].name, "XX街道");
	}
	dzerr err = { 0 };
	CHECK(config_validate(&c, &err) == 0, "validate: %s", err.msg);
out:
	config_release(&c);
}

TEST(defaults)
{
	run_config c;
	config_init(&c);
	CHECK(c.period == NULL && c.out == NULL && c.nsources == 0, "empty");
	CHECK_INT(c.income_line_default_fen, -1);
	CHECK_INT(config_income_line(&c, 2024), -1);
	CHECK_INT(c.oop_threshold_fen, 2000000);
	CHECK_INT(c.oop_threshold_roster_fen, 500000);
	CHECK_INT(c.income_drop_pct, 20);
	CHECK_INT(c.income_tolerance_pct, 10);
	CHECK(c.max_reject_pct == 5, "max_reject_pct");
	CHECK_INT(c.verify_days, 15);
	CHECK_INT(c.lj_skip, 0);            /* checks = all */
	CHECK_INT(c.min_clear_months, 6);
	config_release(&c);

	/* a file with nothing but [run] keeps the defaults */
	char msg[1100];
	CHECK_INT(load("[run]\nperiod = 2024-01\n", &c, msg, sizeof msg), 0);
	CHECK_INT(c.income_drop_pct, 20);
	CHECK(c.out == NULL, "out stays unset");
	config_release(&c);
}

TEST(relative_path_in_current_folder)
{
	/* a config path without a folder keeps relative paths as they are */
	char cwd[512];
	CHECK(getcwd(cwd, sizeof cwd) != NULL, "getcwd");
	CHECK(chdir(tmpdir) == 0, "chdir");
	FILE *fp = fopen("plain.ini", "w");
	fputs("[source r]\nkind = roster\nfile = r.csv\n[run]\nout = o\n", fp);
	fclose(fp);
	run_config c;
	config_init(&c);
	dzerr err = { 0 };
	CHECK(config_load(&c, "plain.ini", &err) == 0, "%s", err.msg);
	if (c.nsources == 1)
		CHECK_STR(c.sources[0].file, "r.csv");
	CHECK_STR(c.out ? c.out : "", "o");
	config_release(&c);
	CHECK(chdir(cwd) == 0, "chdir back");
}

TEST(long_lines_and_gb18030)
{
	/* a line longer than libinih's default 200 bytes is not cut */
	char text[4096];
	strbuf list;
	sb_init(&list);
	for (int i = 0; i < 40; i++)
		sb_addf(&list, "%s个人负担%d", i ? ", " : "", i);
	snprintf(text, sizeof text, "[source c]\nkind = med_claims\nfile = c.csv\nalias.oop = %s\n", list.buf);
	sb_release(&list);
	run_config c;
	char msg[1100];
	CHECK(load(text, &c, msg, sizeof msg) == 0, "%s", msg);
	CHECK_INT(c.nsources ? c.sources[0].naliases : 0, 40);
	if (c.nsources && c.sources[0].naliases == 40)
		CHECK_STR(c.sources[0].aliases[39].alias, "个人负担39");
	config_release(&c);

	/* saved by Notepad as GB18030: [townships] 城关 = 城关镇 */
	CHECK(load("[townships]\n\xB3\xC7\xB9\xD8 = \xB3\xC7\xB9\xD8\xD5\xF2\n", &c, msg, sizeof msg) == 0,
	      "%s", msg);
	if (c.ntownships == 1) {
		CHECK_STR(c.townships[0].alias, "城关");
		CHECK_STR(c.townships[0].name, "城关镇");
	}
	config_release(&c);

	/* a UTF-8 BOM on the first line and CRLF line ends */
	CHECK(load("\xEF\xBB\xBF[run]\r\nperiod = 2024-06\r\nverify_days = 7\r\n", &c, msg, sizeof msg) == 0,
	      "%s", msg);
	CHECK_STR(c.period ? c.period : "", "2024-06");
	CHECK_INT(c.verify_days, 7);
	config_release(&c);
}

/* Each case: INI text, the expected message after "'<path>' " (or the whole
 * message when it starts with '!'). */
static const struct {
	const char *ini;
	const char *msg;
} bad[] = {
	{ "[run]\nperiod = 2024-06\n\n\n\n\nincome_drop_pct = 120\n",
	  "line 7: key 'income_drop_pct': not a whole number 0-100" },
	{ "[run]\nincome_drop_pct = 2.5\n", "line 2: key 'income_drop_pct': not a whole number 0-100" },
	{ "[run]\nincome_tolerance_pct = -1\n", "line 2: key 'income_tolerance_pct': not a whole number 0-100" },
	{ "[run]\nperiod = 2024-13\n", "line 2: key 'period': not a period YYYY-MM (e.g. 2024-06)" },
	{ "[run]\nperiod = 2024-6\n", "line 2: key 'period': not a period YYYY-MM (e.g. 2024-06)" },
	{ "[run]\nincome_line = 七千\n",
	  "line 2: key 'income_line': not an amount in yuan (元/人/年) above 0, e.g. 7800" },
	{ "[run]\nincome_line = 0\n",
	  "line 2: key 'income_line': not an amount in yuan (元/人/年) above 0, e.g. 7800" },
	{ "[run]\nincome_line.24 = 7800\n",
	  "line 2: key 'income_line.24': not income_line.YYYY with a year 1900-2100" },
	{ "[run]\nincome_line.2024 = -7800\n",
	  "line 2: key 'income_line.2024': not an amount in yuan (元/人/年) above 0, e.g. 7800" },
	{ "[run]\nmedical_oop_threshold = 1万\n",
	  "line 2: key 'medical_oop_threshold': not an amount in yuan (元), e.g. 5000" },
	{ "[run]\nmedical_oop_threshold_roster = -5\n",
	  "line 2: key 'medical_oop_threshold_roster': not an amount in yuan (元), e.g. 5000" },
	{ "[run]\nmax_reject_pct = 101\n", "line 2: key 'max_reject_pct': not a percentage 0-100" },
	{ "[run]\nmax_reject_pct = 5x\n", "line 2: key 'max_reject_pct': not a percentage 0-100" },
	{ "[run]\nverify_days = 0\n", "line 2: key 'verify_days': not a whole number of days 1-365" },
	{ "[run]\nout =\n", "line 2: key 'out': empty folder name" },
	{ "[run]\nincome_drop = 20\n",
	  "line 2: unknown key 'income_drop' in [run] (known: period out income_line income_line.YYYY "
	  "medical_oop_threshold medical_oop_threshold_roster income_drop_pct income_tolerance_pct "
	  "max_reject_pct verify_days checks min_clear_months exemptions ledger)" },
	{ "[run]\nperiod = 2024-06\nperiod = 2024-07\n", "line 3: key 'period' given twice (first on line 2)" },
	{ "[run]\nincome_line.2024 = 7800\n[run]\nincome_line.2024 = 7900\n",
	  "line 4: key 'income_line.2024' given twice (first on line 2)" },
	{ "period = 2024-06\n",
	  "line 1: key 'period' outside a section (start with [run], [source NAME] or [townships])" },
	{ "[run]\n[township]\nA = B\n",
	  "line 2: unknown section [township] (known: [run], [source NAME], [townships])" },
	{ "[source]\nkind = roster\n", "line 1: [source] needs a name, e.g. [source 医保参保]" },
	{ "[sources x]\n", "line 1: unknown section [sources x] (known: [run], [source NAME], [townships])" },
	{ "[source a]\nkind = roster\nfile = a.csv\n[source a]\n", "line 4: [source a] defined twice (first on line 1)" },
	{ "[source a]\nkind = med_enrol\nfile = a.csv\n",
	  "line 2: key 'kind': unknown kind 'med_enrol' (known: roster household dibao tekun relief "
	  "death med_enroll med_claims employment school water survey)" },
	{ "[run]\n\n[source a]\nfile = a.csv\n", "line 3: [source a]: missing key 'kind'" },
	{ "[source a]\nkind = dibao\n", "line 1: [source a]: missing key 'file'" },
	{ "[source 空]\n[run]\nperiod = 2024-06\n", "line 1: [source 空]: missing key 'kind'" },
	{ "[source a]\nkind = dibao\nfile =\n", "line 3: key 'file': empty file name" },
	{ "[source a]\nkind = dibao\nfile = a\nfile = b\n", "line 4: key 'file' given twice (first on line 3)" },
	{ "[source a]\nkind = dibao\nfile = a\nheader_row = 三\n",
	  "line 4: key 'header_row': not a row number 1-1000 (0 = find it)" },
	{ "[source a]\nkind = dibao\nfile = a\nencoding = GB18303\n",
	  "line 4: key 'encoding': unknown encoding (e.g. UTF-8, GB18030, GBK)" },
	{ "[source a]\nkind = dibao\nfile = a\nsheet =\n", "line 4: key 'sheet': empty value" },
	{ "[source a]\nkind = dibao\nfile = a\nfiel = b\n",
	  "line 4: unknown key 'fiel' in [source a] (known: kind file encoding header_row sheet record "
	  "alias.<field>)" },
	{ "[source a]\nalias.oop = 个人自付\nkind = death\nfile = a\n",
	  "line 2: key 'alias.oop': kind death has no field 'oop' (fields: id name date)" },
	{ "[source a]\nkind = death\nfile = a\nalias.bogus = x\n",
	  "line 4: key 'alias.bogus': kind death has no field 'bogus' (fields: id name date)" },
	{ "[source a]\nkind = death\nfile = a\nalias. = x\n",
	  "line 4: key 'alias.': name a field, e.g. alias.oop = 个人自付金额" },
	{ "[townships]\n城关 =\n", "line 2: key '城关': want 别名 = 标准乡镇名, both not empty" },
	{ "[townships]\n城关 = 城关镇\n城关人民政府 = 城南镇\n", "line 3: key '城关' given twice (first on line 2)" },
	{ "[run]\nthis line has no equals sign\n", "line 2: not a [section] or key = value line" },
	{ "[run\nperiod = 2024-06\n", "line 1: not a [section] or key = value line" },
};

TEST(error_messages)
{
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		run_config c;
		char msg[1100], want[1100];
		int st = load(bad[i].ini, &c, msg, sizeof msg);
		snprintf(want, sizeof want, "'%s' %s", path, bad[i].msg);
		CHECK(st == DZ_EXIT_USAGE, "case %zu: status %d", i, st);
		CHECK(!strcmp(msg, want), "case %zu:\n#     got  %s\n#     want %s", i, msg, want);
		config_release(&c);
	}
}

TEST(missing_and_not_text)
{
	run_config c;
	config_init(&c);
	dzerr err = { 0 };
	char p[600], want[800];
	snprintf(p, sizeof p, "%s/nope.ini", tmpdir);
	CHECK(config_load(&c, p, &err) < 0, "missing file fails");
	CHECK_INT(err.status, DZ_EXIT_USAGE);
	snprintf(want, sizeof want, "cannot read config '%s': No such file or directory", p);
	CHECK_STR(err.msg, want);
	config_release(&c);

	char msg[1100];
	CHECK_INT(load("[run]\nperiod = \xFF\xFF\xFF\n", &c, msg, sizeof msg), DZ_EXIT_USAGE);
	snprintf(want, sizeof want, "config '%s' is neither UTF-8 nor GB18030 text", path);
	CHECK_STR(msg, want);
	config_release(&c);
}

TEST(set_option)
{
	run_config c;
	config_init(&c);
	dzerr err = { 0 };
	CHECK(config_set(&c, "income_line.2024", "7800", "--set", &err) == 0, "%s", err.msg);
	CHECK_INT(config_income_line(&c, 2024), 780000);
	CHECK(config_set(&c, "income_line.2024", "8000", "--set", &err) == 0, "a later --set wins");
	CHECK_INT(config_income_line(&c, 2024), 800000);
	CHECK_INT(c.nincome, 1);
	CHECK(config_set(&c, "out", "rel/dir", "--set", &err) == 0, "out");
	CHECK_STR(c.out, "rel/dir");   /* relative to the current folder, as given */
	CHECK(config_set(&c, "max_reject_pct", "10", NULL, &err) == 0, "pct");
	CHECK(c.max_reject_pct == 10, "max_reject_pct");
	CHECK(config_set(&c, "period", " 2024-02 ", "--set", &err) == 0, "period trimmed");
	CHECK_STR(c.period, "2024-02");

	CHECK(config_set(&c, "income_drop_pct", "abc", "--set", &err) < 0, "bad value");
	CHECK_INT(err.status, DZ_EXIT_USAGE);
	CHECK_STR(err.msg, "--set: key 'income_drop_pct': not a whole number 0-100");
	CHECK(config_set(&c, "verify_days", "400", NULL, &err) < 0, "bad days");
	CHECK_STR(err.msg, "--set: key 'verify_days': not a whole number of days 1-365");
	CHECK(config_set(&c, "kind", "roster", "--set", &err) < 0, "source keys are not [run] keys");
	CHECK_STR(err.msg, "--set: unknown key 'kind' in [run] (known: period out income_line "
	          "income_line.YYYY medical_oop_threshold medical_oop_threshold_roster income_drop_pct "
	          "income_tolerance_pct max_reject_pct verify_days checks min_clear_months exemptions ledger)");
	CHECK_INT(c.income_drop_pct, 20);   /* unchanged by a failed set */
	config_release(&c);

	/* CONFIG_MAX_YEARS */
	config_init(&c);
	char key[32];
	int rc = 0;
	for (int y = 1950; y < 1950 + CONFIG_MAX_YEARS; y++) {
		snprintf(key, sizeof key, "income_line.%d", y);
		rc |= config_set(&c, key, "100", "--set", &err);
	}
	CHECK_INT(rc, 0);
	CHECK(config_set(&c, "income_line.2099", "100", "--set", &err) < 0, "one year too many");
	CHECK_STR(err.msg, "--set: key 'income_line.2099': too many income_line.YYYY years");
	config_release(&c);
}

/* [run] checks = all | none | LJ codes (SPEC §5, 逻辑校验); min_clear_months. */
TEST(checks_option)
{
	static const struct { const char *v; uint32_t skip; } ok[] = {
		{ "all", 0 },
		{ "ALL", 0 },
		{ "none", 0xFFFFEu },                        /* LJ01-LJ19 */
		{ "None", 0xFFFFEu },
		{ "LJ01", 0xFFFFCu },
		{ "LJ01,LJ19", 0x7FFFCu },
		{ " lj02 , LJ03，LJ04、LJ05 ", 0xFFFC2u },    /* spaces, lower case, ， and 、 */
		{ "LJ18,LJ18", 0xBFFFEu },
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		run_config c;
		config_init(&c);
		dzerr err = { 0 };
		CHECK(config_set(&c, "checks", ok[i].v, "--set", &err) == 0, "'%s': %s", ok[i].v, err.msg);
		CHECK(c.lj_skip == ok[i].skip, "'%s': skip %#x, want %#x", ok[i].v, (unsigned)c.lj_skip,
		      (unsigned)ok[i].skip);
		config_release(&c);
	}
	static const struct { const char *v, *msg; } bad[] = {
		{ "LJ20", "--set: key 'checks': 'LJ20' is not a 逻辑校验 rule (all, none, or codes LJ01-LJ19 separated by commas)" },
		{ "LJ01,ZZ01", "--set: key 'checks': 'ZZ01' is not a 逻辑校验 rule (all, none, or codes LJ01-LJ19 separated by commas)" },
		{ "LJ1", "--set: key 'checks': 'LJ1' is not a 逻辑校验 rule (all, none, or codes LJ01-LJ19 separated by commas)" },
		{ "LJ01;LJ02", "--set: key 'checks': 'LJ01;LJ02' is not a 逻辑校验 rule (all, none, or codes LJ01-LJ19 separated by commas)" },
		{ "", "--set: key 'checks': empty (all, none, or codes LJ01-LJ19 separated by commas)" },
		{ " , ", "--set: key 'checks': empty (all, none, or codes LJ01-LJ19 separated by commas)" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		run_config c;
		config_init(&c);
		dzerr err = { 0 };
		CHECK(config_set(&c, "checks", bad[i].v, "--set", &err) < 0, "'%s' accepted", bad[i].v);
		CHECK_INT(err.status, DZ_EXIT_USAGE);
		CHECK_STR(err.msg, bad[i].msg);
		CHECK_INT(c.lj_skip, 0);
		config_release(&c);
	}
	run_config c;
	config_init(&c);
	dzerr err = { 0 };
	CHECK(config_set(&c, "min_clear_months", "12", "--set", &err) == 0, "%s", err.msg);
	CHECK_INT(c.min_clear_months, 12);
	CHECK(config_set(&c, "min_clear_months", "0", "--set", &err) < 0, "0 months");
	CHECK_STR(err.msg, "--set: key 'min_clear_months': not a whole number of months 1-120");
	CHECK_INT(c.min_clear_months, 12);
	config_release(&c);
	char msg[1100], want[1200];
	CHECK_INT(load("[run]\nchecks = LJ01, LJ17\nmin_clear_months = 3\n", &c, msg, sizeof msg), 0);
	CHECK(c.lj_skip == (0xFFFFEu & ~((1u << 1) | (1u << 17))), "ini checks: %#x", (unsigned)c.lj_skip);
	CHECK_INT(c.min_clear_months, 3);
	config_release(&c);
	CHECK_INT(load("[run]\nchecks = LJ01,YJ01\n", &c, msg, sizeof msg), DZ_EXIT_USAGE);
	snprintf(want, sizeof want, "'%s' line 2: key 'checks': 'YJ01' is not a 逻辑校验 rule "
	         "(all, none, or codes LJ01-LJ19 separated by commas)", path);
	CHECK_STR(msg, want);
	config_release(&c);
}

TEST(add_source)
{
	run_config c;
	config_init(&c);
	dzerr err = { 0 };
	CHECK(config_add_source(&c, "roster", "r.xlsx", "--roster", &err) == 0, "roster");
	CHECK(config_add_source(&c, "med_enroll", "a.csv", "--source", &err) == 0, "med 1");
	CHECK(config_add_source(&c, "med_enroll", "b.csv", "--source", &err) == 0, "med 2");
	CHECK(config_add_source(&c, "med_enroll", "-", "--source", &err) == 0, "med 3");
	CHECK_INT(c.nsources, 4);
	if (c.nsources == 4) {
		CHECK_STR(c.sources[0].name, "roster");
		CHECK_INT(c.sources[0].kind, KIND_ROSTER);
		CHECK_STR(c.sources[0].file, "r.xlsx");
		CHECK_STR(c.sources[1].name, "med_enroll");
		CHECK_STR(c.sources[2].name, "med_enroll#2");
		CHECK_STR(c.sources[2].file, "b.csv");
		CHECK_STR(c.sources[3].name, "med_enroll#3");
		CHECK_STR(c.sources[3].file, "-");
		CHECK_INT(c.sources[3].kind, KIND_MED_ENROLL);
		CHECK_INT(c.sources[3].line, 0);
	}
	CHECK(config_add_source(&c, "medenroll", "x.csv", "--source", &err) < 0, "unknown kind");
	CHECK_INT(err.status, DZ_EXIT_USAGE);
	CHECK_STR(err.msg, "--source: unknown kind 'medenroll' (known: roster household dibao tekun "
	          "relief death med_enroll med_claims employment school water survey)");
	CHECK(config_add_source(&c, "dibao", "", "--source", &err) < 0, "empty file");
	CHECK_STR(err.msg, "--source: empty file name");
	config_release(&c);

	/* on top of a config: --roster replaces the file's roster; a config
	 * section already named like the kind pushes the name to kind#2 */
	char msg[1100];
	CHECK(load("[source 花名册]\nkind = roster\nfile = old.xlsx\n"
	           "[source med_enroll]\nkind = med_enroll\nfile = m.csv\n", &c, msg, sizeof msg) == 0,
	      "%s", msg);
	CHECK(config_add_source(&c, "roster", "new.xlsx", "--roster", &err) == 0, "override");
	CHECK(config_add_source(&c, "med_enroll", "m2.csv", "--source", &err) == 0, "another med");
	CHECK_INT(c.nsources, 3);
	if (c.nsources == 3) {
		CHECK_STR(c.sources[0].name, "med_enroll");
		CHECK_STR(c.sources[1].name, "roster");
		CHECK_STR(c.sources[1].file, "new.xlsx");
		CHECK_STR(c.sources[2].name, "med_enroll#2");
	}
	CHECK(config_set(&c, "period", "2024-06", "--set", &err) == 0, "period");
	CHECK(config_set(&c, "out", "o", "--set", &err) == 0, "out");
	CHECK(config_validate(&c, &err) == 0, "valid: %s", err.msg);
	/* a second roster on the command line is not an override */
	CHECK(config_add_source(&c, "roster", "again.xlsx", "--roster", &err) == 0, "second");
	CHECK(config_validate(&c, &err) < 0, "two rosters");
	CHECK_STR(err.msg, "more than one roster source ('roster' and 'roster#2'); a run has exactly one");
	config_release(&c);
}

TEST(validate)
{
	run_config c;
	config_init(&c);
	dzerr err = { 0 };
	CHECK(config_validate(&c, &err) < 0, "no period");
	CHECK_INT(err.status, DZ_EXIT_USAGE);
	CHECK_STR(err.msg, "no period: set period = YYYY-MM in [run] or give --period");
	c.period = xstrdup("2024-00");
	CHECK(config_validate(&c, &err) < 0, "bad period");
	CHECK_STR(err.msg, "period '2024-00' is not YYYY-MM (month 01-12)");
	free(c.period);
	c.period = xstrdup("2024-12");
	CHECK(config_validate(&c, &err) < 0, "no out");
	CHECK_STR(err.msg, "no output folder: set out in [run] or give --out");
	c.out = xstrdup("o");
	config_add_source(&c, "med_enroll", "m.csv", NULL, &err);
	CHECK(config_validate(&c, &err) < 0, "no roster");
	CHECK_STR(err.msg, "no roster: give --roster FILE or a [source] with kind = roster");
	config_add_source(&c, "roster", "r.csv", NULL, &err);
	CHECK(config_validate(&c, &err) == 0, "one roster: %s", err.msg);
	config_add_source(&c, "household", "h1.csv", NULL, &err);
	CHECK(config_validate(&c, &err) == 0, "one household: %s", err.msg);
	config_add_source(&c, "household", "h2.csv", NULL, &err);
	CHECK(config_validate(&c, &err) < 0, "two households");
	CHECK_STR(err.msg, "more than one household source ('household' and 'household#2'); a run has at most one");
	config_release(&c);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "%s/dzconfig.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir)) {
		printf("not ok - mkdtemp\n");
		return 1;
	}
	RUN(example_file);
	RUN(defaults);
	RUN(relative_path_in_current_folder);
	RUN(long_lines_and_gb18030);
	RUN(error_messages);
	RUN(missing_and_not_text);
	RUN(set_option);
	RUN(checks_option);
	RUN(add_source);
	RUN(validate);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	return check_done();
}
