/*
 * join_places.c - townships, villages and places of the join (see
 * join_places.h).
 *
 * Functions in call order:
 *   places_init()       township aliases normalized once (both sides)
 *   places_township()   memo -> norm_place -> alias -> township index
 *   places_village()    memo -> norm_place -> interned village
 *   lplaces_init() lplaces_of()   per source, raw pairs (last row first)
 *   lplaces_resolve() lplaces_globalize() -> places_global()
 *   places_twp_name() places_str()
 *   lplaces_release() places_release()
 *
 * Algorithm: every distinct raw value is normalized once (SPEC §5: trim,
 * full-width -> half-width, a trailing 人民政府/办事处 removed, then the
 * aliases; villages are matched as the exact pair) and memoized by its raw
 * bytes; exports are grouped by village, so a source first compares a row
 * with its previous row's place.  Sources keep raw text until join_finish,
 * so department sinks never touch the join's tables.
 *
 * Memory: see join_places.h.
 */
#include "join_places.h"
#include "vocab.h"
#include <stdlib.h>
#include <string.h>

void places_init(jplaces *pl, const twp_alias *alias, size_t nalias)
{
	memset(pl, 0, sizeof *pl);
	sb_init(&pl->pool);
	sb_addc(&pl->pool, '\0');
	sb_init(&pl->tmp);
	uint32_t zero = 0;
	VEC_PUSH(pl->twps, zero);
	gplace none = { 0, 0 };
	VEC_PUSH(pl->places, none);
	if (nalias) {
		pl->alias_from = xcalloc(nalias, sizeof *pl->alias_from);
		pl->alias_to = xcalloc(nalias, sizeof *pl->alias_to);
		for (size_t i = 0; i < nalias; i++) {
			const char *a = alias[i].from ? alias[i].from : "";
			const char *t = alias[i].to ? alias[i].to : "";
			norm_place(&pl->tmp, a, strlen(a));
			pl->alias_from[i] = xstrdup(pl->tmp.buf);
			norm_place(&pl->tmp, t, strlen(t));
			pl->alias_to[i] = xstrdup(pl->tmp.buf);
		}
		pl->nalias = nalias;
	}
}

/* Offset of an interned copy of a normalized village (0 for ""). */
static uint32_t intern(jplaces *pl, const char *s, size_t n)
{
	uint32_t v;
	if (!n)
		return 0;
	if (smap_get(&pl->vils, &pl->pool, s, n, &v))
		return v;
	uint32_t off = smap_put(&pl->vils, &pl->pool, s, n, 0);
	pl->vils.ent.v[pl->vils.ent.n - 1].val = off;
	return off;
}

/* Index of a canonical township name (0 for ""). */
static uint32_t twp_index(jplaces *pl, const char *s, size_t n)
{
	uint32_t v;
	if (!n)
		return 0;
	if (smap_get(&pl->twp_map, &pl->pool, s, n, &v))
		return v;
	v = (uint32_t)pl->twps.n;
	uint32_t off = smap_put(&pl->twp_map, &pl->pool, s, n, v);
	VEC_PUSH(pl->twps, off);
	return v;
}

uint32_t places_township(jplaces *pl, const char *s, size_t n)
{
	uint32_t v;
	if (!n)
		return 0;
	if (smap_get(&pl->twp_memo, &pl->pool, s, n, &v))
		return v;
	norm_place(&pl->tmp, s, n);
	const char *c = pl->tmp.buf;
	size_t cn = pl->tmp.len;
	for (size_t i = 0; i < pl->nalias; i++) {
		if (!strcmp(pl->alias_from[i], c)) {
			c = pl->alias_to[i];
			cn = strlen(c);
			break;
		}
	}
	v = twp_index(pl, c, cn);
	smap_put(&pl->twp_memo, &pl->pool, s, n, v);
	return v;
}

uint32_t places_village(jplaces *pl, const char *s, size_t n)
{
	uint32_t v;
	if (!n)
		return 0;
	if (smap_get(&pl->vil_memo, &pl->pool, s, n, &v))
		return v;
	norm_place(&pl->tmp, s, n);
	v = intern(pl, pl->tmp.buf, pl->tmp.len);
	smap_put(&pl->vil_memo, &pl->pool, s, n, v);
	return v;
}

