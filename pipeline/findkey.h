/*
 * findkey.h - 线索编号, the finding key that stays the same from month to
 * month (SPEC §8):
 *   person rules     RULE-ID              YJ01-411424198811230114
 *   ZZ12             ZZ12-ID-KIND         ZZ12-411424198811230114-med_claims
 *   household rules  RULE-H户编号          (RULE-ID of the head if 户编号 is empty)
 *   YJ08 (villages)  YJ08-乡镇/行政村       (normalized names, as routed)
 * A pure function of the finding (and, for ZZ12, the kind of its source):
 * keys are the same with or without a ledger.
 *
 * Functions in call order: findkey_assign (every finding of a collection,
 * after evaluation) -> findkey_format (one finding; also used by tests).
 * Memory: the keys in the collection's arena; one strbuf reused.
 */
#ifndef DZ_FINDKEY_H
#define DZ_FINDKEY_H

#include "findings.h"
#include "report.h"

/* The key of x into out (reset first).  sk maps source names to kind names
 * (ZZ12); a source not in sk keeps its name. */
void findkey_format(strbuf *out, const finding *x, const report_source_kinds *sk);
/* Set x->key of every finding of f. */
void findkey_assign(findings *f, const report_source_kinds *sk);

#endif
