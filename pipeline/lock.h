/*
 * lock.h - one dz at a time per output folder (SPEC §6), in the manner of
 * git's lockfile.c: the lock is the file OUT/dz.lock, created exclusively
 * (its text written to OUT/dz.lock.<pid> and hard-linked to the lock name,
 * which fails when the lock exists; O_CREAT|O_EXCL where the file system
 * has no hard links), holding
 *   pid <PID>
 *   start <clock ticks since boot>   (field 22 of /proc/PID/stat)
 *   host <hostname>
 *   started <YYYY-MM-DD HH:MM:SS>
 *   command <dz run|dz check|dz push|...>
 *
 * lock_acquire() when the file exists:
 *   - its holder is alive: poll every 100 ms for up to wait_seconds, then
 *     fail with DZ_EXIT_IO and a message naming the holder;
 *   - its holder is dead (no process with that PID, or one with another
 *     start time: the PID was reused) on this host: the lock is stale and
 *     taken over.  Takeovers are serialized by flock() on OUT itself, so
 *     two dz that find one stale lock never both take it.  A lock file
 *     without a readable holder (a dz killed between creating and filling
 *     it) is stale once it is 10 seconds old.
 * lock_release() removes the file.  While a lock is held, SIGINT, SIGTERM
 * and SIGHUP remove it before the signal's default action (only in the
 * process that took it, not in forked package writers); after a SIGKILL
 * the next dz takes the stale lock over.
 *
 * Functions in call order: lock_acquire -> (the run) -> lock_release.
 * Memory: the path.  One lock per process at a time.
 */
#ifndef DZ_LOCK_H
#define DZ_LOCK_H

#include <stdbool.h>
#include "diag.h"

#define LOCK_FILE "dz.lock"

typedef struct dzlock {
	char *path;    /* DIR/dz.lock (owned) */
	bool held;
} dzlock;

/* Take DIR/dz.lock for `command` ("dz run"), waiting up to wait_seconds
 * (0 = fail at once).  0, or -1 with err (DZ_EXIT_IO). */
int lock_acquire(dzlock *l, const char *dir, const char *command, int wait_seconds, dzerr *err);
/* Remove the lock file if held; always safe to call. */
void lock_release(dzlock *l);

#endif
