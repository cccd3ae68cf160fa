/*
 * evidence_csv.c - evidence registers in CSV (libcsv): RFC 4180, a header
 * row naming the record keys, ';'-separated lists, "path | sha256" for a
 * pinned file; each row made a raw record and checked as a YAML one is.
 */
#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "itss/i18n.h"
#include "evidence_int.h"

struct csv_cell {
	char *text;
	unsigned line, col;
};

/*
 * The rows of a register, taken one at a time as they are parsed: the
 * first is the header, each other a record. No row is kept past its
 * record (200,000 CSV rows held as cells had cost 17 MB and a tenth of
 * the import's time).
 */
struct rows_reader {
	struct itss_evidence_set *set;
	const char *src;
	const struct itss_model *m;
	struct itss_diags *d;
	int map[64];
	size_t ncols, width;
	size_t nrows;		/* rows taken, the header one of them */
	int header_bad;		/* a column unknown or twice: no row read */
	int rc;
};

struct csv_state {
	struct csv_cell *row;
	size_t n, alloc;
	unsigned line;		/* the line being fed */
	struct rows_reader *rr;
};

static void take_row(struct rows_reader *rr, struct csv_cell *row, size_t n);

/*
 * The 证据 sheet's own column names, as a register exported from the
 * workbook has them: the key each is, or IGNORED (what itss found, not
 * what the record says).
 */
#define IGNORED (-2)
static const struct { const char *name; int field; } zh_columns[] = {
	{ "编号", F_ID }, { "标题", F_TITLE }, { "类别", F_KIND },
	{ "满足要求", F_SATISFIES }, { "日期", F_DATE },
	{ "有效期至", F_VALID_UNTIL }, { "负责人", F_OWNER },
	{ "状态", F_STATUS }, { "文件", F_FILES },
	{ "文件（状态、SHA-256）", F_FILES }, { "备注", F_NOTES },
	{ "文档", F_DOCUMENTS }, { "批准人", F_APPROVED_BY },
	{ "批准日期", F_APPROVED_ON }, { "记录文件", IGNORED },
};

/* The column a header names: a key, its Chinese name, or -1. */
int
itss_csv_column_of(const char *h)
{
	size_t j;

	for (j = 0; j < NFIELDS; j++)
		if (!strcmp(h, itss_record_keys[j]))
			return (int)j;
	for (j = 0; j < sizeof(zh_columns) / sizeof(zh_columns[0]); j++)
		if (!strcmp(h, zh_columns[j].name))
			return zh_columns[j].field;
	return -1;
}

/*
 * A date as people type it -- 2026-03-01, 2026/3/1, 2026-3-1, 2026.3.1,
 * 2026年3月1日 -- made YYYY-MM-DD; else left as it is, for the check to
 * refuse. "—" (the workbook's "none") is empty.
 */
static void
typed_date(struct csv_cell *c)
{
	unsigned y, mo, dd;
	char tail[8];
	const char *t = c->text;

	if (!strcmp(t, "—") || !strcmp(t, "-")) {
		c->text[0] = '\0';
		return;
	}
	/* Already YYYY-MM-DD: what the scan below would write is the text
	 * itself, whether the date is one or not. */
	if (strlen(t) == 10 && t[4] == '-' && t[7] == '-' &&
	    strspn(t, "0123456789") == 4 && strspn(t + 5, "0123456789") == 2 &&
	    strspn(t + 8, "0123456789") == 2)
		return;
	if ((sscanf(t, "%4u/%2u/%2u%1s", &y, &mo, &dd, tail) == 3 ||
	    sscanf(t, "%4u-%2u-%2u%1s", &y, &mo, &dd, tail) == 3 ||
	    sscanf(t, "%4u.%2u.%2u%1s", &y, &mo, &dd, tail) == 3 ||
	    (sscanf(t, "%4u年%2u月%2u%7s", &y, &mo, &dd, tail) == 4 &&
	    !strcmp(tail, "日"))) && y >= 1000 && mo >= 1 && mo <= 12 &&
	    dd >= 1 && dd <= 31) {
		free(c->text);
		c->text = itss_xasprintf("%04u-%02u-%02u", y, mo, dd);
	}
}

