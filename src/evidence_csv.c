/*
 * evidence_csv.c - evidence registers in CSV (libcsv): RFC 4180, a header
 * row naming the record keys, ';'-separated lists, "path | sha256" for a
 * pinned file; each row made a raw record and checked as a YAML one is.
 */
#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "evidence_int.h"

struct csv_cell {
	char *text;
	unsigned line, col;
};

struct csv_state {
	struct csv_cell *row;
	size_t n, alloc;
	struct csv_cell **rows;
	size_t *widths;
	size_t nrows, arows;
	unsigned line;		/* the line being fed */
};

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
csv_on_row(int c, void *data)
{
	struct csv_state *st = data;
	size_t grown = st->arows;

	(void)c;
	itss_xgrow((void **)&st->rows, &st->arows, st->nrows + 1, sizeof(*st->rows));
	if (st->arows != grown)
		st->widths = itss_xrealloc(st->widths, st->arows * sizeof(*st->widths));
	st->rows[st->nrows] = st->row;
	st->widths[st->nrows] = st->n;
	st->nrows++;
	st->row = NULL;
	st->n = st->alloc = 0;
}

static void
csv_state_release(struct csv_state *st)
{
	size_t i, j;

	for (i = 0; i < st->nrows; i++) {
		for (j = 0; j < st->widths[i]; j++)
			free(st->rows[i][j].text);
		free(st->rows[i]);
	}
	for (j = 0; j < st->n; j++)
		free(st->row[j].text);
	free(st->row);
	free(st->rows);
	free(st->widths);
}

/* Split a list cell at ';' and line ends; trim spaces; "path|sha256". */
static void
csv_list(struct raw_field *f, const struct csv_cell *c, int files)
{
	const char *p = c->text;

	f->is_list = 1;
	while (*p) {
		size_t n = strcspn(p, ";\n\r");
		const char *a = p, *b = p + n, *bar;

		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
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
		if (*p)
			p++;
	}
}

int
itss_evidence_read_csv(struct itss_evidence_set *set, const char *src, const char *buf,
    size_t len, const struct itss_model *m, struct itss_diags *d)
{
	struct csv_parser p;
	struct csv_state st;
	int map[64];
	size_t i, j, ncols;
	int rc = 0;
	const char *line = buf, *end = buf + len;

	memset(&st, 0, sizeof(st));
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		itss_diags_add(d, ITSS_ERROR, src, 0, 0, "cannot start the CSV parser");
		return ITSS_EIO;
	}
	/* Fed a line at a time, so each field knows the line it ends on. */
	st.line = 1;
	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = nl ? (size_t)(nl - line) + 1 : (size_t)(end - line);

		if (csv_parse(&p, line, n, csv_on_field, csv_on_row, &st) != n) {
			itss_diags_add(d, ITSS_ERROR, src, st.line, 0,
			    "malformed CSV: %s; quote a field that holds commas, "
			    "quotes or line breaks, and double the quotes inside it",
			    csv_strerror(csv_error(&p)));
			rc = ITSS_EINPUT;
			break;
		}
		line += n;
		st.line++;
	}
	if (rc == 0 && csv_fini(&p, csv_on_field, csv_on_row, &st) != 0) {
		itss_diags_add(d, ITSS_ERROR, src, st.line - 1, 0,
		    "malformed CSV: a quoted field is not closed");
		rc = ITSS_EINPUT;
	}
	csv_free(&p);
	if (rc < 0)
		goto out;
	if (!st.nrows) {
		itss_diags_add(d, ITSS_ERROR, src, 1, 1, "the CSV file is empty: it "
		    "needs a header row (id,title,kind,satisfies,date,...)");
		rc = ITSS_EINPUT;
		goto out;
	}
	ncols = st.widths[0];
	if (ncols > 64)
		ncols = 64;
	for (i = 0; i < ncols; i++) {
		const struct csv_cell *h = &st.rows[0][i];
		map[i] = -1;
		for (j = 0; j < NFIELDS; j++)
			if (!strcmp(h->text, itss_record_keys[j]))
				map[i] = (int)j;
		if (map[i] < 0) {
			itss_diags_add(d, ITSS_ERROR, src, h->line, h->col,
			    "unknown column '%s' in the header (known: id, title, "
			    "kind, satisfies, date, valid_until, owner, status, "
			    "files, notes, documents)", h->text);
			rc = ITSS_EINPUT;
		}
		for (j = 0; j < i; j++)
			if (map[j] >= 0 && map[j] == map[i]) {
				itss_diags_add(d, ITSS_ERROR, src, h->line, h->col,
				    "column '%s' appears twice in the header", h->text);
				rc = ITSS_EINPUT;
			}
	}
	if (rc < 0)
		goto out;
	for (i = 1; i < st.nrows; i++) {
		struct raw_record raw;
		struct csv_cell *row = st.rows[i];

		/* A blank line is one empty field: skip it. */
		if (st.widths[i] == 1 && !row[0].text[0])
			continue;
		if (st.widths[i] != st.widths[0]) {
			itss_diags_add(d, ITSS_ERROR, src, row[0].line, 0,
			    "this row has %zu fields, the header %zu", st.widths[i],
			    st.widths[0]);
			rc = ITSS_EINPUT;
			continue;
		}
		memset(&raw, 0, sizeof(raw));
		raw.line = row[0].line;
		raw.col = 1;
		for (j = 0; j < ncols; j++) {
			struct raw_field *f = &raw.f[map[j]];
			const struct csv_cell *c = &row[j];
			if (!c->text[0] && map[j] != F_SATISFIES)
				continue;	/* an empty cell: absent */
			f->present = 1;
			f->line = c->line;
			f->col = c->col;
			if (map[j] == F_SATISFIES || map[j] == F_FILES ||
			    map[j] == F_DOCUMENTS) {
				csv_list(f, c, map[j] == F_FILES);
			} else {
				f->one.text = itss_xstrdup(c->text);
				f->one.line = c->line;
				f->one.col = c->col;
			}
		}
		if (itss_raw_check_record(set, src, &raw, m, d) < 0)
			rc = ITSS_EINPUT;
		itss_raw_release(&raw);
	}
out:
	csv_state_release(&st);
	return rc;
}

/* Raw bytes a CSV file may not hold: the same rule as for YAML. */
int
itss_evidence_csv_prescan(const char *src, const char *buf, size_t len, struct itss_diags *d)
{
	const char *nul = memchr(buf, '\0', len);
	size_t bad = itss_utf8_check(buf, len), at, i;
	unsigned line = 1;

	if (bad == (size_t)-1 && !nul)
		return 0;
	at = bad != (size_t)-1 && (!nul || bad < (size_t)(nul - buf)) ? bad :
	    (size_t)(nul - buf);
	for (i = 0; i < at; i++)
		line += buf[i] == '\n';
	itss_diags_add(d, ITSS_ERROR, src, line, 0, "%s: save the register as "
	    "UTF-8 text", buf[at] ? "invalid UTF-8" : "a NUL byte");
	return ITSS_EINPUT;
}

