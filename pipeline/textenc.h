/*
 * textenc.h - text encodings of delimited exports: detection by content and
 * per-field conversion to UTF-8.
 *
 * textenc_detect() looks at the first bytes of a file (after any BOM):
 * valid UTF-8 with non-ASCII text -> "UTF-8"; not valid UTF-8 but shaped
 * like GB18030 (GBK's superset) -> "GB18030"; pure ASCII -> NULL (still
 * undecided: textenc_field() decides on the first non-ASCII field).
 *
 * textenc_open() prepares a converter for a detected or user-given name
 * (any glibc iconv name; UTF-8 in any spelling uses the built-in validator
 * instead of iconv).  textenc_field() appends one field as UTF-8 to a
 * strbuf: ASCII and valid UTF-8 are copied as they are (no iconv call);
 * invalid byte sequences become U+FFFD (one per invalid byte for UTF-8,
 * one per undecodable sequence for iconv encodings) and the call returns
 * true so the caller can flag the cell (DQ09).  GB18030 fields made of
 * ASCII and two-byte codes are decoded through a table of the two-byte
 * codes, built once per process with iconv itself (so the bytes are the
 * same); other fields go through iconv.
 *
 * Memory: the iconv descriptor; the GB18030 table (23,940 entries, 94 KiB,
 * shared by all readers, kept for the life of the process); output goes to
 * the caller's strbuf.  Not thread-shared: one textenc per reader.
 */
#ifndef DZ_TEXTENC_H
#define DZ_TEXTENC_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include "util.h"
#include "diag.h"

enum { TE_UNDECIDED, TE_UTF8, TE_ICONV };

typedef struct textenc {
	int mode;            /* TE_* */
	void *cd;            /* iconv_t when mode == TE_ICONV */
	const char *name;    /* "UTF-8", "GB18030" or the user's name (not owned) */
	const uint32_t *pairs; /* GB18030: UTF-8 of every two-byte code (shared), or NULL */
} textenc;

/* "UTF-8", "GB18030", or NULL when the bytes are pure ASCII.  complete:
 * p..p+n is the whole file (else a sequence cut at the end is not an error). */
const char *textenc_detect(const unsigned char *p, size_t n, bool complete);
/* Open a converter; name NULL = undecided (UTF-8 or GB18030, decided on the
 * first non-ASCII field).  An unknown name fails with DZ_EXIT_USAGE. */
int textenc_open(textenc *t, const char *name, dzerr *err);
/* Append field s[0..n) as UTF-8 to out; returns true if bytes were replaced. */
bool textenc_field(textenc *t, const char *s, size_t n, strbuf *out);
void textenc_close(textenc *t);

/* True if s names UTF-8 ("UTF-8", "utf8", ...). */
bool textenc_is_utf8(const char *name);
/* Length of the longest valid UTF-8 prefix of s[0..n). */
size_t textenc_utf8_prefix(const unsigned char *s, size_t n);

#endif
