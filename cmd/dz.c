/*
 * dz.c - entry point: the dispatch table {name, function, one-line help}.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "cmd.h"
#include "diag.h"

static int cmd_help(int argc, char **argv);

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "run",     cmd_run,     "月度对账全流程：读入、关联、核对、预警、推送 (the monthly run)" },
	{ "sniff",   cmd_sniff,   "看 dz 从一个文件里读到什么 (what dz sees in a file)" },
	{ "ingest",  cmd_ingest,  "读入一个部门导出文件，输出规范记录流 (one export -> record stream)" },
	{ "check",   cmd_check,   "对规范记录流执行规则目录，输出报表 (rules over record streams -> reports)" },
	{ "push",    cmd_push,    "把报表按乡镇拆分成推送包 (split reports into township packages)" },
	{ "history", cmd_history, "查看台账中某线索、某人或某户的历次记录 (a subject's findings month by month)" },
	{ "idcheck", cmd_idcheck, "校验身份证号 (normalize and validate ID numbers)" },
	{ "version", cmd_version, "显示 dz 及所用各库的版本 (versions of dz and its libraries)" },
	{ "help",    cmd_help,    "显示帮助 (this list)" },
};

static void usage(FILE *fp)
{
	fprintf(fp, "usage: dz <command> [options]\n\n"
	            "dz 防返贫部门数据对账与预警推送 — county reconciliation of department data\n\n"
	            "commands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(fp, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(fp, "\n'dz <command> --help' describes one command.  Exit status: 0 completed,\n"
	            "1 I/O or internal failure, 2 usage or config error, 3 input data unusable.\n");
}

static int cmd_help(int argc, char **argv)
{
	if (argc > 1) {
		char *sub[] = { argv[1], "--help", NULL };
		for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
			if (!strcmp(commands[i].name, argv[1]) && commands[i].fn != cmd_help)
				return commands[i].fn(2, sub);
	}
	usage(stdout);
	return 0;
}

int cmd_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return 1;
	}
	return 0;
}

/* The one place that reports a failed standard output (commands leave it
 * to this, so that a full stdout gives one error line). */
int cmd_stdout_errno;

static int finish(int rc)
{
	errno = 0;
	bool bad = fflush(stdout) != 0 || ferror(stdout);
	int e = cmd_stdout_errno ? cmd_stdout_errno : errno;
	if (fclose(stdout) != 0 && !bad) {
		bad = true;
		e = errno;
	}
	if (bad) {
		fprintf(stderr, "dz: cannot write standard output: %s\n", e ? strerror(e) : "write error");
		return rc ? rc : DZ_EXIT_IO;
	}
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return DZ_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return finish(cmd_help(1, argv));
	if (!strcmp(argv[1], "--version"))
		return finish(cmd_version(1, argv));
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (!strcmp(commands[i].name, argv[1])) {
			diag_set_prefix(commands[i].name);
			return finish(commands[i].fn(argc - 1, argv + 1));
		}
	}
	fprintf(stderr, "dz: '%s' is not a dz command; see 'dz help'\n", argv[1]);
	return DZ_EXIT_USAGE;
}
