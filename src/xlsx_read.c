/*
 * xlsx_read.c - the sheet named 证据 (else the first) of an .xlsx
 * register, as rows of text for the register reader (evidence_csv.c).
 *
 * Debian 12 has no XLSX reader library, so this is built on the two the
 * project has: zlib inflates the zip's members (found by its central
 * directory, each one's size and CRC checked, with caps on the number of
 * members, their inflated size and its ratio to the compressed), and
 * libxml2's streaming reader walks the XML (no network, no entity
 * substituted, a DTD refused). Shared and inline strings, numbers, dates
 * by their cell's number format, booleans and empty cells.
 *
 * libxml2 is loaded when the first .xlsx register is read (dl.h), not
 * linked: Debian's brings ICU, libstdc++ and liblzma with it, some 2 ms of
 * relocations at every start of every command (an import with nothing
 * changed at 100k records went from 15.9 to 13.5 ms with it loaded so,
 * beside git status's 7.6), for a reader few repositories use.
 */
#include <libxml/xmlreader.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "itss/dl.h"
#include "itss/i18n.h"
#include "evidence_int.h"

#define XLSX_MEMBERS_MAX 10000
#define XLSX_MEMBER_MAX (64u << 20)	/* inflated */
#define XLSX_TOTAL_MAX (256u << 20)
#define XLSX_RATIO_MAX 200		/* inflated over compressed, past 1 MiB */
#define XLSX_COLS_MAX 64
#define XLSX_ROWS_MAX 1048576

struct member {
	char *name;
	uint16_t method;
	uint32_t crc, csize, usize, offset;
};

struct zipfile {
	const unsigned char *buf;
	size_t len;
	struct member *v;
	size_t n;
	uint64_t inflated;
};

static uint16_t
le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
zip_release(struct zipfile *z)
{
	size_t i;

	for (i = 0; i < z->n; i++)
		free(z->v[i].name);
	free(z->v);
}

/* The central directory: every member's name, sizes and place. */
static const char *
zip_open(struct zipfile *z, const char *buf, size_t len)
{
	const unsigned char *b = (const unsigned char *)buf, *eocd = NULL, *p;
	size_t i, k, n, at;

	memset(z, 0, sizeof(*z));
	z->buf = b;
	z->len = len;
	if (len < 22)
		return N_("not a workbook (too short to be a zip file)");
	for (i = len - 22; ; i--) {
		if (le32(b + i) == 0x06054b50) {
			eocd = b + i;
			break;
		}
		if (i == 0 || len - i > 65557)
			break;
	}
	if (!eocd)
		return N_("not a workbook (no zip directory)");
	n = le16(eocd + 10);
	at = le32(eocd + 16);
	if (n > XLSX_MEMBERS_MAX)
		return N_("too many members in the zip file");
	if (at > len)
		return N_("the zip directory lies outside the file");
	z->v = itss_xcalloc(n + 1, sizeof(*z->v));
	for (k = 0, p = b + at; k < n; k++) {
		size_t nl, el, cl;
		struct member *m;
		if ((size_t)(p - b) + 46 > len || le32(p) != 0x02014b50)
			return N_("the zip directory is broken");
		nl = le16(p + 28);
		el = le16(p + 30);
		cl = le16(p + 32);
		if ((size_t)(p - b) + 46 + nl + el + cl > len)
			return N_("the zip directory is broken");
		m = &z->v[z->n++];
		m->method = le16(p + 10);
		m->crc = le32(p + 16);
		m->csize = le32(p + 20);
		m->usize = le32(p + 24);
		m->offset = le32(p + 42);
		m->name = itss_xstrndup((const char *)p + 46, nl);
		if (m->name[0] == '/' || strstr(m->name, "..") ||
		    strchr(m->name, '\\'))
			return N_("a zip member's path leaves the workbook");
		p += 46 + nl + el + cl;
	}
	return NULL;
}

/* A member's bytes, inflated and checked, NUL-terminated; NULL and *why
 * (NULL too when it is absent). */
