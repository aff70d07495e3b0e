/*
 * push.c - dz push: split OUT/P/{mismatches,warnings}.csv into township
 * packages OUT/P/push/<乡镇>/ (pipeline/run.c push_main).
 */
#include <stdio.h>
#include "cmd.h"
#include "runargs.h"

static const char usage[] =
	"usage: dz push [--config CONFIG.ini] [--out DIR] [--period YYYY-MM] [--set verify_days=N]\n"
	"               [--date YYYY-MM-DD] [--wait SECONDS] [--ledger FILE | --no-ledger] [-q]\n"
	"\n"
	"把 OUT/<期间>/ 下的 warnings.csv、mismatches.csv 与 checks.csv 按乡镇拆分，\n"
	"写出 OUT/<期间>/push/<乡镇>/ 推送包：预警名单.xlsx、不符明细.xlsx、\n"
	"逻辑校验.xlsx、问题排查整改台账.xlsx。所有包写完后，连同报表整体替换 OUT/<期间>/。\n"
	"\n"
	"  --config FILE       take out, period and verify_days from a config\n"
	"  --out DIR           output folder of the run (default: the config's, else dz-out)\n"
	"  --period YYYY-MM    period (default: the config's, else the previous month)\n"
	"  --set KEY=VALUE     a [run] setting; verify_days=N sets 整改时限 (default 15 days)\n"
	"  --date YYYY-MM-DD   推送日期; 整改时限 = it + verify_days (default: today)\n"
	"  --wait SECONDS      wait this long for another dz working on OUT (default 0)\n"
	"  --ledger FILE       the ledger the run recorded P in (default: the config's,\n"
	"                      else OUT/dz-ledger.sqlite): 持续 findings keep their 整改时限\n"
	"  --no-ledger         every 整改时限 from --date\n"
	"  -q, --quiet         quiet: no summary (errors still printed)\n"
	"\n"
	"Exit status: 0 delivered; 1 I/O failure or OUT in use; 2 usage error; 3 the reports come\n"
	"from a run that did not complete (OUT/<期间>.failed, a failed source in summary.csv)\n"
	"or are unreadable: nothing is pushed.\n";

int cmd_push(int argc, char **argv)
{
	if (cmd_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return 0;
	}
	runargs a;
	dzerr err = { 0 };
	int rc;
	if (runargs_parse(&a, argc, argv, RUNARGS_CONFIG_OPTION, &err) < 0) {
		rc = dzerr_report(&err);
	} else if (a.nrest > 0) {
		fprintf(stderr, "dz: push: unexpected argument '%s'; see dz push --help\n", a.rest[0]);
		rc = 2;
	} else {
		strbuf lp;
		sb_init(&lp);
		if (a.cfg.ledger)
			sb_adds(&lp, a.cfg.ledger);
		else
			sb_addf(&lp, "%s/dz-ledger.sqlite", a.cfg.out);
		rc = push_main(a.cfg.out, a.cfg.period, &a.opts, a.cfg.verify_days,
		               a.cfg.no_ledger ? NULL : lp.buf, &err);
		sb_release(&lp);
		if (rc != 0)
			dzerr_report(&err);
	}
	runargs_release(&a);
	return rc;
}
