/*
 * check.c - dz check: the rule catalogue over record streams written by
 * dz ingest (pipeline/run.c check_main).  Writes the county reports, never
 * pushes.
 */
#include <stdio.h>
#include "cmd.h"
#include "runargs.h"

static const char usage[] =
	"usage: dz check [--config CONFIG.ini] [--period YYYY-MM] [--out DIR] [--set KEY=VALUE]... RECORDS...\n"
	"\n"
	"对 dz ingest 输出的规范记录流执行规则目录（账账相符、账实相符、预警、逻辑校验），\n"
	"写出 OUT/<期间>/ 下的 mismatches、warnings、checks、quality、summary 报表；不推送。\n"
	"需要一个 roster 记录流；'-' 表示标准输入（只能用一次）。\n"
	"\n"
	"  --config FILE       take [run] settings and [townships] from a config\n"
	"  --period YYYY-MM    period (default: previous month)\n"
	"  --out DIR           output folder (default: dz-out)\n"
	"  --set KEY=VALUE     a [run] setting, e.g. income_line.2024=7800\n"
	"  --date YYYY-MM-DD   run date written into the reports (default: today)\n"
	"  --wait SECONDS      wait this long for another dz working on OUT (default 0)\n"
	"  -j, --jobs N        read N record streams in parallel (default: CPUs)\n"
	"  --ledger FILE       states against this ledger (read only; default\n"
	"                      OUT/dz-ledger.sqlite if present); --no-ledger: all 新增\n"
	"  -q, --quiet         quiet: no summary (errors still printed)\n"
	"\n"
	"Example:\n"
	"  dz ingest --kind roster --period 2024-06 roster.csv > roster.rec\n"
	"  dz ingest --kind med_enroll --period 2024-06 医保.csv > med.rec\n"
	"  dz check --period 2024-06 --set income_line.2024=7800 --out out roster.rec med.rec\n"
	"  dz push --period 2024-06 --out out\n"
	"\n"
	"Exit status: 0 completed; 1 I/O failure; 2 usage error; 3 input data unusable.\n";

int cmd_check(int argc, char **argv)
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
	} else if (a.nrest == 0) {
		fputs(usage, stderr);
		rc = 2;
	} else {
		a.opts.command = "dz check";
		rc = check_main(&a.cfg, &a.opts, a.rest, a.nrest, &err);
		if (rc != 0 && err.status)
			dzerr_report(&err);
	}
	runargs_release(&a);
	return rc;
}
