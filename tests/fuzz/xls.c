/*
 * xls.c - fuzz harness: an Excel 97-2003 workbook (xlssrc_read: xlsscan's
 * own OLE2 and BIFF walk - hidden sheets, formula results, booleans,
 * FILEPASS - then libfreexl, the sheet choice and the rows).
 *
 * Input: the file.  Checks: cells NUL-terminated valid UTF-8, a failure
 * has a status and a message.
 */
#include "fuzz.h"
#include "xlssrc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	rowsrc_opts o = { 0 };
	fuzz_rows f = { .ordered = false };
	rowsrc_info info;
	dzerr err = { 0 };
	int rc = xlssrc_read(path, "fuzz.xls", &o, fuzz_rows_cb, &f, &info, &err);
	fuzz_check_err(rc, &err);
	return 0;
}
