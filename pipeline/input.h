/*
 * input.h - a byte stream from a file or stdin, transparently gunzipped.
 *
 * dzin_open() reads the first bytes to recognize gzip by its magic number
 * (1f 8b) and then streams through zlib's inflate (multi-member gzip
 * accepted); nothing is decompressed to disk.  dzin_peek() shows the first
 * decompressed bytes (up to 64 KiB) without consuming them, so container and
 * encoding can be detected by content.  A truncated or corrupt gzip stream
 * makes dzin_read() fail with DZ_EXIT_DATA and a message naming the file.
 *
 * Memory: two fixed 64 KiB buffers plus zlib's state.
 */
#ifndef DZ_INPUT_H
#define DZ_INPUT_H

#include <stddef.h>
#include <stdbool.h>
#include <sys/types.h>
#include "diag.h"

typedef struct dzin dzin;

dzin *dzin_open(const char *path, const char *display, dzerr *err); /* "-" = stdin */
/* Decompressed bytes into buf; 0 at end; -1 on error (err filled). */
ssize_t dzin_read(dzin *in, void *buf, size_t n, dzerr *err);
/* First decompressed bytes (peeked, not consumed); *n set to how many. */
const unsigned char *dzin_peek(dzin *in, size_t *n, dzerr *err);
/* Read the stream from here on as text in encoding `from` (e.g.
 * "UTF-16LE") converted to UTF-8, skipping its first `skip` bytes (a BOM).
 * Call after dzin_peek() and before any dzin_read(); peek again after.
 * Unknown encoding: DZ_EXIT_USAGE. */
int dzin_transcode(dzin *in, const char *from, size_t skip, dzerr *err);
bool dzin_gzipped(const dzin *in);
const char *dzin_path(const dzin *in);     /* path as opened ("-" for stdin) */
const char *dzin_display(const dzin *in);  /* name for messages */
int dzin_fd(const dzin *in);               /* underlying fd (raw, compressed) */
void dzin_close(dzin *in);

#endif
