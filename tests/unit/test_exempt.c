/*
 * test_exempt.c - the exemption list (exempt.h, SPEC §9) on hand-built
 * lists and findings: matching (whole rule, person, household, places with
 * aliases and 人民政府, IDs as written), the in-force dates at the edges,
 * the 说明 of an exempted finding, the counts, and every validation error
 * with its exact message.  The IDs are checked by hand: 411424198811230114
 * (check character 4), its 15-digit form 411424881123011.
 */
#include "check.h"
#include "config.h"
#include "exempt.h"
#include "rules.h"
#include "vocab.h"
#include <stdlib.h>
#include <unistd.h>

static char tmpdir[256];
static char path[512];

#define HEAD "规则编号,证件号码,户编号,乡镇,行政村,豁免理由,批准人,批准日期,有效期至\n"
#define ID1 "411424198811230114"
#define ID2 "411424198501309118"

static void write_file(const char *name, const char *text)
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

/* R = 2026-11-30 throughout. */
static int32_t R(void) { return date_from_ymd(2026, 11, 30); }

/* The townships aliases of a config: 柳河 -> 柳河镇. */
static place_alias aliases[] = { { "柳河", "柳河镇" } };

/* Load text as name; the status (0 ok) and the message. */
static int load(exempt_list *l, const char *name, const char *text, char *msg, size_t cap)
{
	dzerr err = { 0 };
	write_file(name, text);
	exempt_init(l);
	int rc = exempt_load(l, path, R(), aliases, 1, &err);
	snprintf(msg, cap, "%s", rc < 0 ? err.msg : "");
	return rc < 0 ? err.status : 0;
}

static finding mk(const char *rule, const char *town, const char *vil, const char *hid,
                  const char *id)
{
	finding x = { .rule = rule_index(rule), .township = town, .village = vil,
	              .household_id = hid, .name = "某某", .id = id, .sys_value = "",
	              .dept_value = "", .source = "", .loc = "", .note = "原说明" };
	return x;
}

static const char *note_of(const exempt_list *l, finding x)
{
	const exempt_row *e = exempt_match(l, &x, R());
	return e ? e->note : NULL;
}

TEST(matching)
{
	exempt_list l;
	char msg[1024];
	int rc = load(&l, "ok.csv",
	              HEAD
	              "YJ08,,,柳河,王庄村,水厂改造中,李主任,2026-10-01,\n"
	              "ZZ01,４１１４２４１９８８１１２３０１１４,,,,异地参保,王局长,2026/11/30,2026-11-30\n"
	              "zz03, 411424881123011 ,,,,在外省享受低保,王局长,20261101,\n"
	              "YJ06,,4114241010010035,,,已核实收入,赵科长,2026年9月1日,\n"
	              "ZZ13,,,城关镇人民政府,,全镇管网改造,钱主任,2026-01-01,\n"
	              "YJ05,,,,,试点,孙主任,2026-01-01,\n"
	              "YJ05,,,,,第二条,孙主任,2026-01-01,\n", msg, sizeof msg);
	CHECK(rc == 0, "load: %d %s", rc, msg);
	CHECK_INT(l.nrows, 7);
	CHECK_INT(l.in_force, 7);
	/* a village row: the township through the config's alias */
	CHECK(note_of(&l, mk("YJ08", "柳河镇", "王庄村", "", "")) != NULL, "YJ08 王庄村");
	CHECK(note_of(&l, mk("YJ08", "柳河镇", "李楼村", "", "")) == NULL, "YJ08 other village");
	CHECK(note_of(&l, mk("YJ08", "石桥乡", "王庄村", "", "")) == NULL, "YJ08 other township");
	/* a person row: the ID written full width; the 15-digit form, rule in lower case */
	CHECK(note_of(&l, mk("ZZ01", "城关镇", "东关村", "1", ID1)) != NULL, "ZZ01 person");
	CHECK(note_of(&l, mk("ZZ01", "城关镇", "东关村", "1", ID2)) == NULL, "ZZ01 other person");
	CHECK(note_of(&l, mk("ZZ02", "城关镇", "东关村", "1", ID1)) == NULL, "other rule, same person");
	CHECK(note_of(&l, mk("ZZ03", "马庄乡", "", "", ID1)) != NULL, "15-digit ID");
	/* a household row */
	CHECK(note_of(&l, mk("YJ06", "城关镇", "东关村", "4114241010010035", ID2)) != NULL, "YJ06 household");
	CHECK(note_of(&l, mk("YJ06", "城关镇", "东关村", "4114241010010036", ID2)) == NULL, "YJ06 other household");
	/* a township row: every finding of the rule there */
	CHECK(note_of(&l, mk("ZZ13", "城关镇", "北街村", "9", ID2)) != NULL, "ZZ13 township");
	CHECK(note_of(&l, mk("ZZ13", "柳河镇", "北街村", "9", ID2)) == NULL, "ZZ13 other township");
	/* a whole-rule row, and of two matching rows the first gives the 说明 */
	const char *n = note_of(&l, mk("YJ05", "未知乡镇", "", "", ID2));
	CHECK(n && !strcmp(n, "豁免：试点（孙主任 2026-01-01）"), "first row's note: %s", n ? n : "(none)");
	n = note_of(&l, mk("ZZ01", "城关镇", "东关村", "1", ID1));
	CHECK(n && !strcmp(n, "豁免：异地参保（王局长 2026-11-30）"), "note: %s", n ? n : "(none)");
	exempt_release(&l);
}

