/*
 * rulestatus.c - a rule's needs against the run's sources (see
 * rulestatus.h).
 *
 * Functions in call order:
 *   rulestatus_inputs_init() rulestatus_inputs_add()
 *   rulestatus_check()   over the required needs: pass 0: a need group
 *                        none of whose sources is in the run ("未执行：缺少来源
 *                        …"); pass 1: a group none of whose fields is
 *                        ("未执行：缺少字段 …"); then the income line
 *                        ("未执行：未配置 income_line.Y")
 *   rulestatus_source_failed() -> rulestatus_reads()   every rule reading
 *                        a failed source ("未执行：来源 X 不可用")
 *   rulestatus_drop_findings()
 *
 * A need group is a run of NEED_ALT entries plus the entry after it
 * (rules.h): any one of them present satisfies the group; the reason names
 * every alternative, joined by " 或 ".  What a rule reads is its needs,
 * optional ones included: a failed source marks exactly the rules with a
 * need it could have supplied (its kind, NEED_ANY_DEPT for a department
 * source, a household field of the roster for a household source), and
 * only for the columns it has when they are known.
 *
 * Memory: none beyond the caller's structs (findings are compacted in place).
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
	if (kind == KIND_ROSTER)
		for (int f = 0; f < F_COUNT; f++)
			if (present[f])
				in->roster_own[f] = true;
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
	/* the required entries (NEED_OPT ones are read when present) */
	rule_need need[sizeof rules[r].needs / sizeof rules[r].needs[0]];
	size_t n = 0;
	for (size_t i = 0; i < sizeof need / sizeof need[0] && rules[r].needs[i].kind >= 0; i++)
		if (rules[r].needs[i].field < 0 || !(rules[r].needs[i].field & NEED_OPT))
			need[n++] = rules[r].needs[i];
	st->evaluated = true;
	st->reason[0] = '\0';
	/* pass 0: a group none of whose sources is present; pass 1: a group
	 * none of whose fields is present */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t g = 0; g < n;) {
			size_t e = g;
			while (e + 1 < n && (need[e].field & NEED_ALT) && need[e].field >= 0)
				e++;
			bool any_src = false, sat = false;
			for (size_t i = g; i <= e; i++) {
				int k = need[i].kind, f = need_field(need[i].field);
				if (!in->kind[k])
					continue;
				any_src = true;
				bool own = k == KIND_ROSTER && f >= 0 && (need[i].field & NEED_ROW);
				if (f < 0 || (own ? in->roster_own[f] : in->field[k][f]))
					sat = true;
			}
			if ((pass == 0 && !any_src) || (pass == 1 && !sat)) {
				strbuf sb;
				sb_init(&sb);
				sb_adds(&sb, pass == 0 ? "未执行：缺少来源 " : "未执行：缺少字段 ");
				for (size_t i = g; i <= e; i++) {
					int k = need[i].kind, f = need_field(need[i].field);
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
	const char *params = rules[r].params;
	if (params && strstr(params, "income_line") && !income_line_known) {
		st->evaluated = false;
		snprintf(st->reason, sizeof st->reason, "未执行：未配置 income_line.%d", year);
	}
}

bool rulestatus_reads(size_t r, int kind, const bool *columns)
{
	const ruledef *d = &rules[r];
	for (size_t i = 0; i < sizeof d->needs / sizeof d->needs[0] && d->needs[i].kind >= 0; i++) {
		int k = d->needs[i].kind, f = need_field(d->needs[i].field);
		bool col = f < 0 || !columns || columns[f];
		if (k == kind && col)
			return true;
		/* "any department source" is read for its fields (ZZ12: names) */
		if (k == NEED_ANY_DEPT && dept_kind(kind) && f >= 0 && col)
			return true;
		/* a roster field a household source supplies (SPEC §4), unless
		 * the rule reads the members' own rows */
		if (k == KIND_ROSTER && kind == KIND_HOUSEHOLD && f >= 0 && kind_field(KIND_HOUSEHOLD, (enum field)f) &&
		    !(d->needs[i].field & NEED_ROW) && col)
			return true;
	}
	return false;
}

void rulestatus_source_failed(rule_status *status, int kind, const char *name, const bool *columns)
{
	if (kind < 0 || kind >= KIND_COUNT)
		return;                 /* nothing of it reached the join */
	static const char missing[] = "未执行：缺少";
	for (size_t r = 0; r < nrules; r++) {
		if (rules[r].family == FAM_DQ || !rulestatus_reads(r, kind, columns))
			continue;
		/* a source that never reached the join reads as missing there;
		 * any other reason (an earlier failed source, no income line)
		 * stands */
		if (!status[r].evaluated && strncmp(status[r].reason, missing, strlen(missing)))
			continue;
		status[r].evaluated = false;
		snprintf(status[r].reason, sizeof status[r].reason, "未执行：来源 %s 不可用", name);
	}
}

void rulestatus_drop_findings(const rule_status *status, findings *mis, findings *warn,
                              findings *chk)
{
	findings *fs[3] = { mis, warn, chk };
	for (int k = 0; k < 3; k++) {
		if (!fs[k])
			continue;
		size_t w = 0;
		for (size_t i = 0; i < fs[k]->items.n; i++)
			if (status[fs[k]->items.v[i].rule].evaluated)
				fs[k]->items.v[w++] = fs[k]->items.v[i];
		fs[k]->items.n = w;
	}
}
