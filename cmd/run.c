/*
 * run.c - dz run: the monthly run (pipeline/run.c).
 */
#include <stdio.h>
#include "cmd.h"
#include "runargs.h"

static const char usage[] =
	"usage: dz run CONFIG.ini [--period YYYY-MM] [--out DIR] [options]\n"
	"   or: dz run --roster FILE [--household FILE] --source KIND=FILE ... [--period YYYY-MM] --out DIR\n"
	"\n"
	"月度对账：读入系统导出与各部门数据，按身份证号关联，执行规则目录，\n"
	"写出 OUT/<期间>/ 下的 mismatches、warnings、checks、resolved、quality、summary 报表，\n"
	"并把各乡镇的推送包写到 OUT/<期间>/push/<乡镇>/。\n"
	"\n"
	"  --period YYYY-MM    period (default: the config's, else the previous month)\n"
	"  --out DIR           output folder (default: the config's, else dz-out)\n"
	"  --roster FILE       the monitoring system's member export\n"
	"  --household FILE    the system's household export\n"
	"  --source KIND=FILE  a department export; KIND: dibao tekun relief death med_enroll\n"
	"                      med_claims employment school water survey\n"
	"  --set KEY=VALUE     a [run] setting, e.g. income_line.2024=7800\n"
	"  --township A=NAME   township alias, as in the [townships] section\n"
	"  --exemptions FILE   the county's exemption list (豁免清单, CSV or xlsx); an\n"
	"                      invalid row stops the run before any output (exit 2)\n"
	"  -j, --jobs N        ingest N sources in parallel (default: CPUs)\n"
	"  --date YYYY-MM-DD   run date for 整改时限 (default: today)\n"
	"  --wait SECONDS      wait this long for another dz working on OUT (default 0:\n"
	"                      exit 1 at once, naming it)\n"
	"  --ledger FILE       the ledger (SQLite; default: the config's [run] ledger,\n"
	"                      else OUT/dz-ledger.sqlite); see docs/ledger.md\n"
	"  --no-ledger         no ledger: every finding 新增, nothing recorded\n"
	"  -q, --quiet         quiet: no summary (errors still printed)\n"
	"\n"
	"Exit status: 0 completed; 1 I/O failure; 2 usage or config error (also the\n"
	"exemption list); 3 input data unusable (reports written, nothing pushed).  See docs/.\n";

int cmd_run(int argc, char **argv)
{
	if (cmd_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return 0;
	}
	runargs a;
	dzerr err = { 0 };
	int rc;
	if (runargs_parse(&a, argc, argv, RUNARGS_CONFIG_POSITIONAL | RUNARGS_SOURCES, &err) < 0 ||
	    config_validate(&a.cfg, &err) < 0) {
		rc = dzerr_report(&err);
	} else if (a.nrest > 0) {
		fprintf(stderr, "dz: run: unexpected argument '%s'; see dz run --help\n", a.rest[0]);
		rc = 2;
	} else {
		a.opts.command = "dz run";
		rc = run_main(&a.cfg, &a.opts, &err);
		if (rc != 0 && err.status)
			dzerr_report(&err);
	}
	runargs_release(&a);
	return rc;
}