uint32_t places_global(jplaces *pl, uint32_t twp, uint32_t vil)
{
	if (!twp && !vil)
		return 0;
	uint32_t k[2] = { twp, vil }, v;
	if (smap_get(&pl->place_map, &pl->pool, k, sizeof k, &v))
		return v;
	v = (uint32_t)pl->places.n;
	gplace g = { twp, vil };
	VEC_PUSH(pl->places, g);
	smap_put(&pl->place_map, &pl->pool, k, sizeof k, v);
	return v;
}

const char *places_twp_name(const jplaces *pl, uint32_t twp)
{
	return twp ? pl->pool.buf + pl->twps.v[twp] : "";
}

const char *places_str(const jplaces *pl, uint32_t off)
{
	return pl->pool.buf + off;
}

void places_release(jplaces *pl)
{
	for (size_t i = 0; i < pl->nalias; i++) {
		free(pl->alias_from[i]);
		free(pl->alias_to[i]);
	}
	free(pl->alias_from);
	free(pl->alias_to);
	sb_release(&pl->pool);
	smap_release(&pl->vils);
	smap_release(&pl->twp_memo);
	smap_release(&pl->vil_memo);
	VEC_FREE(pl->twps);
	smap_release(&pl->twp_map);
	VEC_FREE(pl->places);
	smap_release(&pl->place_map);
	sb_release(&pl->tmp);
}

/* ------------------------------------------------ source-local places */

void lplaces_init(lplaces *lp)
{
	memset(lp, 0, sizeof *lp);
	lplace none;
	memset(&none, 0, sizeof none);
	VEC_PUSH(lp->v, none);
}

static bool same_bytes(const char *a, const char *b, size_t n)
{
	return !n || !memcmp(a, b, n);
}

uint32_t lplaces_of(lplaces *lp, strbuf *pool, strbuf *tmp, const dzrec *r)
{
	uint32_t tn = r->n[F_TOWNSHIP], vn = r->n[F_VILLAGE];
	if (!tn && !vn)
		return 0;
	if (lp->last) {
		const lplace *p = &lp->v.v[lp->last];
		const char *k = pool->buf + p->off;
		uint32_t ktn;
		memcpy(&ktn, k, sizeof ktn);
		if (ktn == tn && p->len == sizeof tn + tn + vn && same_bytes(k + sizeof tn, r->v[F_TOWNSHIP], tn) &&
		    same_bytes(k + sizeof tn + tn, r->v[F_VILLAGE], vn))
			return lp->last;
	}
	sb_reset(tmp);
	sb_add(tmp, &tn, sizeof tn);
	sb_add(tmp, r->v[F_TOWNSHIP], tn);
	sb_add(tmp, r->v[F_VILLAGE], vn);
	uint32_t v;
	if (!smap_get(&lp->map, pool, tmp->buf, tmp->len, &v)) {
		v = (uint32_t)lp->v.n;
		lplace p;
		memset(&p, 0, sizeof p);
		p.len = (uint32_t)tmp->len;
		p.off = smap_put(&lp->map, pool, tmp->buf, tmp->len, v);
		VEC_PUSH(lp->v, p);
	}
	lp->last = v;
	return v;
}

void lplaces_resolve(lplaces *lp, const strbuf *pool, jplaces *pl)
{
	for (size_t i = 1; i < lp->v.n; i++) {
		lplace *p = &lp->v.v[i];
		const char *k = pool->buf + p->off;
		uint32_t tn;
		memcpy(&tn, k, sizeof tn);
		p->twp = places_township(pl, k + sizeof tn, tn);
		p->vil = places_village(pl, k + sizeof tn + tn, p->len - sizeof tn - tn);
	}
}

void lplaces_globalize(lplaces *lp, const strbuf *pool, jplaces *pl)
{
	lplaces_resolve(lp, pool, pl);
	for (size_t i = 1; i < lp->v.n; i++) {
		lplace *p = &lp->v.v[i];
		p->g = places_global(pl, p->twp, p->vil);
	}
}

void lplaces_release(lplaces *lp)
{
	VEC_FREE(lp->v);
	smap_release(&lp->map);
	lp->last = 0;
}
