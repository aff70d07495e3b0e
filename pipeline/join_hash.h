/*
 * join_hash.h - the hash tables of the join, and nothing else:
 *   itab   packed 64-bit key -> uint32 index into a dense array whose
 *          elements start with the key (persons, slots, survey records);
 *   smap   byte string -> uint32 value, keys copied into a string pool
 *          (户编号, township and village names, interned words);
 *   table_alloc()  zeroed memory for big tables, on transparent huge pages.
 * The probe of an itab is inline here: the join's per-row paths
 * (join_facts.c, join_persons.c) call it for every department row.
 *
 * Functions, in the order a table meets them: table_alloc() (by
 * itab_add), itab_find() / itab_add(), smap_get() / smap_put(),
 * pool_add(), itab_release() / smap_release() -> table_free().
 *
 * Memory: an itab holds 8 bytes per entry at load <= 3/4 (capacity a power
 * of two); an smap 4 bytes per bucket at load <= 1/2 plus 16 bytes per
 * entry, its keys in the caller's pool.  Nothing is freed before release.
 */
#ifndef DZ_JOIN_HASH_H
#define DZ_JOIN_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "util.h"

#define NONE32 UINT32_MAX      /* no index (also in join_data.h, identically) */

/* Zeroed memory for a hash table (nmemb * size bytes); big tables are
 * mapped on huge pages.  table_free() needs the same counts. */
void *table_alloc(size_t nmemb, size_t size);
void table_free(void *p, size_t nmemb, size_t size);

/* u64 key -> uint32 index into a dense array whose elements start with the
 * key.  Entries are 8 bytes: (tag << 32) | (index + 1), 0 = empty, where
 * tag = the high half of hash64(key); the tag also picks the bucket, so a
 * rehash never reads the elements, and a probe reads an element only when
 * its tag matches. */
typedef struct itab {
	uint64_t *t;
	uint32_t mask;     /* capacity - 1 (capacity a power of two) */
	uint32_t n;        /* entries */
} itab;

static inline uint32_t key_tag(uint64_t key)
{
	return (uint32_t)(hash64(key) >> 32);
}

static inline uint64_t key_at(const void *base, size_t stride, uint32_t i)
{
	uint64_t k;
	memcpy(&k, (const char *)base + (size_t)i * stride, sizeof k);
	return k;
}

/* Index of key in base[] (elements of `stride` bytes), NONE32 if absent.
 * it->t != NULL; tag = key_tag(key). */
static inline uint32_t itab_find_t(const itab *it, const void *base, size_t stride, uint64_t key,
                                   uint32_t tag)
{
	for (uint32_t h = tag & it->mask;; h = (h + 1) & it->mask) {
		uint64_t e = it->t[h];
		if (!e)
			return NONE32;
		if ((uint32_t)(e >> 32) == tag && key_at(base, stride, (uint32_t)e - 1) == key)
			return (uint32_t)e - 1;
	}
}

static inline uint32_t itab_find(const itab *it, const void *base, size_t stride, uint64_t key)
{
	return it->t ? itab_find_t(it, base, stride, key, key_tag(key)) : NONE32;
}

/* Adds index idx for a key that is absent (tag = key_tag(key)). */
void itab_add_t(itab *it, uint32_t tag, uint32_t idx);

static inline void itab_add(itab *it, uint64_t key, uint32_t idx)
{
	itab_add_t(it, key_tag(key), idx);
}

void itab_release(itab *it);

/* byte string -> uint32 value; keys are copied (NUL-terminated) into a pool. */
typedef struct smap_ent {
	uint32_t off;      /* key offset in the owner's pool */
	uint32_t len;      /* key length */
	uint32_t val;
	uint32_t hash;
} smap_ent;

typedef struct smap {
	uint32_t *t;       /* entry index + 1; 0 = empty */
	uint32_t mask;
	VEC(smap_ent) ent;
} smap;

bool smap_get(const smap *m, const strbuf *pool, const void *k, size_t n, uint32_t *val);
/* Adds a key that is not in the map; returns the key's pool offset. */
uint32_t smap_put(smap *m, strbuf *pool, const void *k, size_t n, uint32_t val);
void smap_release(smap *m);

/* Appends n bytes and a NUL to a string pool; returns the offset.  k must
 * not point into pool.  Pools start with one NUL, so offset 0 is "". */
uint32_t pool_add(strbuf *pool, const void *k, size_t n);

/* Hash of a normalized name (ZZ12 compares these: a 64-bit FNV-1a, never 0). */
uint64_t join_name_hash(const char *s, size_t n);

#endif
