/*
 * xmlrd.h - libxml2's streaming reader (xmlTextReader), set up safely;
 * shared by the xlsx sheet reader (xlsxsrc.c) and the XML export reader
 * (xmlsrc.c).
 *
 * xmlrd_open() wraps xmlReaderForIO over a caller's read callback with
 * XML_PARSE_NONET, no entity substitution (no XML_PARSE_NOENT), no DTD
 * loading, defaulting or validation, and libxml2's default size limits (no
 * XML_PARSE_HUGE: a text node over 10 MB is an error).  Errors are captured
 * (never printed by libxml2: errors raised outside the parser context, such
 * as encoding conversion errors, are caught by this thread's libxml2
 * structured error handler, set while the reader is open) with their line.  xmlrd_next() advances one
 * node and additionally refuses any document whose DOCTYPE declares
 * entities (general or parameter): dz never expands entities, so a
 * reference would silently lose data, and refusing the declarations closes
 * the billion-laughs and external-entity (XXE) doors whatever libxml2's own
 * amplification checks do.  An entity reference node is refused too.
 * External entities are never loaded (a process-wide libxml2 entity loader
 * that refuses every URL is installed once).
 *
 * Functions in call order: xmlrd_open, xmlrd_next (repeatedly, reading the
 * node with the xmlTextReader* getters on x->r), xmlrd_close.
 *
 * Memory: libxml2's reader keeps only the current node's ancestors and
 * siblings it has not passed; nothing is expanded into a DOM.
 */
#ifndef DZ_XMLRD_H
#define DZ_XMLRD_H

#include <libxml/xmlreader.h>

/* Read callback: fill buf with up to len bytes; 0 at end, -1 on error. */
typedef int (*xmlrd_readfn)(void *ctx, char *buf, int len);

typedef struct xmlrd {
	xmlTextReaderPtr r;
	xmlrd_readfn fn;     /* the caller's read callback and its context */
	void *fnctx;
	int eof;             /* fn returned 0 */
	int root_done;       /* the root element has ended */
	long lines;          /* lines of input read so far (1 + newlines) */
	xmlStructuredErrorFunc prev_handler; /* this thread's libxml2 handler before open */
	void *prev_ctx;
	xmlGenericErrorFunc prev_generic;     /* ... and its generic (printf-style) one */
	void *prev_generic_ctx;
	int failed;          /* an error was captured */
	int line;            /* line of the first error (0 = unknown) */
	char msg[384];       /* first error, one line: "malformed XML: <libxml2's
	                        message>" or why the document was refused */
} xmlrd;

/* encoding: NULL = as the document declares, else override (the
 * declaration is then ignored: XML_PARSE_IGNORE_ENC).
 * Returns 0, or -1 (x->msg set) when libxml2 cannot create the reader. */
int xmlrd_open(xmlrd *x, xmlrd_readfn fn, void *ctx, const char *encoding);
/* 1 = positioned on a node, 0 = end of document, -1 = error (x->msg, x->line).
 * An error on the last line of the input, before the root element is
 * closed, is reported as "malformed XML: the document ends before it is
 * complete (truncated?)" instead of libxml2's varied wording for it
 * ("Extra content at the end of the document", "attributes construct
 * error", ...). */
int xmlrd_next(xmlrd *x);
void xmlrd_close(xmlrd *x);

/* Helpers on the current node (UTF-8, never NULL: "" when absent). */
const char *xmlrd_name(xmlrd *x);                 /* local name */
const char *xmlrd_value(xmlrd *x);                /* text of a text node */
/* Copy of an attribute's value by local name (any namespace) into a
 * caller's buffer (truncated to size-1); returns 1 when present. */
int xmlrd_attr(xmlrd *x, const char *local, char *buf, size_t size);

#endif