/* A status as the workbook shows it: 已过期 (expired) is an approved
 * record past its valid_until, which says so itself. */
static void
typed_status(struct csv_cell *c)
{
	if (!strcmp(c->text, "expired") || !strcmp(c->text, "已过期")) {
		free(c->text);
		c->text = itss_xstrdup("approved");
	}
}

static void
csv_on_field(void *s, size_t len, void *data)
{
	struct csv_state *st = data;

	itss_xgrow((void **)&st->row, &st->alloc, st->n + 1, sizeof(*st->row));
	st->row[st->n].text = itss_xstrndup(s ? s : "", s ? len : 0);
	st->row[st->n].line = st->line;
	st->row[st->n].col = (unsigned)st->n + 1;
	st->n++;
}

static void
cells_release(struct csv_cell *row, size_t n)
{
	size_t j;

	for (j = 0; j < n; j++)
		free(row[j].text);
	free(row);
}

static void
csv_on_row(int c, void *data)
{
	struct csv_state *st = data;

	(void)c;
	take_row(st->rr, st->row, st->n);
	cells_release(st->row, st->n);
	st->row = NULL;
	st->n = st->alloc = 0;
}

/*
 * Split a list cell at ';' and line ends (and, but for files, at commas and
 * 、 as people type ids); trim spaces; "path|sha256"; a file as the
 * workbook shows it, "path [ok] sha256", is its path alone (the state and
 * hash are what itss found, not the record's).
 */
static size_t
item_len(const char *p, int files)
{
	size_t n = strcspn(p, files ? ";\n\r" : ";\n\r,");
	const char *cn = files ? NULL : strstr(p, "，");
	const char *dun = files ? NULL : strstr(p, "、");

	if (cn && (size_t)(cn - p) < n)
		n = (size_t)(cn - p);
	if (dun && (size_t)(dun - p) < n)
		n = (size_t)(dun - p);
	return n;
}

static void
csv_list(struct raw_field *f, const struct csv_cell *c, int files)
{
	const char *p = c->text;

	f->is_list = 1;
	while (*p) {
		size_t n = item_len(p, files);
		const char *a = p, *b = p + n, *bar;

		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (files) {
			/* The workbook's "path [state] sha256": the path. */
			const char *br = a;
			while ((br = memchr(br, '[', (size_t)(b - br))) && br > a &&
			    br[-1] != ' ')
				br++;
			if (br && br > a && memchr(br, ']', (size_t)(b - br))) {
				b = br - 1;
				while (b > a && b[-1] == ' ')
					b--;
			}
		}
		if (b > a) {
			bar = files ? memchr(a, '|', (size_t)(b - a)) : NULL;
			if (bar) {
				const char *e = bar, *h = bar + 1;
				char *sha;
				while (e > a && e[-1] == ' ')
					e--;
				while (h < b && *h == ' ')
					h++;
				sha = itss_xstrndup(h, (size_t)(b - h));
				itss_raw_add_item(f, a, (size_t)(e - a), sha, c->line, c->col);
				free(sha);
			} else {
				itss_raw_add_item(f, a, (size_t)(b - a), NULL, c->line, c->col);
			}
		}
		p += n;
		if (!strncmp(p, "，", 3) || !strncmp(p, "、", 3))
			p += 3;
		else if (*p)
			p++;
	}
}

/*
 * The header: each column named by a key or the workbook's name for it.
 * With a column unknown or twice, no row is read.
 */
