/*
 * join_hash.c - the join's hash tables (see join_hash.h): the big-table
 * allocator, itab growth, smap, the string pool.
 *
 * Functions in call order:
 *   table_alloc()   zeroed memory; >= 4 MiB mapped directly, 2 MiB aligned,
 *                   with MADV_HUGEPAGE
 *   itab_add_t()    grows at load 3/4 (rehash from the tags alone)
 *   smap_get() smap_put()  open addressing on a 32-bit hash of the key bytes
 *   pool_add()
 *   itab_release() smap_release() -> table_free()
 *
 * Algorithm: open addressing, linear probing.  An itab entry carries its
 * key's 32-bit tag, so a probe touches an element only on a tag match and a
 * rehash never touches elements.  Big tables are mapped directly: the
 * kernel hands out zeroed pages (nothing is cleared twice) and huge pages
 * spare the TLB misses of random probes into a table beyond its reach.
 *
 * Memory: see join_hash.h; nothing besides the tables themselves.
 */
#include "join_hash.h"
#include "diag.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#define TABLE_MMAP_MIN ((size_t)4 << 20)
#define HUGE_PAGE ((size_t)2 << 20)

void *table_alloc(size_t nmemb, size_t size)
{
	size_t bytes = nmemb * size;
	if (bytes < TABLE_MMAP_MIN)
		return xcalloc(nmemb, size);
	size_t span = bytes + HUGE_PAGE;
	char *p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "dz: out of memory (mapping %zu bytes)\n", span);
		abort();
	}
	/* keep the 2 MiB-aligned part of the mapping */
	char *a = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	if (a > p)
		munmap(p, (size_t)(a - p));
	size_t tail = (size_t)(p + span - (a + bytes));
	if (tail)
		munmap(a + bytes, tail);
	madvise(a, bytes, MADV_HUGEPAGE);
	return a;
}

void table_free(void *p, size_t nmemb, size_t size)
{
	if (!p)
		return;
	if (nmemb * size < TABLE_MMAP_MIN)
		free(p);
	else
		munmap(p, nmemb * size);
}

static size_t grow_cap(size_t cap, size_t n, size_t elem)
{
	size_t c = cap ? cap * 2 : 64;
	while (c * 3 < n * 4)   /* load <= 3/4 */
		c *= 2;
	if (c > ((size_t)1 << 31) || c > SIZE_MAX / elem)
		BUG("join: hash table too large");
	return c;
}

static void itab_put(uint64_t *t, uint32_t mask, uint64_t e)
{
	uint32_t h = (uint32_t)(e >> 32) & mask;
	while (t[h])
		h = (h + 1) & mask;
	t[h] = e;
}

void itab_add_t(itab *it, uint32_t tag, uint32_t idx)
{
	if (idx >= UINT32_MAX - 1)
		BUG("join: index overflow");
	size_t cap = it->t ? (size_t)it->mask + 1 : 0;
	if (((size_t)it->n + 1) * 4 > cap * 3) {
		size_t nc = grow_cap(cap, (size_t)it->n + 1, sizeof *it->t);
		uint64_t *nt = table_alloc(nc, sizeof *nt);
		for (size_t i = 0; i < cap; i++)
			if (it->t[i])
				itab_put(nt, (uint32_t)(nc - 1), it->t[i]);
		if (it->t)
			table_free(it->t, cap, sizeof *it->t);
		it->t = nt;
		it->mask = (uint32_t)(nc - 1);
	}
	itab_put(it->t, it->mask, ((uint64_t)tag << 32) | ((uint64_t)idx + 1));
	it->n++;
}

void itab_release(itab *it)
{
	if (it->t)
		table_free(it->t, (size_t)it->mask + 1, sizeof *it->t);
	it->t = NULL;
	it->mask = it->n = 0;
}

uint64_t join_name_hash(const char *s, size_t n)
{
	uint64_t h = hash_bytes(s, n);
	return h ? h : 1;
}

static uint32_t shash(const void *k, size_t n)
{
	uint64_t h = hash_bytes(k, n);
	return (uint32_t)(h ^ (h >> 32));
}

uint32_t pool_add(strbuf *pool, const void *k, size_t n)
{
	if (pool->len + n + 1 >= UINT32_MAX)
		BUG("join: string pool over 4 GiB");
	uint32_t off = (uint32_t)pool->len;
	sb_add(pool, k, n);
	sb_addc(pool, '\0');
	return off;
}

bool smap_get(const smap *m, const strbuf *pool, const void *k, size_t n, uint32_t *val)
{
	if (!m->t)
		return false;
	uint32_t hv = shash(k, n), i = hv & m->mask;
	for (;;) {
		uint32_t e = m->t[i];
		if (!e)
			return false;
		const smap_ent *x = &m->ent.v[e - 1];
		if (x->hash == hv && x->len == n && memcmp(pool->buf + x->off, k, n) == 0) {
			*val = x->val;
			return true;
		}
		i = (i + 1) & m->mask;
	}
}

uint32_t smap_put(smap *m, strbuf *pool, const void *k, size_t n, uint32_t val)
{
	if (!m->t || (m->ent.n + 1) * 2 > (size_t)m->mask + 1) {
		size_t cap = m->t ? ((size_t)m->mask + 1) * 2 : 64;
		if (cap > ((size_t)1 << 31))
			BUG("join: string table too large");
		uint32_t *nt = xcalloc(cap, sizeof *nt);
		uint32_t mask = (uint32_t)(cap - 1);
		for (size_t e = 0; e < m->ent.n; e++) {
			uint32_t h = m->ent.v[e].hash & mask;
			while (nt[h])
				h = (h + 1) & mask;
			nt[h] = (uint32_t)e + 1;
		}
		free(m->t);
		m->t = nt;
		m->mask = mask;
	}
	uint32_t hv = shash(k, n);
	uint32_t off = pool_add(pool, k, n);
	smap_ent x = { .off = off, .len = (uint32_t)n, .val = val, .hash = hv };
	VEC_PUSH(m->ent, x);
	uint32_t h = hv & m->mask;
	while (m->t[h])
		h = (h + 1) & m->mask;
	m->t[h] = (uint32_t)m->ent.n;
	return off;
}

void smap_release(smap *m)
{
	free(m->t);
	VEC_FREE(m->ent);
	m->t = NULL;
	m->mask = 0;
}
