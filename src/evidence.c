/*
 * evidence.c - reading evidence records (YAML, CSV) and judgements.
 *
 * YAML and CSV records are first turned into the same raw form -- each key
 * with its text or list of texts and where they were written -- and then
 * checked by one function, so the two formats cannot drift apart in what
 * they accept.
 */
#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "itss/evidence.h"
#include "itss/hash.h"
#include "itss/repo.h"
#include "itss/yaml.h"

#define NFIELDS 10
static const char *const record_keys[NFIELDS + 1] = {
	"id", "title", "kind", "satisfies", "date", "valid_until", "owner",
	"status", "files", "notes", NULL,
};
enum { F_ID, F_TITLE, F_KIND, F_SATISFIES, F_DATE, F_VALID_UNTIL, F_OWNER,
	F_STATUS, F_FILES, F_NOTES };

struct raw_value {
	char *text;
	char *sha256;		/* files only */
	unsigned line, col;
};

struct raw_field {
	int present;
	int is_list;
	struct raw_value one;	/* a single value */
	struct raw_value *items;	/* a list */
	size_t n;
	unsigned line, col;	/* where the value starts */
};

struct raw_record {
	struct raw_field f[NFIELDS];
	unsigned line, col;
};

static void
raw_release(struct raw_record *r)
{
	size_t i, j;

	for (i = 0; i < NFIELDS; i++) {
		free(r->f[i].one.text);
		for (j = 0; j < r->f[i].n; j++) {
			free(r->f[i].items[j].text);
			free(r->f[i].items[j].sha256);
		}
		free(r->f[i].items);
	}
	memset(r, 0, sizeof(*r));
}

static void
raw_add_item(struct raw_field *f, const char *text, size_t len,
    const char *sha, unsigned line, unsigned col)
{
	f->items = itss_xrealloc(f->items, (f->n + 1) * sizeof(*f->items));
	f->items[f->n].text = itss_xstrndup(text, len);
	f->items[f->n].sha256 = sha ? itss_xstrdup(sha) : NULL;
	f->items[f->n].line = line;
	f->items[f->n].col = col;
	f->n++;
}

static const char *const status_names[] = { "draft", "approved",
	"superseded", "rejected" };
static const char *const state_names[] = { "ok", "missing", "altered",
	"unstable" };
static const char *const verdict_names[] = { "not_applicable", "conform",
	"nonconform" };
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *
itss_status_name(enum itss_record_status s)
{
	return status_names[s];
}

int
itss_status_parse(enum itss_record_status *out, const char *s)
{
	int i = itss_name_index(status_names, COUNT(status_names), s);

	if (i >= 0)
		*out = (enum itss_record_status)i;
	return i < 0 ? -1 : 0;
}

const char *
itss_file_state_name(enum itss_file_state s)
{
	return state_names[s];
}

int
itss_file_state_parse(enum itss_file_state *out, const char *s)
{
	int i = itss_name_index(state_names, COUNT(state_names), s);

	if (i >= 0)
		*out = (enum itss_file_state)i;
	return i < 0 ? -1 : 0;
}

const char *
itss_verdict_name(enum itss_verdict v)
{
	return verdict_names[v];
}

int
itss_verdict_parse(enum itss_verdict *out, const char *s)
{
	int i = itss_name_index(verdict_names, COUNT(verdict_names), s);

	if (i >= 0)
		*out = (enum itss_verdict)i;
	return i < 0 ? -1 : 0;
}

int
itss_evidence_id_valid(const char *s)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
		    *s == '.' || *s == '/' || *s == ':'))
			return 0;
	return n >= 1 && n <= 128;
}

static void
record_release(struct itss_record *r)
{
	size_t j;

	free(r->id);
	free(r->title);
	free(r->kind);
	for (j = 0; j < r->nsatisfies; j++)
		free(r->satisfies[j]);
	free(r->satisfies);
	free(r->owner);
	free(r->notes);
	for (j = 0; j < r->nfiles; j++) {
		free(r->files[j].path);
		free(r->files[j].sha256);
	}
	free(r->files);
	free(r->source);
}

void
itss_evidence_set_release(struct itss_evidence_set *set)
{
	size_t i;

	for (i = 0; i < set->nrecords; i++)
		record_release(&set->records[i]);
	free(set->records);
	for (i = 0; i < set->njudgements; i++) {
		struct itss_judgement *jd = &set->judgements[i];
		free(jd->requirement);
		free(jd->reason);
		free(jd->by);
		free(jd->source);
	}
	free(set->judgements);
	memset(set, 0, sizeof(*set));
}