static void
take_header(struct rows_reader *rr, const struct csv_cell *row, size_t n)
{
	size_t i, j;

	rr->width = n;
	rr->ncols = n > 64 ? 64 : n;
	for (i = 0; i < rr->ncols; i++) {
		const struct csv_cell *h = &row[i];
		rr->map[i] = itss_csv_column_of(h->text);
		if (rr->map[i] == -1) {
			itss_diags_add(rr->d, ITSS_ERROR, rr->src, h->line, h->col,
			    _("unknown column '%s' in the header (known: id, title, "
			    "kind, satisfies, date, valid_until, owner, status, "
			    "files, notes, documents, or the workbook's 编号, 标题, "
			    "类别, 满足要求, 日期, 有效期至, 负责人, 状态, 文件, 备注)"),
			    h->text);
			rr->header_bad = 1;
		}
		for (j = 0; j < i; j++)
			if (rr->map[j] >= 0 && rr->map[j] == rr->map[i]) {
				itss_diags_add(rr->d, ITSS_ERROR, rr->src, h->line,
				    h->col, _("column '%s' appears twice in the header"),
				    h->text);
				rr->header_bad = 1;
			}
	}
	if (rr->header_bad)
		rr->rc = ITSS_EINPUT;
}

/*
 * A row after the header: a raw record, checked as a YAML one is. Its
 * cells' text is taken, not copied (the caller frees what is left).
 * Shared by CSV and .xlsx registers.
 */
static void
take_row(struct rows_reader *rr, struct csv_cell *row, size_t n)
{
	struct raw_record raw;
	size_t j;

	if (rr->nrows++ == 0) {
		take_header(rr, row, n);
		return;
	}
	if (rr->header_bad)
		return;
	/* A blank line is one empty field: skip it. */
	if (n == 1 && !row[0].text[0])
		return;
	if (n != rr->width) {
		itss_diags_add(rr->d, ITSS_ERROR, rr->src, row[0].line, 0,
		    _("this row has %zu fields, the header %zu"), n, rr->width);
		rr->rc = ITSS_EINPUT;
		return;
	}
	memset(&raw, 0, sizeof(raw));
	raw.line = row[0].line;
	raw.col = 1;
	for (j = 0; j < rr->ncols; j++) {
		struct raw_field *f;
		struct csv_cell *c = &row[j];
		int k = rr->map[j];
		if (k == IGNORED)
			continue;
		f = &raw.f[k];
		if (k == F_DATE || k == F_VALID_UNTIL)
			typed_date(c);
		if (k == F_STATUS)
			typed_status(c);
		if (!c->text[0] && k != F_SATISFIES)
			continue;	/* an empty cell: absent */
		f->present = 1;
		f->line = c->line;
		f->col = c->col;
		if (k == F_SATISFIES || k == F_FILES || k == F_DOCUMENTS) {
			csv_list(f, c, k == F_FILES);
		} else {
			f->one.text = c->text;
			c->text = NULL;
			f->one.line = c->line;
			f->one.col = c->col;
		}
	}
	if (itss_raw_check_record(rr->set, rr->src, &raw, rr->m, rr->d) < 0)
		rr->rc = ITSS_EINPUT;
	itss_raw_release(&raw);
}

static void
rows_reader_init(struct rows_reader *rr, struct itss_evidence_set *set,
    const char *src, const struct itss_model *m, struct itss_diags *d)
{
	memset(rr, 0, sizeof(*rr));
	rr->set = set;
	rr->src = src;
	rr->m = m;
	rr->d = d;
}

/*
 * Feed buf[0..len) to a parser of its own, from line on, into rr: 0, or
 * ITSS_EINPUT with *malformed set when the CSV is, or ITSS_EIO.
 */
static int
csv_feed(struct rows_reader *rr, const char *buf, size_t len, unsigned line,
    int *malformed)
{
	struct csv_parser p;
	struct csv_state st;
	const char *at = buf, *end = buf + len;
	int rc = 0;

	*malformed = 0;
	memset(&st, 0, sizeof(st));
	st.rr = rr;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		itss_diags_add(rr->d, ITSS_ERROR, rr->src, 0, 0,
		    _("cannot start the CSV parser"));
		return ITSS_EIO;
	}
	/* Fed a line at a time, so each field knows the line it ends on. */
	st.line = line;
	while (at < end) {
		const char *nl = memchr(at, '\n', (size_t)(end - at));
		size_t n = nl ? (size_t)(nl - at) + 1 : (size_t)(end - at);

		if (csv_parse(&p, at, n, csv_on_field, csv_on_row, &st) != n) {
			itss_diags_add(rr->d, ITSS_ERROR, rr->src, st.line, 0,
			    _("malformed CSV: %s; quote a field that holds commas, "
			    "quotes or line breaks, and double the quotes inside it"),
			    csv_strerror(csv_error(&p)));
			rc = ITSS_EINPUT;
			break;
		}
		at += n;
		st.line++;
	}
	if (rc == 0 && csv_fini(&p, csv_on_field, csv_on_row, &st) != 0) {
		itss_diags_add(rr->d, ITSS_ERROR, rr->src, st.line - 1, 0,
		    _("malformed CSV: a quoted field is not closed"));
		rc = ITSS_EINPUT;
	}
	csv_free(&p);
	cells_release(st.row, st.n);	/* a row the error cut short */
	*malformed = rc == ITSS_EINPUT;
	return rc;
}

