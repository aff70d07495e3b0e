/*
 * progress.h - a status line on stderr while sources are read (long runs
 * at a terminal): source, rows, MB read and MB/s of each source being read,
 * e.g.
 *   读入 med_enroll.csv 412,345 行 28.1 MB 95.3 MB/s · roster.csv 98,304 行 …
 *
 * Shown only when stderr is a terminal and -q was not given (diag_quiet):
 * under cron, or with stderr going to a file or pipe, nothing is printed.
 * The line appears once reading has gone on for a second, is redrawn at most
 * twice a second (carriage return, then erase to the end of the line) and
 * is erased when the last source being read ends, so later messages start
 * on a clean line.  It is cut to the terminal's width.
 *
 * Hooks (one call each, in the reading loop's owners):
 *   ingest_run   progress_begin() before reading, progress_row() per row,
 *                progress_end() after;
 *   dzin_read    progress_bytes() per chunk read (64 KiB): bytes of the
 *                (decompressed) text.  xlsx is read by minizip, not dzin:
 *                for it the line shows rows and rows per second.
 * progress_row() is an increment and a compare; every PROGRESS_EVERY rows it
 * reads the monotonic clock (vDSO, no system call) and publishes the counts;
 * the line is written (one write(2)) at most twice a second, by whichever
 * reading thread gets there first without waiting for a lock.
 *
 * Threads: every source is counted by the thread that reads it;
 * progress_bytes() adds to the source begun on the calling thread.
 * Memory: one small struct per source being read; a table of up to
 * PROGRESS_MAX of them for the line.
 */
#ifndef DZ_PROGRESS_H
#define DZ_PROGRESS_H

#include <stdatomic.h>
#include <stddef.h>

#define PROGRESS_EVERY 4096   /* rows between looks at the clock */
#define PROGRESS_MAX 16       /* sources shown at once */

typedef struct progress_src {
	unsigned long long rows;        /* rows read (owner thread only) */
	unsigned long long bytes;       /* bytes read (owner thread only) */
	unsigned long long next;        /* rows at which to look at the clock */
	_Atomic unsigned long long pub_rows, pub_bytes; /* published for the line */
	long long t0;                   /* ns (CLOCK_MONOTONIC) when reading began */
	char name[96];                  /* source as shown (cut at a character) */
} progress_src;

/* Start counting a source read on this thread: NULL when no line is to be
 * shown (stderr not a terminal, or -q); every other call accepts NULL. */
progress_src *progress_begin(const char *name);
void progress_tick(progress_src *p);
static inline void progress_row(progress_src *p)
{
	if (p && ++p->rows >= p->next)
		progress_tick(p);
}
/* n bytes read for the source begun on this thread (if any). */
void progress_bytes(size_t n);
/* Stop counting; erases the line when no other source is being read. */
void progress_end(progress_src *p);

#endif