/* ---- the one check, for both formats ---- */

static int
single(const char *src, const struct raw_field *f, const char *key,
    struct itss_diags *d)
{
	if (f->is_list) {
		itss_diags_add(d, ITSS_ERROR, src, f->line, f->col,
		    "'%s' must be a single value, not a list", key);
		return -1;
	}
	return 0;
}

static char *
take_text(const char *src, struct raw_field *f, const char *key, int required,
    unsigned rl, unsigned rc, struct itss_diags *d, int *bad)
{
	if (!f->present || (!f->is_list && (!f->one.text || !*f->one.text))) {
		if (required) {
			itss_diags_add(d, ITSS_ERROR, src, f->present ? f->line : rl,
			    f->present ? f->col : rc, "the record has no '%s'", key);
			*bad = 1;
		}
		return NULL;
	}
	if (single(src, f, key, d) < 0) {
		*bad = 1;
		return NULL;
	}
	return itss_xstrdup(f->one.text);
}

static int
take_date(int32_t *out, const char *src, const struct raw_field *f,
    const char *key, struct itss_diags *d)
{
	if (single(src, f, key, d) < 0)
		return -1;
	if (itss_date_parse(out, f->one.text, strlen(f->one.text)) < 0) {
		itss_diags_add(d, ITSS_ERROR, src, f->one.line, f->one.col,
		    "'%s' must be a date written YYYY-MM-DD, not '%s'", key,
		    f->one.text);
		return -1;
	}
	return 0;
}

/*
 * Check a raw record and, when sound, append it to the set. Returns 0 or
 * ITSS_EINPUT.
 */
static int
check_record(struct itss_evidence_set *set, const char *src,
    struct raw_record *raw, const struct itss_model *m, struct itss_diags *d)
{
	struct itss_record r;
	struct raw_field *f = raw->f;
	unsigned rl = raw->line, rc = raw->col;
	size_t i, j;
	int bad = 0;

