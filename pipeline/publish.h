/*
 * publish.h - whole-period publishing of OUT/P (SPEC §6: "Publishing is
 * all or nothing for the period").
 *
 * Every file of OUT/P (county reports and push/) is written into a staging
 * folder beside it, OUT/.dz-stage.P.<pid>, on the same file system.  Then:
 *   - a complete run exchanges the staging folder with OUT/P in one step
 *     (renameat2 RENAME_EXCHANGE), so a reader of OUT/P sees the previous
 *     complete period or the new one, never a mix; the previous folder
 *     (now under the staging name) and OUT/P.failed are removed after;
 *   - a run that failed on its input (exit 3) publishes its staging folder
 *     (reports, quality, summary, never push/) as OUT/P.failed the same
 *     way, replacing an earlier one; OUT/P is not touched;
 *   - any other failure removes the staging folder: nothing is published.
 * Fallback where the file system has no RENAME_EXCHANGE (EINVAL, ENOSYS,
 * EOPNOTSUPP: e.g. some network and FUSE file systems): two renames,
 * OUT/P -> OUT/.dz-old.P.<pid>, then staging -> OUT/P.  Between them OUT/P
 * is briefly absent (a reader sees no period, never a mix); a dz killed in
 * that gap leaves OUT/.dz-old.P.<pid>, which the next dz renames back.
 *
 * Leftovers of a killed dz (OUT/.dz-stage.*, OUT/.dz-old.*) are cleaned up
 * by publish_begin of the next dz on the same OUT.  The caller must hold
 * the OUT lock (lock.h) from publish_begin to publish_finish, so that no
 * other dz's staging folder can be mistaken for a leftover.
 *
 * Functions in call order:
 *   publish_begin (clean leftovers, create the staging folder)
 *   -> [publish_keep_reports (dz push: link OUT/P's reports into it)]
 *   -> (the caller writes into pb->stage)
 *   -> publish_complete | publish_failed | publish_abort
 *   -> (after publish_complete: the ledger commit, SPEC §8)
 *   -> publish_finish -> publish_release.
 * publish_explain turns staging paths in a message into OUT/P paths.
 *
 * Memory: a few paths.
 */
#ifndef DZ_PUBLISH_H
#define DZ_PUBLISH_H

#include <stdbool.h>
#include "diag.h"

#define PUBLISH_STAGE_PREFIX ".dz-stage."
#define PUBLISH_OLD_PREFIX ".dz-old."
#define PUBLISH_FAILED_SUFFIX ".failed"

typedef struct publish {
	char *out;       /* OUT */
	char *final;     /* OUT/P */
	char *failed;    /* OUT/P.failed */
	char *stage;     /* OUT/.dz-stage.P.<pid>: the folder being built */
	char *previous;  /* after an exchange: where the replaced folder is now */
	bool published;  /* the staging folder was moved into place */
	bool complete;   /* ... as OUT/P (not OUT/P.failed) */
} publish;

/* Remove leftovers of killed runs in OUT and create an empty staging folder
 * for period P. */
int publish_begin(publish *pb, const char *out, const char *period, dzerr *err);
/* dz push: hard-link (copy where links fail) the regular files of OUT/P
 * into the staging folder, so the new OUT/P keeps the reports. */
int publish_keep_reports(publish *pb, dzerr *err);
/* The staging folder replaces OUT/P in one step. */
int publish_complete(publish *pb, dzerr *err);
/* The staging folder replaces OUT/P.failed; OUT/P is left as it is. */
int publish_failed(publish *pb, dzerr *err);
/* Nothing is published: remove the staging folder. */
void publish_abort(publish *pb);
/* After publish_complete/publish_failed: remove the replaced folder, and
 * after a complete run OUT/P.failed. */
void publish_finish(publish *pb);
void publish_release(publish *pb);
/* Rewrite the staging folder's path in err->msg as OUT/P (messages name the
 * report or township, never a temporary path). */
void publish_explain(const publish *pb, dzerr *err);

#endif
