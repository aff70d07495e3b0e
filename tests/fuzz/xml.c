/*
 * xml.c - fuzz harness: an XML export (xmlsrc_read over a dzin, as
 * rowsrc_read hands it over: declared or detected encoding, record
 * element detection, attributes and leaf elements as fields, entity
 * refusal).
 *
 * Input: the file.  Checks: field names and cells NUL-terminated valid
 * UTF-8, records numbered in increasing order, a failure has a status and
 * a message.
 */
#include "fuzz.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	dzerr err = { 0 };
	dzin *in = dzin_open(path, "fuzz.xml", &err);
	if (!in)
		fuzz_fail("dzin_open: %s", err.msg);
	fuzz_rows f = { .ordered = true };
	rowsrc_opts o = { 0 };
	int rc = xmlsrc_read(in, "fuzz.xml", &o, fuzz_rows_cb, &f, &err);
	dzin_close(in);
	fuzz_check_err(rc, &err);
	return 0;
}