/*
 * Where the row that holds buf[from] ends, just past its line end: the
 * first '\n' after from with an even number of quotes before it (in
 * valid CSV, quotes come in pairs, and a line end between a pair is in a
 * field). quotes: those before from. len when there is none.
 */
static size_t
row_end(const char *buf, size_t len, size_t from, size_t quotes)
{
	size_t i;

	for (i = from; i < len; i++) {
		if (buf[i] == '"')
			quotes++;
		else if (buf[i] == '\n' && !(quotes & 1))
			return i + 1;
	}
	return len;
}

/* How many times c is in buf[from..to). */
static size_t
count_byte(const char *buf, size_t from, size_t to, int c)
{
	const char *p = buf + from, *end = buf + to;
	size_t n = 0;

	while ((p = memchr(p, c, (size_t)(end - p)))) {
		n++;
		p++;
	}
	return n;
}

/*
 * A large register is parsed in parts on a few threads, each part whole
 * rows (they end where a line end lies outside quotes), each into a set
 * and errors of its own, taken in order: what one parser would have
 * given, to the error that would have stopped it. Below this size, one
 * part.
 */
#define CSV_PART_MIN (1u << 20)
#define CSV_PARTS 8

struct csv_part {
	const char *buf;
	size_t from, to;
	unsigned line;
	struct rows_reader rr;
	struct itss_evidence_set set;
	struct itss_diags d;
	int rc, malformed;
};

struct csv_parts {
	struct csv_part v[CSV_PARTS];
	size_t n;
};

/* Thread t of n: parts t, t + n, ... */
static void
part_share(void *ctx, size_t t, size_t n)
{
	struct csv_parts *ps = ctx;
	size_t i;

	for (i = t; i < ps->n; i += n) {
		struct csv_part *pt = &ps->v[i];
		pt->rc = csv_feed(&pt->rr, pt->buf + pt->from, pt->to - pt->from,
		    pt->line, &pt->malformed);
	}
}

