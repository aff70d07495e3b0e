/*
 * util.h - allocation wrappers, the one growable string buffer, a bump arena.
 *
 * Every module uses these instead of raw malloc: the x* wrappers abort with a
 * message on out-of-memory (a batch tool cannot do anything useful then).
 *
 * strbuf: growable byte buffer, always NUL-terminated, reset and reused per
 * row on hot paths (sb_reset keeps the allocation).
 * arena: bump allocator for per-file / per-run data freed all at once
 * (interned names, roster names).  Blocks of 64 KiB or larger.
 *
 * Ownership: a strbuf owns buf; an arena owns every pointer it returned.
 */
#ifndef DZ_UTIL_H
#define DZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdarg.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xmemdup0(const void *p, size_t n); /* copy n bytes and add a NUL */

typedef struct strbuf {
	char *buf;  /* NUL-terminated contents ("" when empty, never NULL after init) */
	size_t len; /* bytes used, excluding the NUL */
	size_t cap; /* bytes allocated */
} strbuf;

void sb_init(strbuf *sb);
void sb_release(strbuf *sb);             /* free contents, back to init state */
void sb_reset(strbuf *sb);               /* len = 0, keep allocation */
void sb_grow(strbuf *sb, size_t extra);  /* ensure room for extra more bytes */
void sb_add(strbuf *sb, const void *p, size_t n);
void sb_adds(strbuf *sb, const char *s);
void sb_addc(strbuf *sb, int c);
void sb_addf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(strbuf *sb, const char *fmt, va_list ap);
char *sb_detach(strbuf *sb);             /* hand buf to caller, reinit sb */

typedef struct arena_block arena_block;
typedef struct arena {
	arena_block *head; /* newest block first */
	size_t used;       /* bytes used in head */
	size_t size;       /* capacity of head */
} arena;

void arena_init(arena *a);
void arena_release(arena *a);            /* free every block */
void *arena_alloc(arena *a, size_t n);   /* 8-byte aligned, zeroed */
char *arena_strndup(arena *a, const char *s, size_t n);

/* Growable array of fixed-size elements, e.g. VEC(finding). */
#define VEC(T) struct { T *v; size_t n, cap; }
#define VEC_PUSH(vec, x) do { \
	if ((vec).n == (vec).cap) { \
		(vec).cap = (vec).cap ? 2 * (vec).cap : 16; \
		(vec).v = xrealloc((vec).v, (vec).cap * sizeof *(vec).v); \
	} \
	(vec).v[(vec).n++] = (x); \
} while (0)
#define VEC_FREE(vec) do { free((vec).v); (vec).v = NULL; (vec).n = (vec).cap = 0; } while (0)

/* 64-bit mixer for hash tables keyed by packed IDs (splitmix64 finalizer). */
static inline uint64_t hash64(uint64_t x)
{
	x ^= x >> 30; x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27; x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}
uint64_t hash_bytes(const void *p, size_t n); /* FNV-1a 64 */

#endif