	memset(&r, 0, sizeof(r));
	r.valid_until = INT32_MAX;
	r.id = take_text(src, &f[F_ID], "id", 1, rl, rc, d, &bad);
	if (r.id && !itss_evidence_id_valid(r.id)) {
		itss_diags_add(d, ITSS_ERROR, src, f[F_ID].one.line, f[F_ID].one.col,
		    "'%s' is not a usable record id: use up to 128 letters, "
		    "digits and - _ . / :", r.id);
		bad = 1;
	}
	r.title = take_text(src, &f[F_TITLE], "title", 1, rl, rc, d, &bad);
	r.kind = take_text(src, &f[F_KIND], "kind", 1, rl, rc, d, &bad);
	if (r.kind && !itss_model_kind(m, r.kind)) {
		struct itss_strbuf sb = ITSS_STRBUF_INIT;
		for (i = 0; i < m->nkinds; i++)
			itss_strbuf_addf(&sb, "%s%s", i ? ", " : "", m->kinds[i].id);
		itss_diags_add(d, ITSS_ERROR, src, f[F_KIND].one.line,
		    f[F_KIND].one.col, "unknown kind '%s'; the model's kinds are: %s",
		    r.kind, sb.buf);
		itss_strbuf_release(&sb);
		bad = 1;
	}
	if (!f[F_SATISFIES].present) {
		itss_diags_add(d, ITSS_ERROR, src, rl, rc,
		    "the record has no 'satisfies' (the requirement ids it serves)");
		bad = 1;
	} else if (!f[F_SATISFIES].is_list) {
		itss_diags_add(d, ITSS_ERROR, src, f[F_SATISFIES].line,
		    f[F_SATISFIES].col, "'satisfies' must be a list of requirement "
		    "ids, such as [7.4.4.a, 7.4.4.e]");
		bad = 1;
	} else {
		if (!f[F_SATISFIES].n) {
			itss_diags_add(d, ITSS_ERROR, src, f[F_SATISFIES].line,
			    f[F_SATISFIES].col, "'satisfies' is empty: name at least "
			    "one requirement");
			bad = 1;
		}
		r.satisfies = itss_xcalloc(f[F_SATISFIES].n + 1, sizeof(char *));
		for (i = 0; i < f[F_SATISFIES].n; i++) {
			struct raw_value *v = &f[F_SATISFIES].items[i];
			if (!itss_model_requirement(m, v->text)) {
				itss_diags_add(d, ITSS_ERROR, src, v->line, v->col,
				    "unknown requirement '%s' in model '%s' "
				    "(`itss model show --json` lists them)", v->text,
				    m->id);
				bad = 1;
				continue;
			}
			for (j = 0; j < r.nsatisfies; j++)
				if (!strcmp(r.satisfies[j], v->text))
					break;
			if (j < r.nsatisfies) {
				itss_diags_add(d, ITSS_ERROR, src, v->line, v->col,
				    "requirement '%s' is listed twice", v->text);
				bad = 1;
				continue;
			}
			r.satisfies[r.nsatisfies++] = itss_xstrdup(v->text);
		}
	}
	if (!f[F_DATE].present) {
		itss_diags_add(d, ITSS_ERROR, src, rl, rc, "the record has no 'date'");
		bad = 1;
	} else if (take_date(&r.date, src, &f[F_DATE], "date", d) < 0) {
		bad = 1;
	}
	if (f[F_VALID_UNTIL].present && f[F_VALID_UNTIL].one.text &&
	    *f[F_VALID_UNTIL].one.text) {
		if (take_date(&r.valid_until, src, &f[F_VALID_UNTIL], "valid_until",
		    d) < 0) {
			bad = 1;
		} else if (f[F_DATE].present && r.valid_until < r.date) {
			itss_diags_add(d, ITSS_ERROR, src, f[F_VALID_UNTIL].one.line,
			    f[F_VALID_UNTIL].one.col, "'valid_until' is before "
			    "the record's date");
			bad = 1;
		}
	}
	r.owner = take_text(src, &f[F_OWNER], "owner", 0, rl, rc, d, &bad);
	r.notes = take_text(src, &f[F_NOTES], "notes", 0, rl, rc, d, &bad);
	if (f[F_STATUS].present && f[F_STATUS].one.text && *f[F_STATUS].one.text) {
		if (single(src, &f[F_STATUS], "status", d) < 0) {
			bad = 1;
		} else if (itss_status_parse(&r.status, f[F_STATUS].one.text) < 0) {
			itss_diags_add(d, ITSS_ERROR, src, f[F_STATUS].one.line,
			    f[F_STATUS].one.col, "status must be draft, approved, "
			    "superseded or rejected, not '%s'", f[F_STATUS].one.text);
			bad = 1;
		} else {
			r.status_given = 1;
		}
	}
	if (f[F_FILES].present && !(f[F_FILES].one.text && !*f[F_FILES].one.text &&
	    !f[F_FILES].is_list)) {
		if (!f[F_FILES].is_list) {
			itss_diags_add(d, ITSS_ERROR, src, f[F_FILES].line,
			    f[F_FILES].col, "'files' must be a list of paths");
			bad = 1;
		} else {
			r.files = itss_xcalloc(f[F_FILES].n + 1, sizeof(*r.files));
			for (i = 0; i < f[F_FILES].n; i++) {
				struct raw_value *v = &f[F_FILES].items[i];
				const char *why = itss_repo_path_problem(v->text);
				if (why) {
					itss_diags_add(d, ITSS_ERROR, src, v->line,
					    v->col, "file '%s': %s", v->text, why);
					bad = 1;
					continue;
				}
				if (v->sha256 && !itss_sha256_valid(v->sha256)) {
					itss_diags_add(d, ITSS_ERROR, src, v->line,
					    v->col, "file '%s': the sha256 must be 64 "
					    "hexadecimal digits", v->text);
					bad = 1;
					continue;
				}
				for (j = 0; j < r.nfiles; j++)
					if (!strcmp(r.files[j].path, v->text))
						break;
				if (j < r.nfiles) {
					itss_diags_add(d, ITSS_ERROR, src, v->line,
					    v->col, "file '%s' is listed twice", v->text);
					bad = 1;
					continue;
				}
				r.files[r.nfiles].path = itss_xstrdup(v->text);
				r.files[r.nfiles].line = v->line;
				r.files[r.nfiles].col = v->col;
				if (v->sha256) {
					char *h = itss_xstrdup(v->sha256);
					for (j = 0; h[j]; j++)
						if (h[j] >= 'A' && h[j] <= 'F')
							h[j] = (char)(h[j] - 'A' + 'a');
					r.files[r.nfiles].sha256 = h;
				}
				r.nfiles++;
			}
		}
	}
	/*
	 * A record with problems stays in the set, so that its files and its
	 * id are checked too and one run reports everything; the caller must
	 * not use a set whose reading failed.
	 */
	if (!r.id) {
		record_release(&r);
		return ITSS_EINPUT;
	}
	r.source = itss_xstrdup(src);
	r.line = rl;
	r.col = rc;
	itss_xgrow((void **)&set->records, &set->arecords, set->nrecords + 1,
	    sizeof(*set->records));
	set->records[set->nrecords++] = r;
	return bad ? ITSS_EINPUT : 0;
}

