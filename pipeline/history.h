/*
 * history.h - dz history (SPEC §8): every recorded period's findings for
 * one subject (a 线索编号, an ID number or a 户编号), with each feedback
 * answer, read from the ledger without changing it.
 *
 * Functions in call order: history_print (opens the ledger read-only,
 * checks its schema version, one query for the findings and one per
 * finding for its answers, prints, closes).
 * Memory: one row at a time (SQLite steps through the results).
 */
#ifndef DZ_HISTORY_H
#define DZ_HISTORY_H

#include <stdio.h>
#include "diag.h"

/* Print the history of subject from the ledger at path to out.  *found is
 * the number of findings printed.  Errors: exit 2 for a missing ledger, a
 * newer schema or a file that is not a ledger; 1 for I/O. */
int history_print(const char *path, const char *subject, FILE *out, long *found, dzerr *err);

#endif
