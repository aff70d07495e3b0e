/*
 * fuzz.h - shared by the libFuzzer harnesses in tests/fuzz/ (docs/testing.md).
 *
 * Each harness <name>.c defines LLVMFuzzerTestOneInput() over one parser and
 * is linked either with libFuzzer (make fuzz: clang -fsanitize=fuzzer,...)
 * or with replay.c (make test: gcc with ASan+UBSan, replays the committed
 * seeds and reproducers).  A harness returns 0 for every input the parser
 * accepts or refuses; it aborts (fuzz_fail) only when the parser breaks a
 * promise its header makes, so the sanitizers and those checks are the
 * findings.
 *
 * fuzz_file() gives readers that take a path the input as a file: a memfd
 * (created once, rewritten per input) named /proc/self/fd/N, so nothing is
 * written to disk and the readers open it exactly as dz opens a file.
 *
 * Memory: the memfd holds one input.
 */
#ifndef DZ_FUZZ_H
#define DZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "diag.h"
#include "rowsrc.h"
#include "textenc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define fuzz_fail(...) do { \
	fprintf(stderr, "fuzz: %s:%d: ", __FILE__, __LINE__); \
	fprintf(stderr, __VA_ARGS__); \
	fputc('\n', stderr); \
	abort(); \
} while (0)

static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	if (fd < 0) {
		diag_quiet = 1;   /* readers' warnings (unterminated quote ...) */
		fd = memfd_create("dz-fuzz", 0);
		if (fd < 0)
			fuzz_fail("memfd_create failed");
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0)
		fuzz_fail("ftruncate failed");
	for (size_t off = 0; off < size;) {
		ssize_t w = pwrite(fd, data + off, size - off, (off_t)off);
		if (w <= 0)
			fuzz_fail("pwrite failed");
		off += (size_t)w;
	}
	return path;
}

/* A reader's promise for every cell and name it delivers: NUL-terminated
 * UTF-8 of the stated length.  Reading every byte also lets ASan see an
 * out-of-bounds pointer. */
static inline void fuzz_check_text(const char *what, const char *s, size_t n)
{
	if (!s)
		fuzz_fail("%s: NULL text", what);
	if (s[n] != '\0')
		fuzz_fail("%s: not NUL-terminated at its length %zu", what, n);
	if (textenc_utf8_prefix((const unsigned char *)s, n) != n)
		fuzz_fail("%s: not valid UTF-8", what);
}

/* rowsrc_cb for the row readers: every cell (and XML field name) checked
 * as above; rows numbered in increasing order when ordered is set (CSV
 * lines, XML record ordinals; an xlsx sheet's row numbers are the file's). */
typedef struct fuzz_rows {
	bool ordered;
	long last;       /* last row number delivered */
	long rows;
} fuzz_rows;

static inline int fuzz_rows_cb(void *ctx, const rawrow *r)
{
	fuzz_rows *f = ctx;
	if (f->ordered && f->rows && r->row <= f->last)
		fuzz_fail("row %ld after row %ld", r->row, f->last);
	f->last = r->row;
	f->rows++;
	if (r->ncells && !r->cells)
		fuzz_fail("row %ld: %zu cells, no array", r->row, r->ncells);
	for (size_t i = 0; i < r->ncells; i++) {
		fuzz_check_text("cell", r->cells[i].s, r->cells[i].n);
		if (r->names)
			fuzz_check_text("field name", r->names[i].s, r->names[i].n);
	}
	if (r->malformed)
		fuzz_check_text("malformed reason", r->malformed, strlen(r->malformed));
	return 0;
}

/* A reader that fails says why: an exit status and a message. */
static inline void fuzz_check_err(int rc, const dzerr *err)
{
	if (rc != 0 && rc != -1)
		fuzz_fail("reader returned %d", rc);
	if (rc == -1 && (err->status < DZ_EXIT_IO || err->status > DZ_EXIT_DATA || !err->msg[0]))
		fuzz_fail("failure without status or message (%d '%s')", err->status, err->msg);
}

#endif
