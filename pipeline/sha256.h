/*
 * sha256.h - SHA-256 (FIPS 180-4) of byte strings and files, for the
 * ledger's record of every input file (SPEC §8).
 *
 * Functions in call order: sha256_init -> sha256_update ... ->
 * sha256_final; sha256_file does the three over a file.  The compression
 * function uses the x86 SHA extensions where the CPU has them (checked
 * once at run time) and portable C elsewhere; both give the same digest.
 *
 * Memory: a 64-byte block in the context; sha256_file reads through one
 * 64 KiB buffer on the stack.
 */
#ifndef DZ_SHA256_H
#define DZ_SHA256_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"

typedef struct sha256_ctx {
	uint32_t h[8];
	uint64_t bytes;          /* message length so far */
	unsigned char buf[64];   /* partial block */
	size_t nbuf;
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *p, size_t n);
/* The digest as 64 lowercase hex digits and a NUL. */
void sha256_final(sha256_ctx *c, char hex[65]);
/* Digest and size of a file; -1 with err (DZ_EXIT_IO) if it cannot be read. */
int sha256_file(const char *path, char hex[65], long long *size, dzerr *err);
/* Tests: 1 = always the portable C rounds (both paths must agree). */
void sha256_portable(int on);

#endif
