/*
 * recstream.c - fuzz harness: the record stream reader (recstream_read,
 * docs/records.md): header, field list, values re-derived with rec_value,
 * the #end account.
 *
 * Input: the stream.  Checks: a failure has a status and a message; every
 * value delivered is NUL-terminated at its length and free of tab, CR and
 * LF (record.h); a stream read without error and written back
 * (recstream_writer) reads and writes back to the same bytes.
 */
#include "fuzz.h"
#include "record.h"

static int rec_cb(void *ctx, const dzrec *r)
{
	rec_sink *w = ctx;
	for (int i = 0; i < F_COUNT; i++) {
		if (!r->v[i])
			fuzz_fail("field %d: NULL value", i);
		if (r->v[i][r->n[i]] != '\0')
			fuzz_fail("field %d: not NUL-terminated at its length %u", i, (unsigned)r->n[i]);
		if (memchr(r->v[i], '\t', r->n[i]) || memchr(r->v[i], '\r', r->n[i]) ||
		    memchr(r->v[i], '\n', r->n[i]))
			fuzz_fail("field %d: tab, CR or LF in '%s'", i, r->v[i]);
	}
	return w->record(w->ctx, r);
}

static int begin_cb(void *ctx, const src_info *info)
{
	rec_sink *w = ctx;
	return w->begin(w->ctx, info);
}

static int end_cb(void *ctx, const src_info *info, const src_account *a)
{
	rec_sink *w = ctx;
	return w->end(w->ctx, info, a);
}

/* Read the stream at path, write what was read to a new buffer (*out). */
static int pass(const char *path, char **out, size_t *outn, dzerr *err)
{
	FILE *fp = open_memstream(out, outn);
	recstream_writer *wr = recstream_writer_new(fp);
	rec_sink w = recstream_writer_sink(wr);
	rec_sink s = { begin_cb, rec_cb, end_cb, &w };
	int rc = recstream_read(path, &s, NULL, 0, err);
	fuzz_check_err(rc, err);
	if (recstream_writer_error(wr))
		fuzz_fail("writer error");
	recstream_writer_free(wr);
	fclose(fp);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *a = NULL, *b = NULL;
	size_t an = 0, bn = 0;
	dzerr err = { 0 };
	if (pass(fuzz_file(data, size), &a, &an, &err) == 0) {
		if (pass(fuzz_file((const uint8_t *)a, an), &b, &bn, &err) != 0)
			fuzz_fail("written stream refused: %s", err.msg);
		if (an != bn || memcmp(a, b, an))
			fuzz_fail("stream not stable when written back (%zu / %zu bytes)", an, bn);
	}
	free(a);
	free(b);
	return 0;
}