/* ---- YAML ---- */

static void
raw_from_node(struct raw_field *f, const char *src, const char *key,
    const struct itss_yaml_node *n, struct itss_diags *d, int *bad)
{
	size_t i;

	f->present = 1;
	f->line = n->line;
	f->col = n->col;
	if (n->type == ITSS_YAML_SCALAR || n->type == ITSS_YAML_NULL) {
		f->one.text = itss_xstrdup(n->type == ITSS_YAML_NULL ? "" : n->value);
		f->one.line = n->line;
		f->one.col = n->col;
		return;
	}
	if (n->type == ITSS_YAML_MAP) {
		itss_diags_add(d, ITSS_ERROR, src, n->line, n->col,
		    "'%s' must be %s, not a mapping", key,
		    !strcmp(key, "satisfies") || !strcmp(key, "files") ?
		    "a list" : "a single value");
		*bad = 1;
		return;
	}
	f->is_list = 1;
	for (i = 0; i < n->n; i++) {
		const struct itss_yaml_node *it = n->kid[i];
		if (it->type == ITSS_YAML_SCALAR) {
			raw_add_item(f, it->value, it->len, NULL, it->line, it->col);
		} else if (it->type == ITSS_YAML_MAP && !strcmp(key, "files")) {
			static const char *const fk[] = { "path", "sha256", NULL };
			static const char *const freq[] = { "path", NULL };
			const struct itss_yaml_node *p = itss_yaml_get(it, "path");
			const struct itss_yaml_node *h = itss_yaml_get(it, "sha256");
			const char *path, *sha = NULL;

			if (itss_yaml_check_keys(src, it, fk, freq, d)) {
				*bad = 1;
				continue;
			}
			if (itss_yaml_string(&path, src, p, "'path'", d) < 0 ||
			    (h && itss_yaml_string(&sha, src, h, "'sha256'", d) < 0)) {
				*bad = 1;
				continue;
			}
			raw_add_item(f, path, strlen(path), sha, p->line, p->col);
		} else {
			itss_diags_add(d, ITSS_ERROR, src, it->line, it->col,
			    "an entry of '%s' must be %s, not %s", key,
			    !strcmp(key, "files") ? "a path or {path, sha256}" :
			    "a string", itss_yaml_type_name(it));
			*bad = 1;
		}
	}
}

static int
record_from_yaml(struct itss_evidence_set *set, const char *src,
    const struct itss_yaml_node *n, const struct itss_model *m,
    struct itss_diags *d)
{
	struct raw_record raw;
	size_t i;
	int bad = 0, rc;

	if (itss_yaml_want(src, n, ITSS_YAML_MAP, "an evidence record", d) < 0)
		return ITSS_EINPUT;
	memset(&raw, 0, sizeof(raw));
	raw.line = n->line;
	raw.col = n->col;
	if (itss_yaml_check_keys(src, n, record_keys, NULL, d))
		bad = 1;
	for (i = 0; i < NFIELDS; i++) {
		const struct itss_yaml_node *v = itss_yaml_get(n, record_keys[i]);
		if (v)
			raw_from_node(&raw.f[i], src, record_keys[i], v, d, &bad);
	}
	rc = check_record(set, src, &raw, m, d);
	raw_release(&raw);
	return bad ? ITSS_EINPUT : rc;
}

/* ---- CSV ---- */

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
				raw_add_item(f, a, (size_t)(e - a), sha, c->line, c->col);
				free(sha);
			} else {
				raw_add_item(f, a, (size_t)(b - a), NULL, c->line, c->col);
			}
		}
		p += n;
		if (*p)
			p++;
	}
}