int
itss_evidence_read_csv(struct itss_evidence_set *set, const char *src, const char *buf,
    size_t len, const struct itss_model *m, struct itss_diags *d)
{
	struct csv_parts ps;
	struct csv_part *parts = ps.v;
	struct rows_reader rr;
	size_t head = row_end(buf, len, 0, 0), nparts, i;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int rc, malformed;

	rows_reader_init(&rr, set, src, m, d);
	/* The header first, alone: every part reads its columns. */
	if ((rc = csv_feed(&rr, buf, head, 1, &malformed)) < 0)
		return rc;
	if (!rr.nrows) {
		itss_diags_add(d, ITSS_ERROR, src, 1, 1, _("the CSV file is empty: it "
		    "needs a header row (id,title,kind,satisfies,date,...)"));
		return ITSS_EINPUT;
	}
	nparts = (len - head) / CSV_PART_MIN;
	if (cpus >= 1 && nparts > (size_t)cpus)
		nparts = (size_t)cpus;
	if (nparts > CSV_PARTS)
		nparts = CSV_PARTS;
	if (rr.header_bad || nparts < 2) {
		if ((rc = csv_feed(&rr, buf + head, len - head, 1 +
		    (unsigned)count_byte(buf, 0, head, '\n'), &malformed)) < 0)
			return rc;
		return rr.rc;
	}
	memset(&ps, 0, sizeof(ps));
	ps.n = nparts;
	for (i = 0; i < nparts; i++) {
		struct csv_part *pt = &parts[i];
		size_t want = head + (len - head) / nparts * (i + 1);
		pt->buf = buf;
		pt->from = i ? parts[i - 1].to : head;
		pt->to = i + 1 == nparts ? len : row_end(buf, len, want <
		    pt->from ? pt->from : want, count_byte(buf, 0, want <
		    pt->from ? pt->from : want, '"'));
		pt->line = 1 + (unsigned)count_byte(buf, 0, pt->from, '\n');
		pt->rr = rr;		/* its columns, the header taken */
		pt->rr.set = &pt->set;
		pt->rr.d = &pt->d;
		pt->rr.rc = 0;
	}
	itss_fan_out(nparts, 1, CSV_PARTS, part_share, &ps);
	rc = 0;
	for (i = 0; i < nparts; i++) {
		struct csv_part *pt = &parts[i];
		/* Past a part the CSV broke off in, one parser had stopped. */
		if (rc == 0) {
			itss_diags_append(d, &pt->d);
			itss_evidence_set_take(set, &pt->set);
			if (pt->rc == ITSS_EIO || pt->malformed)
				rc = pt->rc;
			else if (pt->rr.rc < 0)
				rr.rc = pt->rr.rc;
		}
		itss_evidence_set_release(&pt->set);
		itss_diags_release(&pt->d);
	}
	return rc < 0 ? rc : rr.rc;
}

/* Raw bytes a CSV file may not hold: the same rule as for YAML. */
int
itss_evidence_csv_prescan(const char *src, const char *buf, size_t len, struct itss_diags *d)
{
	const char *nul = memchr(buf, '\0', len);
	size_t bad = itss_utf8_check(buf, len), at;
	unsigned line = 1;

	if (bad == (size_t)-1 && !nul)
		return 0;
	at = bad != (size_t)-1 && (!nul || bad < (size_t)(nul - buf)) ? bad :
	    (size_t)(nul - buf);
	line += (unsigned)count_byte(buf, 0, at, '\n');
	itss_diags_add(d, ITSS_ERROR, src, line, 0, _("%s: save the register as "
	    "UTF-8 text"), buf[at] ? _("invalid UTF-8") : _("a NUL byte"));
	return ITSS_EINPUT;
}


int
itss_evidence_read_xlsx(struct itss_evidence_set *set, const char *src,
    const char *buf, size_t len, const struct itss_model *m,
    struct itss_diags *d)
{
	struct itss_xlsx_rows x;
	struct rows_reader rr;
	const char *why;
	size_t i, k, width;

	if (itss_xlsx_rows(&x, buf, len, &why) < 0) {
		itss_diags_add(d, ITSS_ERROR, src, 0, 0, _("%s: nothing of it is "
		    "indexed"), _(why));
		return ITSS_EINPUT;
	}
	width = x.nrows ? x.rows[0].n : 0;
	if (!x.nrows || !width) {
		itss_diags_add(d, ITSS_ERROR, src, 1, 1, _("the sheet is empty: it needs "
		    "a header row (编号, 标题, 类别, 满足要求, 日期, ... or id, title, ...)"));
		itss_xlsx_rows_release(&x);
		return ITSS_EINPUT;
	}
	/* Taken as the CSV reader takes its rows: as wide as the header, each
	 * cell at its row and column number. */
	rows_reader_init(&rr, set, src, m, d);
	for (i = 0; i < x.nrows; i++) {
		struct csv_cell *row;
		if (i && !x.rows[i].n)
			continue;	/* an empty row */
		row = itss_xcalloc(width + 1, sizeof(*row));
		for (k = 0; k < width; k++) {
			const char *c = k < x.rows[i].n ? x.rows[i].cells[k] : NULL;
			row[k].text = itss_xstrdup(c ? c : "");
			row[k].line = (unsigned)i + 1;
			row[k].col = (unsigned)k + 1;
		}
		take_row(&rr, row, width);
		cells_release(row, width);
	}
	itss_xlsx_rows_release(&x);
	return rr.rc;
}
