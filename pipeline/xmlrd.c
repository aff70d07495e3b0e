/*
 * xmlrd.c - libxml2's streaming reader, set up safely (see xmlrd.h).
 *
 * Functions in call order: xmlrd_open (installs the refusing entity loader
 * once, creates the reader, hooks the error capture), xmlrd_next,
 * xmlrd_name / xmlrd_value / xmlrd_attr on the current node, xmlrd_close.
 *
 * Memory: the reader's (bounded by the current element's depth and
 * siblings; no DOM), plus this struct's fixed message buffer.
 */
#include "xmlrd.h"
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/hash.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_once_t loader_once = PTHREAD_ONCE_INIT;

/* No document dz reads may pull anything from a URL or a file it names. */
static xmlParserInputPtr refuse_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url; (void)id; (void)ctxt;
	return NULL;
}

static void init_once(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(refuse_loader);
}

/* Keep the first fatal error (or the first error when none is fatal);
 * warnings are ignored.  The message is flattened to one line. */
static void on_error(void *ctx, xmlErrorPtr e)
{
	xmlrd *x = ctx;
	if (!e || e->level < XML_ERR_ERROR)
		return;
	if (x->failed == 2 || (x->failed == 1 && e->level != XML_ERR_FATAL))
		return;
	x->failed = e->level == XML_ERR_FATAL ? 2 : 1;
	x->line = e->line;
	const char *m = e->message ? e->message : "?";
	/* libxml2's own limits (hostile or broken input), said plainly */
	if (strstr(m, "Excessive depth"))
		m = "elements nested more than 256 levels deep (refused: not an export)";
	else if (strstr(m, "Huge input lookup") || strstr(m, "huge text node") ||
	         strstr(m, "too long") || strstr(m, "Huge"))
		m = "a name, attribute or text longer than 10 MB (refused: not an export)";
	snprintf(x->msg, sizeof x->msg, "malformed XML: %s", m);
	size_t n = strlen(x->msg);
	while (n && (x->msg[n - 1] == '\n' || x->msg[n - 1] == ' ' || x->msg[n - 1] == '.'))
		x->msg[--n] = '\0';
	for (char *p = x->msg; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
}

/* Refuse the document; line 0 leaves the line out of the message. */
/* libxml2's printf-style messages (e.g. the reader's "xmlParseChunk:
 * encoder error") repeat what on_error already captured: dropped. */
static void on_generic(void *ctx, const char *fmt, ...)
{
	(void)ctx; (void)fmt;
}

static int fail(xmlrd *x, int line, const char *msg)
{
	x->failed = 2;
	x->line = line;
	snprintf(x->msg, sizeof x->msg, "%s", msg);
	return -1;
}

/* Interposed read callback: notes the end of the input. */
static int rd_read(void *ctx, char *buf, int len)
{
	xmlrd *x = ctx;
	int n = x->fn(x->fnctx, buf, len);
	if (n == 0)
		x->eof = 1;
	for (const char *p = buf, *e = buf + (n > 0 ? n : 0); (p = memchr(p, '\n', (size_t)(e - p))); p++)
		x->lines++;
	return n;
}

int xmlrd_open(xmlrd *x, xmlrd_readfn fn, void *ctx, const char *encoding)
{
	pthread_once(&loader_once, init_once);
	memset(x, 0, sizeof *x);
	x->fn = fn;
	x->fnctx = ctx;
	x->lines = 1;
	/* No NOENT (entities are not substituted), no DTDLOAD / DTDATTR /
	 * DTDVALID, no HUGE (libxml2's 10 MB text node limit stays);
	 * NOCDATA merges CDATA sections into text. */
	int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
	if (encoding)
		options |= XML_PARSE_IGNORE_ENC;
	x->prev_handler = xmlStructuredError;
	x->prev_ctx = xmlStructuredErrorContext;
	x->prev_generic = xmlGenericError;
	x->prev_generic_ctx = xmlGenericErrorContext;
	xmlSetStructuredErrorFunc(x, on_error);
	xmlSetGenericErrorFunc(x, on_generic);
	x->r = xmlReaderForIO(rd_read, NULL, x, NULL, encoding, options);
	if (!x->r) {
		xmlSetStructuredErrorFunc(x->prev_ctx, x->prev_handler);
		xmlSetGenericErrorFunc(x->prev_generic_ctx, x->prev_generic);
		x->failed = 2;
		snprintf(x->msg, sizeof x->msg, "cannot start the XML parser%s%s",
		         encoding ? " for encoding " : "", encoding ? encoding : "");
		return -1;
	}
	xmlTextReaderSetStructuredErrorHandler(x->r, on_error, x);
	return 0;
}

static int has_entries(void *table)
{
	return table && xmlHashSize(table) > 0;
}

int xmlrd_next(xmlrd *x)
{
	int rc = xmlTextReaderRead(x->r);
	if (rc < 0) {
		if (!x->failed) {
			x->failed = 2;
			x->line = xmlTextReaderGetParserLineNumber(x->r);
			snprintf(x->msg, sizeof x->msg, "malformed XML");
		}
		if (x->eof && !x->root_done && x->line >= x->lines)
			snprintf(x->msg, sizeof x->msg,
			         "malformed XML: the document ends before it is complete (truncated?)");
		return -1;
	}
	if (rc == 0)
		return 0;
	int type = xmlTextReaderNodeType(x->r);
	if (xmlTextReaderDepth(x->r) == 0 &&
	    (type == XML_READER_TYPE_END_ELEMENT ||
	     (type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(x->r) == 1)))
		x->root_done = 1;
	switch (type) {
	case XML_READER_TYPE_DOCUMENT_TYPE: {
		xmlNodePtr n = xmlTextReaderCurrentNode(x->r);
		if (n && n->type == XML_DTD_NODE) {
			xmlDtdPtr dtd = (xmlDtdPtr)n;
			if (has_entries(dtd->entities) || has_entries(dtd->pentities))
				return fail(x, 0, "DOCTYPE declares entities; refused (dz does not expand entities)");
		}
		break;
	}
	case XML_READER_TYPE_ENTITY_REFERENCE:
	case XML_READER_TYPE_ENTITY:
		return fail(x, xmlTextReaderGetParserLineNumber(x->r), "entity reference; refused (dz does not expand entities)");
	default:
		break;
	}
	return 1;
}

void xmlrd_close(xmlrd *x)
{
	if (x->r) {
		xmlFreeTextReader(x->r);
		xmlSetStructuredErrorFunc(x->prev_ctx, x->prev_handler);
		xmlSetGenericErrorFunc(x->prev_generic_ctx, x->prev_generic);
	}
	x->r = NULL;
}

const char *xmlrd_name(xmlrd *x)
{
	const xmlChar *s = xmlTextReaderConstLocalName(x->r);
	return s ? (const char *)s : "";
}

const char *xmlrd_value(xmlrd *x)
{
	const xmlChar *s = xmlTextReaderConstValue(x->r);
	return s ? (const char *)s : "";
}

int xmlrd_attr(xmlrd *x, const char *local, char *buf, size_t size)
{
	int found = 0;
	if (size)
		buf[0] = '\0';
	if (xmlTextReaderMoveToFirstAttribute(x->r) != 1)
		return 0;
	do {
		if (xmlTextReaderIsNamespaceDecl(x->r) == 1)
			continue;
		const xmlChar *n = xmlTextReaderConstLocalName(x->r);
		if (n && !strcmp((const char *)n, local)) {
			const char *v = (const char *)xmlTextReaderConstValue(x->r);
			size_t n = v ? strlen(v) : 0;
			if (size) {
				if (n >= size)
					n = size - 1;
				memcpy(buf, v ? v : "", n);
				buf[n] = '\0';
			}
			found = 1;
			break;
		}
	} while (xmlTextReaderMoveToNextAttribute(x->r) == 1);
	xmlTextReaderMoveToElement(x->r);
	return found;
}