static int
read_csv(struct itss_evidence_set *set, const char *src, const char *buf,
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
			if (!strcmp(h->text, record_keys[j]))
				map[i] = (int)j;
		if (map[i] < 0) {
			itss_diags_add(d, ITSS_ERROR, src, h->line, h->col,
			    "unknown column '%s' in the header (known: id, title, "
			    "kind, satisfies, date, valid_until, owner, status, "
			    "files, notes)", h->text);
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
			if (map[j] == F_SATISFIES || map[j] == F_FILES) {
				csv_list(f, c, map[j] == F_FILES);
			} else {
				f->one.text = itss_xstrdup(c->text);
				f->one.line = c->line;
				f->one.col = c->col;
			}
		}
		if (check_record(set, src, &raw, m, d) < 0)
			rc = ITSS_EINPUT;
		raw_release(&raw);
	}
out:
	csv_state_release(&st);
	return rc;
}

/* Raw bytes a CSV file may not hold: the same rule as for YAML. */
static int
csv_prescan(const char *src, const char *buf, size_t len, struct itss_diags *d)
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

int
itss_evidence_read(struct itss_evidence_set *set, const char *source,
    const char *buf, size_t len, int is_csv, const struct itss_model *m,
    struct itss_diags *d)
{
	struct itss_yaml_doc doc;
	const struct itss_yaml_node *root;
	size_t i;
	int rc = 0;

	if (is_csv) {
		if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3)) {
			buf += 3;
			len -= 3;
		}
		if ((rc = csv_prescan(source, buf, len, d)) < 0)
			return rc;
		return read_csv(set, source, buf, len, m, d);
	}
	if ((rc = itss_yaml_parse(&doc, source, buf, len, NULL, d)) < 0)
		return rc;
	root = doc.root;
	if (root->type == ITSS_YAML_SEQ) {
		for (i = 0; i < root->n; i++)
			if (record_from_yaml(set, source, root->kid[i], m, d) < 0)
				rc = ITSS_EINPUT;
	} else if (root->type == ITSS_YAML_MAP) {
		rc = record_from_yaml(set, source, root, m, d);
	} else {
		itss_diags_add(d, ITSS_ERROR, source, root->line, root->col,
		    "an evidence file holds a record (a mapping) or a list of "
		    "records, not %s", itss_yaml_type_name(root));
		rc = ITSS_EINPUT;
	}
	itss_yaml_doc_release(&doc);
	return rc;
}

/* ---- judgements ---- */

static int
judgement_from_yaml(struct itss_evidence_set *set, const char *src,
    const struct itss_yaml_node *n, const struct itss_model *m,
    struct itss_diags *d)
{
	static const char *const keys[] = { "requirement", "verdict", "reason",
		"by", "date", NULL };
	static const char *const required[] = { "requirement", "verdict",
		"reason", NULL };
	struct itss_judgement j;
	const struct itss_yaml_node *x;
	const char *s;
	int bad = 0;

	if (itss_yaml_want(src, n, ITSS_YAML_MAP, "a judgement", d) < 0)
		return ITSS_EINPUT;
	if (itss_yaml_check_keys(src, n, keys, required, d))
		bad = 1;
	memset(&j, 0, sizeof(j));
	j.date = INT32_MIN;
	if ((x = itss_yaml_get(n, "requirement")) &&
	    itss_yaml_string(&s, src, x, "'requirement'", d) == 0) {
		if (!itss_model_requirement(m, s)) {
			itss_diags_add(d, ITSS_ERROR, src, x->line, x->col,
			    "unknown requirement '%s' in model '%s'", s, m->id);
			bad = 1;
		} else {
			j.requirement = itss_xstrdup(s);
		}
	} else if (x) {
		bad = 1;
	}
	if ((x = itss_yaml_get(n, "verdict")) &&
	    itss_yaml_string(&s, src, x, "'verdict'", d) == 0) {
		if (itss_verdict_parse(&j.verdict, s) < 0) {
			itss_diags_add(d, ITSS_ERROR, src, x->line, x->col,
			    "verdict must be not_applicable, conform or nonconform, "
			    "not '%s'", s);
			bad = 1;
		}
	} else if (x) {
		bad = 1;
	}
	if ((x = itss_yaml_get(n, "reason"))) {
		if (itss_yaml_string(&s, src, x, "'reason' (why the verdict)", d) == 0)
			j.reason = itss_xstrdup(s);
		else
			bad = 1;
	}
	if ((x = itss_yaml_get(n, "by"))) {
		if (itss_yaml_string(&s, src, x, "'by'", d) == 0)
			j.by = itss_xstrdup(s);
		else
			bad = 1;
	}
	if ((x = itss_yaml_get(n, "date")) &&
	    itss_yaml_date(&j.date, src, x, "'date'", d) < 0)
		bad = 1;
	/* A finding is an assessor's: it says who made it, and when. */
	if (!bad && j.verdict != ITSS_NOT_APPLICABLE && (!j.by || j.date == INT32_MIN)) {
		itss_diags_add(d, ITSS_ERROR, src, n->line, n->col, "a %s finding "
		    "needs 'by' (the assessor) and 'date'",
		    itss_verdict_name(j.verdict));
		bad = 1;
	}
	if (bad) {
		free(j.requirement);
		free(j.reason);
		free(j.by);
		return ITSS_EINPUT;
	}
	j.source = itss_xstrdup(src);
	j.line = n->line;
	j.col = n->col;
	itss_xgrow((void **)&set->judgements, &set->ajudgements,
	    set->njudgements + 1, sizeof(*set->judgements));
	set->judgements[set->njudgements++] = j;
	return 0;
}

