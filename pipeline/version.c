/*
 * version.c - the version report of `dz version` (see version.h).
 *
 * Functions in call order: version_report() -> one row per library from
 * the table libs[] (built: macro or build-time string; running: the
 * library's runtime call, NULL when it has none).
 *
 * Sources of the numbers:
 *   libcsv         CSV_MAJOR/MINOR/RELEASE; no runtime call
 *   zlib           ZLIB_VERSION; zlibVersion()
 *   libxml2        LIBXML_DOTTED_VERSION; xmlParserVersion ("20914" -> 2.9.14)
 *   libxlsxwriter  LXW_VERSION; lxw_version()
 *   minizip        no macro: DZ_MINIZIP_VERSION from `pkg-config --modversion
 *                  minizip` at build time (Makefile); no runtime call
 *   SQLite         SQLITE_VERSION; sqlite3_libversion()
 *   libfreexl      no macro: DZ_FREEXL_VERSION from pkg-config; freexl_version()
 *   glibc (iconv)  __GLIBC__.__GLIBC_MINOR__; gnu_get_libc_version()
 *
 * Memory: a few static strings.
 */
#include "version.h"
#include <csv.h>
#include <freexl.h>
#include <gnu/libc-version.h>
#include <libxml/xmlversion.h>
#include <libxml/globals.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include <zlib.h>

#ifndef DZ_MINIZIP_VERSION
#define DZ_MINIZIP_VERSION "unknown"
#endif
#ifndef DZ_FREEXL_VERSION
#define DZ_FREEXL_VERSION "unknown"
#endif

#define STR_(x) #x
#define STR(x) STR_(x)

/* libxml2's runtime version is a number as text: 20914 -> "2.9.14". */
static const char *xml_running(void)
{
	static char buf[32];
	const char *v = xmlParserVersion;
	if (!v)
		return NULL;
	char *end;
	long n = strtol(v, &end, 10);
	if (*end || n <= 0)
		return v;
	snprintf(buf, sizeof buf, "%ld.%ld.%ld", n / 10000, n / 100 % 100, n % 100);
	return buf;
}

static const char *zlib_running(void) { return zlibVersion(); }
static const char *lxw_running(void) { return lxw_version(); }
static const char *sqlite_running(void) { return sqlite3_libversion(); }
static const char *freexl_running(void) { return freexl_version(); }
static const char *libc_running(void) { return gnu_get_libc_version(); }

static const struct lib {
	const char *name;
	const char *built;
	const char *(*running)(void);  /* NULL: the library has no runtime call */
} libs[] = {
	{ "libcsv",        STR(CSV_MAJOR) "." STR(CSV_MINOR) "." STR(CSV_RELEASE), NULL },
	{ "zlib",          ZLIB_VERSION,                           zlib_running },
	{ "libxml2",       LIBXML_DOTTED_VERSION,                  xml_running },
	{ "libxlsxwriter", LXW_VERSION,                            lxw_running },
	{ "minizip",       DZ_MINIZIP_VERSION,                     NULL },
	{ "SQLite",        SQLITE_VERSION,                         sqlite_running },
	{ "libfreexl",     DZ_FREEXL_VERSION,                      freexl_running },
	{ "glibc",         STR(__GLIBC__) "." STR(__GLIBC_MINOR__), libc_running },
};

void version_report(strbuf *out)
{
	sb_addf(out, "dz %s\n", DZ_VERSION);
	sb_addf(out, "%-14s %-12s %s\n", "library", "built with", "running with");
	for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
		const char *run = libs[i].running ? libs[i].running() : NULL;
		sb_addf(out, "%-14s %-12s %s\n", libs[i].name, libs[i].built,
		        run ? run : "- (the library has no runtime query)");
	}
}
