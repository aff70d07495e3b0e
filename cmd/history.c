/*
 * history.c - dz history KEY|ID|户编号 [CONFIG.ini | --ledger DB]
 * (pipeline/history.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "config.h"
#include "history.h"
#include "util.h"

static const char usage[] =
	"usage: dz history KEY|ID|户编号 [CONFIG.ini | --ledger FILE]\n"
	"\n"
	"查看台账中某条线索（线索编号）、某人（证件号码）或某户（户编号）历次记录的问题：\n"
	"期间、线索编号、规则、状态、证据（系统值、部门值）、是否推送、推送日期、核实时限，\n"
	"以及每次乡镇反馈（核实结果、日期、核实人、来自哪个文件哪一行）。只读，不改台账。\n"
	"Print every recorded period's findings for one subject, tab-separated.\n"
	"\n"
	"  --ledger FILE       the ledger (default: the config's [run] ledger, else\n"
	"                      OUT/dz-ledger.sqlite of the config, else dz-out/dz-ledger.sqlite)\n"
	"\n"
	"Exit status: 0 printed (a subject with no record prints a note on stderr);\n"
	"1 I/O failure; 2 usage error, no ledger, or a ledger this dz cannot read.\n";

enum { O_LEDGER = 256 };

int cmd_history(int argc, char **argv)
{
	if (cmd_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return 0;
	}
	static const struct option longopts[] = {
		{ "ledger", required_argument, NULL, O_LEDGER },
		{ NULL, 0, NULL, 0 },
	};
	const char *ledger = NULL, *subject = NULL, *config = NULL;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "-", longopts, NULL)) != -1) {
		if (c == O_LEDGER) {
			ledger = optarg;
		} else if (c == 1 && !subject) {
			subject = optarg;
		} else if (c == 1 && !config) {
			config = optarg;
		} else {
			fprintf(stderr, "dz: history: %s '%s'; see dz history --help\n",
			        c == 1 ? "unexpected argument" : "unknown option", c == 1 ? optarg : argv[optind - 1]);
			return DZ_EXIT_USAGE;
		}
	}
	if (!subject || !*subject) {
		fputs(usage, stderr);
		return DZ_EXIT_USAGE;
	}
	run_config cfg;
	config_init(&cfg);
	dzerr err = { 0 };
	int rc = 0;
	strbuf path;
	sb_init(&path);
	if (ledger)
		sb_adds(&path, ledger);
	else if (config && config_load(&cfg, config, &err) < 0)
		rc = -1;
	else if (cfg.ledger)
		sb_adds(&path, cfg.ledger);
	else
		sb_addf(&path, "%s/dz-ledger.sqlite", cfg.out ? cfg.out : "dz-out");
	long found = 0;
	if (rc == 0 && history_print(path.buf, subject, stdout, &found, &err) < 0)
		rc = -1;
	if (rc < 0)
		rc = dzerr_report(&err);
	else if (found == 0)
		fprintf(stderr, "dz: history: no finding of '%s' is recorded in '%s'\n", subject, path.buf);
	sb_release(&path);
	config_release(&cfg);
	return rc;
}