int
itss_judgements_read(struct itss_evidence_set *set, const char *source,
    const char *buf, size_t len, const struct itss_model *m,
    struct itss_diags *d)
{
	struct itss_yaml_doc doc;
	const struct itss_yaml_node *root;
	size_t i;
	int rc = 0;

	if ((rc = itss_yaml_parse(&doc, source, buf, len, NULL, d)) < 0)
		return rc;
	root = doc.root;
	if (root->type == ITSS_YAML_SEQ) {
		for (i = 0; i < root->n; i++)
			if (judgement_from_yaml(set, source, root->kid[i], m, d) < 0)
				rc = ITSS_EINPUT;
	} else {
		rc = judgement_from_yaml(set, source, root, m, d);
	}
	itss_yaml_doc_release(&doc);
	return rc;
}

/* ---- uniqueness across files ---- */

static const struct itss_evidence_set *sort_set;

static int
cmp_record(const void *a, const void *b)
{
	const struct itss_record *x = &sort_set->records[*(const size_t *)a];
	const struct itss_record *y = &sort_set->records[*(const size_t *)b];
	int c = strcmp(x->id, y->id);

	if (c)
		return c;
	c = strcmp(x->source, y->source);
	if (c)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int
cmp_judgement(const void *a, const void *b)
{
	const struct itss_judgement *x = &sort_set->judgements[*(const size_t *)a];
	const struct itss_judgement *y = &sort_set->judgements[*(const size_t *)b];
	int c = strcmp(x->requirement, y->requirement);

	if (c)
		return c;
	c = strcmp(x->source, y->source);
	if (c)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

size_t
itss_evidence_check_ids(const struct itss_evidence_set *set,
    struct itss_diags *d)
{
	size_t *ix, i, n = set->nrecords > set->njudgements ? set->nrecords :
	    set->njudgements, problems = 0;

	ix = itss_xcalloc(n ? n : 1, sizeof(*ix));
	sort_set = set;
	for (i = 0; i < set->nrecords; i++)
		ix[i] = i;
	qsort(ix, set->nrecords, sizeof(*ix), cmp_record);
	for (i = 1; i < set->nrecords; i++) {
		const struct itss_record *a = &set->records[ix[i - 1]];
		const struct itss_record *b = &set->records[ix[i]];
		if (!strcmp(a->id, b->id)) {
			itss_diags_add(d, ITSS_ERROR, b->source, b->line, b->col,
			    "record id '%s' is already used at %s:%u:%u; ids are "
			    "unique in the repository", b->id, a->source, a->line,
			    a->col);
			problems++;
		}
	}
	for (i = 0; i < set->njudgements; i++)
		ix[i] = i;
	qsort(ix, set->njudgements, sizeof(*ix), cmp_judgement);
	for (i = 1; i < set->njudgements; i++) {
		const struct itss_judgement *a = &set->judgements[ix[i - 1]];
		const struct itss_judgement *b = &set->judgements[ix[i]];
		if (!strcmp(a->requirement, b->requirement)) {
			itss_diags_add(d, ITSS_ERROR, b->source, b->line, b->col,
			    "requirement %s already has a judgement at %s:%u:%u; "
			    "keep one", b->requirement, a->source, a->line, a->col);
			problems++;
		}
	}
	sort_set = NULL;
	free(ix);
	return problems;
}
