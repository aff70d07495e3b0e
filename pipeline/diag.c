/*
 * diag.c - diagnostics (see diag.h).  All output goes to stderr.
 */
#include "diag.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int diag_quiet;
static char prefix[64] = "dz: ";

void diag_set_prefix(const char *stage)
{
	if (stage && *stage)
		snprintf(prefix, sizeof prefix, "dz: %s: ", stage);
	else
		snprintf(prefix, sizeof prefix, "dz: ");
}

int dzerr_set(dzerr *e, int status, const char *fmt, ...)
{
	if (!e)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	e->status = status;
	return -1;
}

static void vreport(const char *kind, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs(prefix, stderr);
	if (kind)
		fputs(kind, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void die(int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, fmt, ap);
	va_end(ap);
	exit(status);
}

int error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	if (diag_quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vreport("warning: ", fmt, ap);
	va_end(ap);
}

void info(const char *fmt, ...)
{
	if (diag_quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

void bug_fl(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "dz: BUG at %s:%d: ", file, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

int dzerr_report(const dzerr *e)
{
	fflush(stdout);
	fprintf(stderr, "%s%s\n", prefix, e->msg);
	return e->status ? e->status : DZ_EXIT_IO;
}