TEST(in_force_dates)
{
	exempt_list l;
	char msg[1024];
	/* R = 2026-11-30: approved on R (in force), the day after R (not yet);
	 * until R (in force), until the day before R (expired) */
	int rc = load(&l, "dates.csv",
	              HEAD
	              "ZZ01," ID1 ",,,,a,甲,2026-11-30,\n"
	              "ZZ02," ID1 ",,,,b,乙,2026-12-01,\n"
	              "ZZ03," ID1 ",,,,c,丙,2026-01-01,2026-11-30\n"
	              "ZZ04," ID1 ",,,,d,丁,2026-01-01,2026-11-29\n", msg, sizeof msg);
	CHECK(rc == 0, "load: %s", msg);
	CHECK_INT(l.in_force, 2);
	CHECK_INT(l.not_yet, 1);
	CHECK_INT(l.expired, 1);
	CHECK(note_of(&l, mk("ZZ01", "城关镇", "", "", ID1)) != NULL, "approved on R");
	CHECK(note_of(&l, mk("ZZ02", "城关镇", "", "", ID1)) == NULL, "approved after R");
	CHECK(note_of(&l, mk("ZZ03", "城关镇", "", "", ID1)) != NULL, "until R");
	CHECK(note_of(&l, mk("ZZ04", "城关镇", "", "", ID1)) == NULL, "expired the day before R");
	CHECK_INT(exempt_state(&l.rows[3], date_from_ymd(2026, 11, 29)), EXEMPT_IN_FORCE);
	exempt_release(&l);
}

TEST(apply)
{
	exempt_list l;
	char msg[1024];
	int rc = load(&l, "apply.csv", HEAD "YJ01," ID1 ",,,,已纳入监测,王局长,2026-09-01,\n",
	              msg, sizeof msg);
	CHECK(rc == 0, "load: %s", msg);
	findings f;
	findings_init(&f);
	finding a = mk("YJ01", "城关镇", "东关村", "1", ID1), b = mk("YJ01", "城关镇", "东关村", "2", ID2);
	findings_add(&f, &a);
	findings_add(&f, &b);
	CHECK_INT(exempt_apply(&l, &f, R()), 1);
	CHECK(f.items.v[0].exempt && !f.items.v[1].exempt, "flags");
	CHECK_STR(f.items.v[0].note, "豁免：已纳入监测（王局长 2026-09-01）");
	CHECK_STR(f.items.v[1].note, "原说明");
	CHECK_INT(l.exempted, 1);
	findings_release(&f);
	exempt_release(&l);
}