static char *
zip_read(struct zipfile *z, const char *name, size_t *outlen, const char **why)
{
	const struct member *m = NULL;
	const unsigned char *lh, *data;
	size_t i;
	char *out;

	*why = NULL;
	for (i = 0; i < z->n && !m; i++)
		if (!strcmp(z->v[i].name, name))
			m = &z->v[i];
	if (!m)
		return NULL;
	if (m->usize > XLSX_MEMBER_MAX || z->inflated + m->usize > XLSX_TOTAL_MAX ||
	    (m->usize > (1u << 20) && (!m->csize ||
	    m->usize / m->csize > XLSX_RATIO_MAX))) {
		*why = N_("a zip member inflates beyond what a register holds "
		    "(a zip bomb?)");
		return NULL;
	}
	if ((size_t)m->offset + 30 > z->len ||
	    le32(z->buf + m->offset) != 0x04034b50) {
		*why = N_("a zip member is missing or truncated");
		return NULL;
	}
	lh = z->buf + m->offset;
	data = lh + 30 + le16(lh + 26) + le16(lh + 28);
	if ((size_t)(data - z->buf) > z->len ||
	    (size_t)(data - z->buf) + m->csize > z->len) {
		*why = N_("a zip member is truncated");
		return NULL;
	}
	out = itss_xmalloc((size_t)m->usize + 1);
	if (m->method == 0) {
		if (m->csize != m->usize) {
			free(out);
			*why = N_("a stored zip member has two sizes");
			return NULL;
		}
		memcpy(out, data, m->usize);
	} else if (m->method == 8) {
		z_stream s;
		int rc;
		memset(&s, 0, sizeof(s));
		if (inflateInit2(&s, -MAX_WBITS) != Z_OK)
			itss_oom();
		s.next_in = (Bytef *)(uintptr_t)data;
		s.avail_in = m->csize;
		s.next_out = (Bytef *)out;
		s.avail_out = m->usize;
		rc = inflate(&s, Z_FINISH);
		(void)inflateEnd(&s);
		if (rc != Z_STREAM_END || s.total_out != m->usize) {
			free(out);
			*why = N_("a zip member does not inflate to its size (the file "
			    "is damaged)");
			return NULL;
		}
	} else {
		free(out);
		*why = N_("a zip member is compressed in a way itss does not read");
		return NULL;
	}
	if (crc32(0L, (const Bytef *)out, m->usize) != m->crc) {
		free(out);
		*why = N_("a zip member's CRC does not match (the file is damaged)");
		return NULL;
	}
	z->inflated += m->usize;
	out[m->usize] = '\0';
	*outlen = m->usize;
	return out;
}

/* ---- XML ---- */

/* libxml2's functions used here, each with its own declared type. */
#define LX_FUNCS(X) X(xmlReaderForMemory) X(xmlTextReaderRead) \
	X(xmlTextReaderNodeType) X(xmlTextReaderConstLocalName) \
	X(xmlTextReaderIsEmptyElement) X(xmlTextReaderGetAttribute) \
	X(xmlTextReaderGetAttributeNs) X(xmlTextReaderConstValue) \
	X(xmlFreeTextReader)
#define LX_MEMBER(f) __typeof__(f) *f;
static struct {
	LX_FUNCS(LX_MEMBER)
	xmlFreeFunc *xmlFree;	/* a variable of libxml2's, not a function */
	const char *why;	/* NULL once loaded */
} lx;
static pthread_once_t lx_once = PTHREAD_ONCE_INIT;
static const char lx_missing[] = N_("libxml2, which reads .xlsx registers, "
    "cannot be loaded: install Debian's libxml2 package");

#ifndef ITSS_LIBXML2_SONAME
#define ITSS_LIBXML2_SONAME "libxml2.so.2"	/* Debian 12's libxml2 2.9 */
#endif

static void
lx_load(void)
{
#define LX_SYM(f) ITSS_DL_SYM(lx, f)
	const struct itss_dl_sym v[] = { LX_FUNCS(LX_SYM) ITSS_DL_SYM(lx, xmlFree) };

	lx.why = itss_dl_load(ITSS_LIBXML2_SONAME, v, sizeof(v) / sizeof(v[0])) ?
	    lx_missing : NULL;
}

/* NULL when libxml2 is there to use, else why not. */
static const char *
lx_ready(void)
{
	if (pthread_once(&lx_once, lx_load) != 0)
		return lx_missing;
	return lx.why;
}

