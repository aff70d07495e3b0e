/*
 * findkey.c - 线索编号 (see findkey.h).
 * Functions in call order: findkey_assign -> findkey_format.
 * Memory: one strbuf per call of findkey_assign; keys in the arena.
 */
#include "findkey.h"
#include "rules.h"
#include <stdlib.h>
#include <string.h>

static const char *kind_of_source(const char *source, const report_source_kinds *sk)
{
	for (size_t i = 0; sk && i < sk->n; i++)
		if (!strcmp(sk->names[i], source))
			return sk->kinds[i];
	return source;
}

void findkey_format(strbuf *out, const finding *x, const report_source_kinds *sk)
{
	const ruledef *r = &rules[x->rule];
	sb_reset(out);
	sb_adds(out, r->code);
	sb_addc(out, '-');
	switch (r->scope) {
	case SCOPE_VILLAGE:
		sb_addf(out, "%s/%s", x->township, x->village);
		return;
	case SCOPE_HOUSEHOLD:
	case SCOPE_SURVEY_HOUSEHOLD:
		if (*x->household_id) {
			sb_addf(out, "H%s", x->household_id);
			return;
		}
		sb_adds(out, x->id);
		return;
	default:
		sb_adds(out, x->id);
		if (!strcmp(r->code, "ZZ12"))
			sb_addf(out, "-%s", kind_of_source(x->source, sk));
		return;
	}
}

void findkey_assign(findings *f, const report_source_kinds *sk)
{
	strbuf sb;
	sb_init(&sb);
	for (size_t i = 0; i < f->items.n; i++) {
		finding *x = &f->items.v[i];
		findkey_format(&sb, x, sk);
		x->key = arena_strndup(&f->mem, sb.buf, sb.len);
	}
	sb_release(&sb);
}
