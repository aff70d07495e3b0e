/*
 * version.c - dz version (also dz --version): dz's version and those of the
 * libraries it was built with and runs with (pipeline/version.c).
 */
#include <stdio.h>
#include "cmd.h"
#include "diag.h"
#include "version.h"

static const char usage[] =
	"usage: dz version\n"
	"\n"
	"显示 dz 的版本，以及编译时和运行时所用各库（libcsv、zlib、libxml2、libxlsxwriter、\n"
	"minizip、SQLite、libfreexl、glibc）的版本。报告问题时请附上这段输出。\n"
	"Print the versions of dz and of the libraries it was built with and runs with.\n"
	"\n"
	"Exit status: 0 printed; 1 cannot write standard output; 2 usage error.\n";

int cmd_version(int argc, char **argv)
{
	if (cmd_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "dz: version: unexpected argument '%s'\n", argv[1]);
		fputs(usage, stderr);
		return DZ_EXIT_USAGE;
	}
	strbuf sb;
	sb_init(&sb);
	version_report(&sb);
	int rc = fwrite(sb.buf, 1, sb.len, stdout) == sb.len ? DZ_EXIT_OK : DZ_EXIT_IO;
	sb_release(&sb);
	return rc;
}
