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
	snprintf(x->msg, sizeof x->msg, "%s", e->message ? e->message : "malformed XML");
	size_t n = strlen(x->msg);
	while (n && (x->msg[n - 1] == '\n' || x->msg[n - 1] == ' ' || x->msg[n - 1] == '.'))
		x->msg[--n] = '\0';
	for (char *p = x->msg; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
}

static int fail(xmlrd *x, const char *msg)
{
	x->failed = 2;
	x->line = xmlTextReaderGetParserLineNumber(x->r);
	snprintf(x->msg, sizeof x->msg, "%s", msg);
	return -1;
}

int xmlrd_open(xmlrd *x, xmlrd_readfn fn, void *ctx, const char *encoding)
{
	pthread_once(&loader_once, init_once);
	memset(x, 0, sizeof *x);
	/* No NOENT (entities are not substituted), no DTDLOAD / DTDATTR /
	 * DTDVALID, no HUGE (libxml2's 10 MB text node limit stays);
	 * NOCDATA merges CDATA sections into text. */
	int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
	x->r = xmlReaderForIO(fn, NULL, ctx, NULL, encoding, options);
	if (!x->r) {
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
	if (x->failed == 2 && x->msg[0] && !x->r)
		return -1;
	int rc = xmlTextReaderRead(x->r);
	if (rc < 0) {
		if (!x->failed) {
			x->failed = 2;
			x->line = xmlTextReaderGetParserLineNumber(x->r);
			snprintf(x->msg, sizeof x->msg, "malformed XML");
		}
		return -1;
	}
	if (rc == 0)
		return 0;
	switch (xmlTextReaderNodeType(x->r)) {
	case XML_READER_TYPE_DOCUMENT_TYPE: {
		xmlNodePtr n = xmlTextReaderCurrentNode(x->r);
		if (n && n->type == XML_DTD_NODE) {
			xmlDtdPtr dtd = (xmlDtdPtr)n;
			if (has_entries(dtd->entities) || has_entries(dtd->pentities))
				return fail(x, "DOCTYPE declares entities, which dz does not expand (refused)");
		}
		break;
	}
	case XML_READER_TYPE_ENTITY_REFERENCE:
	case XML_READER_TYPE_ENTITY:
		return fail(x, "entity reference, which dz does not expand (refused)");
	default:
		break;
	}
	return 1;
}

void xmlrd_close(xmlrd *x)
{
	if (x->r)
		xmlFreeTextReader(x->r);
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
			const xmlChar *v = xmlTextReaderConstValue(x->r);
			snprintf(buf, size, "%s", v ? (const char *)v : "");
			found = 1;
			break;
		}
	} while (xmlTextReaderMoveToNextAttribute(x->r) == 1);
	xmlTextReaderMoveToElement(x->r);
	return found;
}
