/*
 * xlsx.c - fuzz harness: an xlsx workbook (xlsxsrc_read_limited: minizip
 * over the file, workbook and relationships, shared strings, styles, the
 * first sheet streamed with libxml2's reader).
 *
 * Input: the file.  The zip-bomb limit per member is lowered to 16 MiB so
 * a small input cannot inflate past libFuzzer's memory limit (the ratio
 * limits are dz's).  Checks: cells NUL-terminated valid UTF-8, a failure
 * has a status and a message.
 */
#include "fuzz.h"
#include "xlsxsrc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	xlsx_limits lim = { .max_member = 16u << 20, .max_ratio = XLSX_MAX_RATIO,
	                    .ratio_floor = XLSX_RATIO_FLOOR };
	rowsrc_opts o = { 0 };
	fuzz_rows f = { .ordered = false };
	rowsrc_info info;
	dzerr err = { 0 };
	int rc = xlsxsrc_read_limited(path, "fuzz.xlsx", &o, &lim, fuzz_rows_cb, &f, &info, &err);
	fuzz_check_err(rc, &err);
	return 0;
}
