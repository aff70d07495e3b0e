/*
 * version.h - dz's own version, and the versions of the libraries dz was
 * built with and runs with (`dz version`, the first thing support asks for).
 *
 * version_report() writes one line for dz and one per library:
 *   name, the version of the headers dz was compiled against (a macro of
 *   the library, or pkg-config's answer at build time where the library
 *   has no macro), and the version of the shared library loaded now (a
 *   runtime call of the library, or "-" where it has none).
 * Memory: nothing beyond the caller's strbuf.
 */
#ifndef DZ_VERSION_H
#define DZ_VERSION_H

#include "util.h"

#define DZ_VERSION "0.1.0"

/* Append the version report (several lines, each ending in '\n') to out. */
void version_report(strbuf *out);

#endif