TEST(header_and_aliases)
{
	exempt_list l;
	char msg[1024];
	/* title rows above, columns in another order, aliases, spaces and
	 * full-width brackets in headers, blank rows */
	int rc = load(&l, "alias.csv",
	              "示范县 豁免清单（2026年）,,,,,,,,\n"
	              ",,,,,,,,\n"
	              "序号,规则代码,身份证号,家庭编号,乡（镇）,村（社区）,豁免原因,审批人,审批日期,有效期,备注\n"
	              "1,YJ04," ID1 ",,,,随迁就读,教育局,2026-09-01,,\n"
	              ",,,,,,,,,,\n"
	              "2,YJ04,,,,,全县,教育局,2026-09-01,2027-08-31,\n", msg, sizeof msg);
	CHECK(rc == 0, "load: %s", msg);
	CHECK_INT(l.nrows, 2);
	CHECK_INT(l.rows[0].row, 4);
	CHECK_INT(l.rows[1].row, 6);
	CHECK_STR(l.rows[0].id, ID1);
	exempt_release(&l);
	/* an empty list (header only) exempts nothing */
	rc = load(&l, "empty.csv", HEAD, msg, sizeof msg);
	CHECK(rc == 0 && l.nrows == 0, "empty list: %d %s", rc, msg);
	CHECK(note_of(&l, mk("YJ04", "城关镇", "", "", ID1)) == NULL, "nothing exempted");
	exempt_release(&l);
}

static void expect_error(const char *name, const char *text, const char *want)
{
	exempt_list l;
	char msg[1024];
	int rc = load(&l, name, text, msg, sizeof msg);
	CHECK(rc == DZ_EXIT_USAGE, "%s: status %d", name, rc);
	CHECK(!strcmp(msg, want), "%s:\n#     got  '%s'\n#     want '%s'", name, msg, want);
	exempt_release(&l);
}

#define STOP "; the run stopped before any output"

TEST(errors)
{
	expect_error("bad_id.csv", HEAD "YJ01," ID1 ",,,,a,甲,2026-01-01,\nYJ01,411424198811230115,,,,a,甲,2026-01-01,\n",
	             "exemption list 'bad_id.csv': row 3, column 证件号码: bad ID '411424198811230115': "
	             "check character wrong" STOP);
	expect_error("short_id.csv", "规则编号,身份证号,户编号,乡镇,行政村,豁免理由,批准人,批准日期,有效期至\n"
	             "YJ01,41142419881123011,,,,a,甲,2026-01-01,\n",
	             "exemption list 'short_id.csv': row 2, column 身份证号: bad ID '41142419881123011': "
	             "malformed" STOP);
	expect_error("sci_id.csv", HEAD "YJ01,4.11424E+17,,,,a,甲,2026-01-01,\n",
	             "exemption list 'sci_id.csv': row 2, column 证件号码: bad ID '4.11424E+17': destroyed "
	             "by a spreadsheet (scientific notation, or stored as a number)" STOP);
	expect_error("rule.csv", HEAD "ZZ16,,,,,a,甲,2026-01-01,\n",
	             "exemption list 'rule.csv': row 2, column 规则编号: unknown rule 'ZZ16' (the codes of "
	             "the rule catalogue: ZZ01-ZZ15, ZS01-ZS05, YJ01-YJ08, LJ01-LJ19)" STOP);
	expect_error("dq.csv", HEAD "DQ01,,,,,a,甲,2026-01-01,\n",
	             "exemption list 'dq.csv': row 2, column 规则编号: unknown rule 'DQ01' (the codes of "
	             "the rule catalogue: ZZ01-ZZ15, ZS01-ZS05, YJ01-YJ08, LJ01-LJ19)" STOP);
	expect_error("norule.csv", HEAD ",,,,,a,甲,2026-01-01,\n",
	             "exemption list 'norule.csv': row 2, column 规则编号: empty (规则编号, 豁免理由, 批准人 "
	             "and 批准日期 are required)" STOP);
	expect_error("noreason.csv", HEAD "ZZ01,,,,, ,甲,2026-01-01,\n",
	             "exemption list 'noreason.csv': row 2, column 豁免理由: empty (规则编号, 豁免理由, 批准人 "
	             "and 批准日期 are required)" STOP);
	expect_error("noapprover.csv", HEAD "ZZ01,,,,,a,,2026-01-01,\n",
	             "exemption list 'noapprover.csv': row 2, column 批准人: empty (规则编号, 豁免理由, 批准人 "
	             "and 批准日期 are required)" STOP);
	expect_error("nodate.csv", HEAD "ZZ01,,,,,a,甲,,\n",
	             "exemption list 'nodate.csv': row 2, column 批准日期: empty (规则编号, 豁免理由, 批准人 "
	             "and 批准日期 are required)" STOP);
	expect_error("date.csv", HEAD "ZZ01,,,,,a,甲,2026-02-30,\n",
	             "exemption list 'date.csv': row 2, column 批准日期: not a date: '2026-02-30' "
	             "(e.g. 2026-11-01)" STOP);
	expect_error("until.csv", HEAD "ZZ01,,,,,a,甲,2026-01-01,明年\n",
	             "exemption list 'until.csv': row 2, column 有效期至: not a date: '明年' "
	             "(e.g. 2026-11-01)" STOP);
	expect_error("order.csv", HEAD "ZZ01,,,,,a,甲,2026-06-01,2026-05-31\n",
	             "exemption list 'order.csv': row 2, column 有效期至: 2026-05-31 is before 批准日期 "
	             "2026-06-01" STOP);
	expect_error("nocol.csv", "规则编号,证件号码,乡镇,行政村,豁免理由,批准人,批准日期\nZZ01,,,,a,甲,2026-01-01\n",
	             "exemption list 'nocol.csv': row 1: no column 户编号, 有效期至 (columns found: 规则编号, "
	             "证件号码, 乡镇, 行政村, 豁免理由, 批准人, 批准日期)" STOP);
	expect_error("twice.csv", "规则编号,证件号码,身份证号,户编号,乡镇,行政村,豁免理由,批准人,批准日期,有效期至\n",
	             "exemption list 'twice.csv': row 1: columns 证件号码 and 身份证号 are both 证件号码 "
	             "(keep one)" STOP);
	expect_error("nohead.csv", "姓名,身份证号\n张三," ID1 "\n",
	             "exemption list 'nohead.csv': no header row with a 规则编号 column" STOP);
	/* the reader's own problems (their words are the reader's) name the
	 * path too, and are usage errors like the rest */
	static const char *const broken[][2] = { { "empty.csv", "" }, { "gz.csv", "\x1f\x8b\x08" } };
	for (int i = 0; i < 2; i++) {
		exempt_list l;
		char msg[1024], pre[64], suf[700];
		int rc = load(&l, broken[i][0], broken[i][1], msg, sizeof msg);
		snprintf(pre, sizeof pre, "exemption list '%s': ", broken[i][0]);
		snprintf(suf, sizeof suf, " (path '%s/%s')" STOP, tmpdir, broken[i][0]);
		size_t n = strlen(msg), ns = strlen(suf);
		CHECK(rc == DZ_EXIT_USAGE && !strncmp(msg, pre, strlen(pre)) && n > ns &&
		      !strcmp(msg + n - ns, suf), "%s: %d '%s'", broken[i][0], rc, msg);
		exempt_release(&l);
	}
	/* the first problem stops the load: a good row after it changes nothing */
	expect_error("first.csv", HEAD "ZZ01,,,,,a,甲,2026-01-01,\nZZ99,,,,,a,甲,2026-01-01,\nZZ01,,,,,a,甲,x,\n",
	             "exemption list 'first.csv': row 3, column 规则编号: unknown rule 'ZZ99' (the codes of "
	             "the rule catalogue: ZZ01-ZZ15, ZS01-ZS05, YJ01-YJ08, LJ01-LJ19)" STOP);
}

