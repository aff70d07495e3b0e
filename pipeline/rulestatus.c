/*
 * rulestatus.c - a rule's needs against the run's sources (see
 * rulestatus.h).
 *
 * Functions in call order:
 *   rulestatus_inputs_init() rulestatus_inputs_add()
 *   rulestatus_check()   pass 0: a need group none of whose sources is in
 *                        the run ("未执行：缺少来源 …"); pass 1: a group none
 *                        of whose fields is ("未执行：缺少字段 …"); then the
 *                        income line ("未执行：未配置 income_line.Y")
 *
 * A need group is a run of NEED_ALT entries plus the entry after it
 * (rules.h): any one of them present satisfies the group; the reason names
 * every alternative, joined by " 或 ".
 *
 * Memory: none beyond the caller's structs.
 */
#include "rulestatus.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

/* Department kinds: the kinds NEED_ANY_DEPT stands for. */
static bool dept_kind(int k)
{
	return k != KIND_ROSTER && k != KIND_HOUSEHOLD && k != KIND_WATER && k != KIND_SURVEY;
}

void rulestatus_inputs_init(rule_inputs *in)
{
	memset(in, 0, sizeof *in);
}

void rulestatus_inputs_add(rule_inputs *in, int kind, const bool *present)
{
	in->kind[kind] = true;
	for (int f = 0; f < F_COUNT; f++)
		if (present[f])
			in->field[kind][f] = true;
	if (dept_kind(kind)) {
		in->kind[NEED_ANY_DEPT] = true;
		for (int f = 0; f < F_COUNT; f++)
			if (present[f])
				in->field[NEED_ANY_DEPT][f] = true;
	}
	/* roster fields: the roster or the household source has the column */
	if (kind == KIND_HOUSEHOLD)
		for (int f = 0; f < F_COUNT; f++)
			if (present[f])
				in->field[KIND_ROSTER][f] = true;
}

static const char *need_kind_name(int k)
{
	return k == NEED_ANY_DEPT ? "任一部门来源" : kinds[k].name;
}

void rulestatus_check(const rule_inputs *in, size_t r, bool income_line_known, int year,
                      rule_status *st)
{
	const ruledef *d = &rules[r];
	size_t n = 0;
	while (n < sizeof d->needs / sizeof d->needs[0] && d->needs[n].kind >= 0)
		n++;
	st->evaluated = true;
	st->reason[0] = '\0';
	/* pass 0: a group none of whose sources is present; pass 1: a group
	 * none of whose fields is present */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t g = 0; g < n;) {
			size_t e = g;
			while (e + 1 < n && (d->needs[e].field & NEED_ALT) && d->needs[e].field >= 0)
				e++;
			bool any_src = false, sat = false;
			for (size_t i = g; i <= e; i++) {
				int k = d->needs[i].kind, f = need_field(d->needs[i].field);
				if (!in->kind[k])
					continue;
				any_src = true;
				if (f < 0 || in->field[k][f])
					sat = true;
			}
			if ((pass == 0 && !any_src) || (pass == 1 && !sat)) {
				strbuf sb;
				sb_init(&sb);
				sb_adds(&sb, pass == 0 ? "未执行：缺少来源 " : "未执行：缺少字段 ");
				for (size_t i = g; i <= e; i++) {
					int k = d->needs[i].kind, f = need_field(d->needs[i].field);
					if (i > g)
						sb_adds(&sb, " 或 ");
					if (pass == 0 || f < 0)
						sb_adds(&sb, need_kind_name(k));
					else
						sb_addf(&sb, "%s.%s", need_kind_name(k), field_name((enum field)f));
				}
				st->evaluated = false;
				snprintf(st->reason, sizeof st->reason, "%s", sb.buf);
				sb_release(&sb);
				return;
			}
			g = e + 1;
		}
	}
	if (d->params && strstr(d->params, "income_line") && !income_line_known) {
		st->evaluated = false;
		snprintf(st->reason, sizeof st->reason, "未执行：未配置 income_line.%d", year);
	}
}
