/*
 * csv.c - fuzz harness: a delimited-text export as dz reads a file
 * (rowsrc_read: gzip, UTF-16 refusal, container by content, encoding
 * detection, GB18030 / UTF-8 / forced iconv conversion, libcsv rows).
 *
 * Input: one options byte, then the file.  Options: bits 0-2 the encoding
 * (0-3 detect, 4 GB18030, 5 UTF-8, 6 UTF-16LE forced through iconv, 7 GBK),
 * bits 3-4 the read size (default, 3, 61, 4096 bytes: rows split across
 * reads), bit 5 a 16-byte field limit (oversized fields -> malformed rows).
 * Checks: cells NUL-terminated valid UTF-8, rows in increasing order, a
 * failure has a status and a message.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const enc[8] = { NULL, NULL, NULL, NULL, "GB18030", "UTF-8", "UTF-16LE", "GBK" };
	static const size_t chunk[4] = { 0, 3, 61, 4096 };
	if (size < 1)
		return 0;
	rowsrc_opts o = { .encoding = enc[data[0] & 7], .chunk = chunk[(data[0] >> 3) & 3],
	                  .max_field = data[0] & 32 ? 16 : 0 };
	const char *path = fuzz_file(data + 1, size - 1);
	fuzz_rows f = { .ordered = true };
	rowsrc_info info;
	dzerr err = { 0 };
	int rc = rowsrc_read(path, "fuzz.csv", &o, fuzz_rows_cb, &f, &info, &err);
	fuzz_check_err(rc, &err);
	return 0;
}