TEST(config_key)
{
	/* [run] exemptions is relative to the config file's folder */
	char ini[600];
	snprintf(ini, sizeof ini, "%s/county.ini", tmpdir);
	FILE *fp = fopen(ini, "wb");
	fputs("[run]\nperiod = 2026-11\nexemptions = 豁免/清单.xlsx\n[source r]\nkind = roster\nfile = r.csv\n", fp);
	fclose(fp);
	run_config c;
	config_init(&c);
	dzerr err = { 0 };
	int rc = config_load(&c, ini, &err);
	CHECK(rc == 0, "load: %s", err.msg);
	char want[700];
	snprintf(want, sizeof want, "%s/豁免/清单.xlsx", tmpdir);
	CHECK(c.exemptions && !strcmp(c.exemptions, want), "exemptions = %s", c.exemptions ? c.exemptions : "(null)");
	config_release(&c);
	config_init(&c);
	rc = config_set(&c, "exemptions", " ", "--set", &err);
	CHECK(rc < 0 && !strcmp(err.msg, "--set: key 'exemptions': empty file name"), "empty: %s", err.msg);
	config_release(&c);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "%s/dzexempt.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir)) {
		printf("not ok - mkdtemp\n");
		return 1;
	}
	RUN(matching);
	RUN(in_force_dates);
	RUN(apply);
	RUN(header_and_aliases);
	RUN(errors);
	RUN(config_key);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	return check_done();
}
