/*
 * rules_lj.h - the evaluators of the LJ rules (逻辑校验, SPEC §5: the
 * roster against itself), for the rule table in rules.c.  Each is an
 * entry's `eval`; rules_lj.c says what each reads and writes.
 */
#ifndef DZ_RULES_LJ_H
#define DZ_RULES_LJ_H

struct rule_ctx;

void ev_lj01(struct rule_ctx *c, int rule);
void ev_lj02(struct rule_ctx *c, int rule);
void ev_lj03(struct rule_ctx *c, int rule);
void ev_lj04(struct rule_ctx *c, int rule);
void ev_lj05(struct rule_ctx *c, int rule);
void ev_lj06(struct rule_ctx *c, int rule);
void ev_lj07(struct rule_ctx *c, int rule);
void ev_lj08(struct rule_ctx *c, int rule);
void ev_lj09(struct rule_ctx *c, int rule);
void ev_lj10(struct rule_ctx *c, int rule);
void ev_lj11(struct rule_ctx *c, int rule);
void ev_lj12(struct rule_ctx *c, int rule);
void ev_lj13(struct rule_ctx *c, int rule);
void ev_lj14(struct rule_ctx *c, int rule);
void ev_lj15(struct rule_ctx *c, int rule);
void ev_lj16(struct rule_ctx *c, int rule);
void ev_lj17(struct rule_ctx *c, int rule);
void ev_lj18(struct rule_ctx *c, int rule);
void ev_lj19(struct rule_ctx *c, int rule);

#endif