static xmlTextReaderPtr
xml_open(const char *buf, size_t len)
{
	/* No XML_PARSE_NOENT: entities are never substituted. */
	return lx.xmlReaderForMemory(buf, (int)len, NULL, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

/* The next node: 1, 0 at the end, -1 on an error, a DTD or an entity. */
static int
xml_next(xmlTextReaderPtr r)
{
	int rc = lx.xmlTextReaderRead(r), t;

	if (rc != 1)
		return rc < 0 ? -1 : 0;
	t = lx.xmlTextReaderNodeType(r);
	if (t == XML_READER_TYPE_DOCUMENT_TYPE ||
	    t == XML_READER_TYPE_ENTITY_REFERENCE || t == XML_READER_TYPE_ENTITY)
		return -1;
	return 1;
}

static int
is_start(xmlTextReaderPtr r, const char *name)
{
	const xmlChar *n = lx.xmlTextReaderConstLocalName(r);

	return lx.xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && n &&
	    !strcmp((const char *)n, name);
}

static int
is_end(xmlTextReaderPtr r, const char *name)
{
	const xmlChar *n = lx.xmlTextReaderConstLocalName(r);

	return (lx.xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT ||
	    (lx.xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
	    lx.xmlTextReaderIsEmptyElement(r))) && n &&
	    !strcmp((const char *)n, name);
}

static char *
attr(xmlTextReaderPtr r, const char *name)
{
	xmlChar *v = lx.xmlTextReaderGetAttribute(r, (const xmlChar *)name);
	char *s = v ? itss_xstrdup((const char *)v) : NULL;

	(*lx.xmlFree)(v);
	return s;
}

/*
 * The text of the <t> elements up to the end of the element `end` the
 * reader is on (a shared string's runs, an inline string), phonetic runs
 * (<rPh>) left out. 1, or -1.
 */
static int
string_text(xmlTextReaderPtr r, const char *end, struct itss_strbuf *sb)
{
	int rc, in_t = 0, in_ph = 0;

	itss_strbuf_reset(sb);
	if (lx.xmlTextReaderIsEmptyElement(r))
		return 1;
	while ((rc = xml_next(r)) == 1) {
		int t = lx.xmlTextReaderNodeType(r);
		if (is_start(r, "rPh"))
			in_ph = 1;
		else if (is_end(r, "rPh"))
			in_ph = 0;
		else if (is_start(r, "t") && !lx.xmlTextReaderIsEmptyElement(r))
			in_t = 1;
		else if (is_end(r, "t"))
			in_t = 0;
		else if (in_t && !in_ph && (t == XML_READER_TYPE_TEXT ||
		    t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
		    t == XML_READER_TYPE_CDATA))
			itss_strbuf_addstr(sb, (const char *)
			    lx.xmlTextReaderConstValue(r));
		else if (is_end(r, end))
			return 1;
	}
	return -1;
}

/* ---- the workbook's parts ---- */

struct book {
	struct itss_strlist sst;	/* shared strings */
	unsigned char *date_style;	/* per cellXfs index: a date format */
	size_t nstyles;
};

static int
read_sst(struct book *bk, const char *xml, size_t len)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	xmlTextReaderPtr r = xml_open(xml, len);
	int rc;

	if (!r)
		itss_oom();
	while ((rc = xml_next(r)) == 1)
		if (is_start(r, "si")) {
			if ((rc = string_text(r, "si", &sb)) < 0)
				break;
			itss_strlist_add(&bk->sst, sb.buf ? sb.buf : "");
		}
	lx.xmlFreeTextReader(r);
	itss_strbuf_release(&sb);
	return rc < 0 ? -1 : 0;
}

/* Whether a number format (its code) shows a date: y, m or d outside
 * quotes and brackets, and no h or s alone (a time). */
static int
date_code(const char *code)
{
	int q = 0, br = 0, ymd = 0;

	for (; code && *code; code++) {
		char c = *code;
		if (c == '"')
			q = !q;
		else if (!q && c == '[')
			br = 1;
		else if (!q && c == ']')
			br = 0;
		else if (!q && !br && c == '\\' && code[1])
			code++;
		else if (!q && !br && (c == 'y' || c == 'Y' || c == 'd' || c == 'D'))
			ymd = 1;
	}
	return ymd;
}

static int
read_styles(struct book *bk, const char *xml, size_t len)
{
	xmlTextReaderPtr r = xml_open(xml, len);
	int rc, in_xfs = 0;
	struct { unsigned id; int date; } fmts[256];
	size_t nfmts = 0, alloc = 0, i;

	if (!r)
		itss_oom();
	while ((rc = xml_next(r)) == 1) {
		if (is_start(r, "numFmt") && nfmts < 256) {
			char *id = attr(r, "numFmtId"), *code = attr(r, "formatCode");
			fmts[nfmts].id = id ? (unsigned)strtoul(id, NULL, 10) : 0;
			fmts[nfmts++].date = date_code(code);
			free(id);
			free(code);
		} else if (is_start(r, "cellXfs")) {
			in_xfs = !lx.xmlTextReaderIsEmptyElement(r);
		} else if (is_end(r, "cellXfs")) {
			in_xfs = 0;
		} else if (in_xfs && is_start(r, "xf")) {
			char *id = attr(r, "numFmtId");
			unsigned n = id ? (unsigned)strtoul(id, NULL, 10) : 0;
			/* Excel's own date formats: 14-22, 45-47. */
			int date = (n >= 14 && n <= 22) || (n >= 45 && n <= 47);
			for (i = 0; i < nfmts; i++)
				if (fmts[i].id == n)
					date = fmts[i].date;
			free(id);
			itss_xgrow((void **)&bk->date_style, &alloc, bk->nstyles + 1, 1);
			bk->date_style[bk->nstyles++] = (unsigned char)date;
		}
	}
	lx.xmlFreeTextReader(r);
	return rc < 0 ? -1 : 0;
}

/* The sheet's member: the one named 证据, else the first. */
static char *
sheet_member(struct zipfile *z, const char **why)
{
	char *wb, *rels, *rid = NULL, *target = NULL, *path = NULL;
	size_t len, rlen;
	xmlTextReaderPtr r;
	int rc;

	if (!(wb = zip_read(z, "xl/workbook.xml", &len, why)))
		return NULL;
	if (!(r = xml_open(wb, len)))
		itss_oom();
	while ((rc = xml_next(r)) == 1)
		if (is_start(r, "sheet")) {
			char *name = attr(r, "name"), *id;
			xmlChar *v = lx.xmlTextReaderGetAttributeNs(r,
			    (const xmlChar *)"id", (const xmlChar *)
			    "http://schemas.openxmlformats.org/officeDocument/2006/"
			    "relationships");
			id = v ? itss_xstrdup((const char *)v) : NULL;
			(*lx.xmlFree)(v);
			if (!rid || (name && !strcmp(name, "证据"))) {
				free(rid);
				rid = id;
				id = NULL;
			}
			free(id);
			if (name && !strcmp(name, "证据")) {
				free(name);
				break;
			}
			free(name);
		}
	lx.xmlFreeTextReader(r);
	free(wb);
	if (rc < 0 || !rid) {
		free(rid);
		*why = N_("the workbook lists no sheet");
		return NULL;
	}
	if (!(rels = zip_read(z, "xl/_rels/workbook.xml.rels", &rlen, why))) {
		free(rid);
		if (!*why)
			*why = N_("the workbook has no relationships part");
		return NULL;
	}
	if (!(r = xml_open(rels, rlen)))
		itss_oom();
	while ((rc = xml_next(r)) == 1)
		if (is_start(r, "Relationship")) {
			char *id = attr(r, "Id");
			if (id && !strcmp(id, rid))
				target = attr(r, "Target");
			free(id);
			if (target)
				break;
		}
	lx.xmlFreeTextReader(r);
	free(rels);
	free(rid);
	if (!target) {
		*why = N_("the sheet's part is not found");
		return NULL;
	}
	path = target[0] == '/' ? itss_xstrdup(target + 1) :
	    itss_xasprintf("xl/%s", target);
	free(target);
	return path;
}

/* A cell reference's column, 1-based ("C7" is 3); 0 when none. */
static unsigned
ref_col(const char *ref)
{
	unsigned c = 0;

	for (; ref && *ref >= 'A' && *ref <= 'Z'; ref++)
		c = c * 26 + (unsigned)(*ref - 'A' + 1);
	return c;
}

/* An Excel date serial (1900 system) as YYYY-MM-DD. */
static void
serial_date(char out[16], double v)
{
	long days = (long)v;

	/* Serial 60 is the 29 February 1900 Excel pretends there was; serial
	 * 1 is 1900-01-01, 25,567 days before 1970. */
	if (days > 60)
		days -= 1;
	itss_date_format(out, (int32_t)(days - 25568));
}

int
itss_xlsx_rows(struct itss_xlsx_rows *out, const char *buf, size_t len,
    const char **why)
{
	struct zipfile z;
	struct book bk;
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	char *part = NULL, *xml = NULL, *sheet = NULL;
	size_t plen;
	xmlTextReaderPtr r = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&bk, 0, sizeof(bk));
	if ((*why = lx_ready()))
		return -1;
	if ((*why = zip_open(&z, buf, len)))
		goto out;
	if ((xml = zip_read(&z, "xl/sharedStrings.xml", &plen, why)) &&
	    read_sst(&bk, xml, plen) < 0) {
		*why = N_("the shared strings are not well-formed XML (or hold a DTD)");
		goto out;
	}
	if (*why)
		goto out;
	free(xml);
	if ((xml = zip_read(&z, "xl/styles.xml", &plen, why)) &&
	    read_styles(&bk, xml, plen) < 0) {
		*why = N_("the styles are not well-formed XML (or hold a DTD)");
		goto out;
	}
	if (*why)
		goto out;
	free(xml);
	xml = NULL;
	if (!(sheet = sheet_member(&z, why)))
		goto out;
	if (!(part = zip_read(&z, sheet, &plen, why))) {
		if (!*why)
			*why = N_("the sheet's part is missing");
		goto out;
	}
	if (!(r = xml_open(part, plen)))
		itss_oom();
	for (;;) {
		int n = xml_next(r);
		char *t, *s, *ref;
		unsigned col, row;
		const char *text = NULL;
		char num[64];

		if (n <= 0) {
			rc = n;
			break;
		}
		if (is_start(r, "row")) {
			char *rn = attr(r, "r");
			row = rn ? (unsigned)strtoul(rn, NULL, 10) : out->nrows + 1;
			free(rn);
			if (!row || row > XLSX_ROWS_MAX || row <= out->nrows) {
				*why = N_("rows out of order");
				break;
			}
			itss_xgrow((void **)&out->rows, &out->arows, row + 1,
			    sizeof(*out->rows));
			memset(&out->rows[out->nrows], 0, (row - out->nrows) *
			    sizeof(*out->rows));
			out->nrows = row;
			continue;
		}
		if (!is_start(r, "c") || !out->nrows)
			continue;
		t = attr(r, "t");
		s = attr(r, "s");
		ref = attr(r, "r");
		col = ref ? ref_col(ref) : out->rows[out->nrows - 1].n + 1;
		free(ref);
		itss_strbuf_reset(&sb);
		if (t && !strcmp(t, "inlineStr")) {
			if (string_text(r, "c", &sb) < 0) {
				free(t);
				free(s);
				rc = -1;
				break;
			}
			text = sb.buf ? sb.buf : "";
		} else if (!lx.xmlTextReaderIsEmptyElement(r)) {
			/* The <v> inside. */
			int in_v = 0, k;
			while ((k = xml_next(r)) == 1 && !is_end(r, "c")) {
				if (is_start(r, "v"))
					in_v = !lx.xmlTextReaderIsEmptyElement(r);
				else if (is_end(r, "v"))
					in_v = 0;
				else if (in_v && lx.xmlTextReaderNodeType(r) ==
				    XML_READER_TYPE_TEXT)
					itss_strbuf_addstr(&sb, (const char *)
					    lx.xmlTextReaderConstValue(r));
			}
			if (k < 0) {
				free(t);
				free(s);
				rc = -1;
				break;
			}
			if (t && !strcmp(t, "s")) {
				unsigned long i = strtoul(sb.buf ? sb.buf : "", NULL, 10);
				text = i < bk.sst.n ? bk.sst.v[i] : "";
			} else if (t && !strcmp(t, "b")) {
				text = sb.buf && !strcmp(sb.buf, "1") ? "TRUE" : "FALSE";
			} else if (t && (!strcmp(t, "str") || !strcmp(t, "e"))) {
				text = sb.buf ? sb.buf : "";
			} else if (sb.buf && *sb.buf) {
				double v = strtod(sb.buf, NULL);
				unsigned long st = s ? strtoul(s, NULL, 10) : 0;
				if (st < bk.nstyles && bk.date_style[st] && v >= 1 &&
				    v < 2958466)
					serial_date(num, v);
				else
					snprintf(num, sizeof(num), "%.15g", v);
				text = num;
			}
		}
		free(t);
		free(s);
		if (col >= 1 && col <= XLSX_COLS_MAX && text && *text) {
			struct itss_xlsx_row *rw = &out->rows[out->nrows - 1];
			while (rw->n < col) {
				itss_xgrow((void **)&rw->cells, &rw->alloc, rw->n + 1,
				    sizeof(*rw->cells));
				rw->cells[rw->n++] = NULL;
			}
			free(rw->cells[col - 1]);
			rw->cells[col - 1] = itss_xstrdup(text);
		}
	}
	if (rc < 0 && !*why)
		*why = N_("the sheet is not well-formed XML (or holds a DTD)");
out:
	if (r)
		lx.xmlFreeTextReader(r);
	free(part);
	free(xml);
	free(sheet);
	itss_strbuf_release(&sb);
	itss_strlist_release(&bk.sst);
	free(bk.date_style);
	zip_release(&z);
	if (*why) {
		itss_xlsx_rows_release(out);
		return -1;
	}
	return 0;
}

void
itss_xlsx_rows_release(struct itss_xlsx_rows *x)
{
	size_t i, k;

	for (i = 0; i < x->nrows; i++) {
		for (k = 0; k < x->rows[i].n; k++)
			free(x->rows[i].cells[k]);
		free(x->rows[i].cells);
	}
	free(x->rows);
	memset(x, 0, sizeof(*x));
}
