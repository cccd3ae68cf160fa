/*
 * seal.c - the current SHA-256 of each cited file written into the record
 * that cites it (seal.h), as edits of the file's own bytes: the YAML is
 * parsed only to find where each file is named (the nodes' start and end
 * marks), and a CSV register is cut into cells by their byte ranges, so
 * that everything else -- comments, blank lines, quoting, order -- stays
 * byte for byte as it was.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "itss/i18n.h"
#include "itss/seal.h"
#include "itss/yaml.h"
#include "evidence_int.h"

struct edit {
	size_t at, del;
	char *ins;
};

struct sealer {
	const struct itss_seal_opts *o;
	const char *buf;
	size_t len;
	struct edit *v;
	size_t n, alloc;
	size_t changed;
};

static void
add_edit(struct sealer *s, size_t at, size_t del, char *ins)
{
	itss_xgrow((void **)&s->v, &s->alloc, s->n + 1, sizeof(*s->v));
	s->v[s->n].at = at;
	s->v[s->n].del = del;
	s->v[s->n].ins = ins;
	s->n++;
}

static int
wanted(const struct itss_seal_opts *o, const char *id)
{
	size_t i;

	if (!o->ids)
		return 1;
	for (i = 0; id && i < o->ids->n; i++)
		if (!strcmp(o->ids->v[i], id))
			return 1;
	return 0;
}

static void
tell(struct sealer *s, const char *rec, const char *path,
    enum itss_seal_what what, unsigned line, unsigned col)
{
	struct itss_seal_event e;

	e.record = rec;
	e.path = path;
	e.what = what;
	e.line = line;
	e.col = col;
	if (s->o->tell)
		s->o->tell(s->o->ctx, &e);
	if (what == ITSS_SEAL_WRITTEN || what == ITSS_SEAL_REPLACED)
		s->changed++;
}

/*
 * What to do with a file whose recorded hash is rec (NULL: none): the hash
 * to write, or NULL to leave it; *what says which.
 */
static const char *
decide(struct sealer *s, const char *path, const char *rec,
    enum itss_seal_what *what)
{
	const char *now = s->o->hash(s->o->ctx, path);

	if (!now) {
		*what = ITSS_SEAL_UNREADABLE;
		return NULL;
	}
	if (!rec) {
		*what = ITSS_SEAL_WRITTEN;
		return now;
	}
	if (!strcasecmp(rec, now)) {
		*what = ITSS_SEAL_KEPT;
		return NULL;
	}
	*what = s->o->force ? ITSS_SEAL_REPLACED : ITSS_SEAL_CHANGED;
	return s->o->force ? now : NULL;
}

/* The byte offset of 1-based line and column (in characters). */
static size_t
offset_of(const char *buf, size_t len, unsigned line, unsigned col)
{
	size_t i = 0;
	unsigned l = 1, c = 1;

	while (i < len && l < line)
		if (buf[i++] == '\n')
			l++;
	while (i < len && c < col && buf[i] != '\n') {
		i++;
		while (i < len && ((unsigned char)buf[i] & 0xc0) == 0x80)
			i++;
		c++;
	}
	return i;
}

/* ---- YAML ---- */

/* A path as a flow mapping's value: as written when that is safe. */
static void
flow_path(struct itss_strbuf *sb, struct sealer *s,
    const struct itss_yaml_node *n, size_t a, size_t b)
{
	size_t i;
	int safe = n->plain;

	if (!n->plain && b > a && (s->buf[a] == '"' || s->buf[a] == '\'') &&
	    memchr(s->buf + a, '\n', b - a) == NULL) {
		itss_strbuf_add(sb, s->buf + a, b - a);	/* quoted: as it is */
		return;
	}
	for (i = 0; safe && i < n->len; i++) {
		unsigned char ch = (unsigned char)n->value[i];
		safe = ch >= 0x80 || (ch >= 'a' && ch <= 'z') ||
		    (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		    strchr("_./-()", ch) != NULL;
	}
	if (safe && n->len) {
		itss_strbuf_add(sb, n->value, n->len);
		return;
	}
	itss_strbuf_addch(sb, '"');
	for (i = 0; i < n->len; i++) {
		if (n->value[i] == '"' || n->value[i] == '\\')
			itss_strbuf_addch(sb, '\\');
		itss_strbuf_addch(sb, n->value[i]);
	}
	itss_strbuf_addch(sb, '"');
}

static void
seal_yaml_file(struct sealer *s, const char *id, const struct itss_yaml_node *f)
{
	const struct itss_yaml_node *path, *sha;
	enum itss_seal_what what;
	const char *h;

	if (f->type == ITSS_YAML_SCALAR) {
		size_t a = offset_of(s->buf, s->len, f->line, f->col);
		size_t b = offset_of(s->buf, s->len, f->end_line, f->end_col);
		if ((h = decide(s, f->value, NULL, &what))) {
			struct itss_strbuf sb = ITSS_STRBUF_INIT;
			itss_strbuf_addstr(&sb, "{path: ");
			flow_path(&sb, s, f, a, b);
			itss_strbuf_addf(&sb, ", sha256: %s}", h);
			add_edit(s, a, b - a, itss_strbuf_detach(&sb, NULL));
		}
		tell(s, id, f->value, what, f->line, f->col);
		return;
	}
	if (f->type != ITSS_YAML_MAP || !(path = itss_yaml_get(f, "path")) ||
	    path->type != ITSS_YAML_SCALAR)
		return;		/* the reader refuses it */
	sha = itss_yaml_get(f, "sha256");
	if (sha && sha->type != ITSS_YAML_SCALAR)
		return;
	h = decide(s, path->value, sha ? sha->value : NULL, &what);
	tell(s, id, path->value, what, path->line, path->col);
	if (!h)
		return;
	if (sha) {
		size_t a = offset_of(s->buf, s->len, sha->line, sha->col);
		size_t b = offset_of(s->buf, s->len, sha->end_line, sha->end_col);
		add_edit(s, a, b - a, itss_xstrdup(h));
	} else if (f->flow) {
		/* Before the closing brace. */
		size_t b = offset_of(s->buf, s->len, f->end_line, f->end_col);
		while (b > 0 && s->buf[b - 1] != '}')
			b--;
		if (b > 0)
			add_edit(s, b - 1, 0, itss_xasprintf(", sha256: %s", h));
	} else {
		/* A line of its own after the path's, indented as the key. */
		size_t e = offset_of(s->buf, s->len, path->end_line, path->end_col);
		size_t i;
		const struct itss_yaml_node *key = NULL;
		struct itss_strbuf sb = ITSS_STRBUF_INIT;
		for (i = 0; i + 1 < f->n; i += 2)
			if (f->kid[i + 1] == path)
				key = f->kid[i];
		while (e < s->len && s->buf[e] != '\n')
			e++;
		if (e > 0 && e <= s->len && s->buf[e - 1] == '\r')
			e--;
		itss_strbuf_addstr(&sb, e < s->len && s->buf[e] == '\r' ? "\r\n" :
		    "\n");
		for (i = 1; key && i < key->col; i++)
			itss_strbuf_addch(&sb, ' ');
		itss_strbuf_addf(&sb, "sha256: %s", h);
		add_edit(s, e, 0, itss_strbuf_detach(&sb, NULL));
	}
}

static void
seal_yaml_record(struct sealer *s, const struct itss_yaml_node *r)
{
	const struct itss_yaml_node *id, *files;
	size_t i;

	if (r->type != ITSS_YAML_MAP || !(id = itss_yaml_get(r, "id")) ||
	    id->type != ITSS_YAML_SCALAR || !wanted(s->o, id->value))
		return;
	if (!(files = itss_yaml_get(r, "files")) || files->type != ITSS_YAML_SEQ)
		return;
	for (i = 0; i < files->n; i++)
		seal_yaml_file(s, id->value, files->kid[i]);
}

static int
seal_yaml(struct sealer *s, const char *src, struct itss_diags *d)
{
	struct itss_yaml_doc doc;
	size_t i;
	int rc;

	if ((rc = itss_yaml_parse(&doc, src, s->buf, s->len, NULL, d)) < 0)
		return rc;
	if (doc.root->type == ITSS_YAML_SEQ)
		for (i = 0; i < doc.root->n; i++)
			seal_yaml_record(s, doc.root->kid[i]);
	else
		seal_yaml_record(s, doc.root);
	itss_yaml_doc_release(&doc);
	return 0;
}

/* ---- CSV ---- */

/* A cell by its bytes: buf[a..b), quotes included. */
struct cell {
	size_t a, b;
	unsigned line;
};

/* The cells of the row starting at *p, to the end of its line. */
static size_t
csv_row(struct cell **v, size_t *alloc, const char *buf, size_t len,
    size_t *p, unsigned *line)
{
	size_t n = 0, i = *p;

	for (;;) {
		itss_xgrow((void **)v, alloc, n + 1, sizeof(**v));
		(*v)[n].a = i;
		(*v)[n].line = *line;
		if (i < len && buf[i] == '"') {
			for (i++; i < len; i++) {
				if (buf[i] == '\n')
					(*line)++;
				if (buf[i] == '"') {
					if (i + 1 < len && buf[i + 1] == '"')
						i++;
					else
						break;
				}
			}
			if (i < len)
				i++;
		}
		while (i < len && buf[i] != ',' && buf[i] != '\n' && buf[i] != '\r')
			i++;
		(*v)[n++].b = i;
		if (i < len && buf[i] == ',') {
			i++;
			continue;
		}
		if (i < len && buf[i] == '\r')
			i++;
		if (i < len && buf[i] == '\n')
			i++;
		(*line)++;
		break;
	}
	*p = i;
	return n;
}

/* A cell's text: unquoted, "" made ", spaces trimmed. */
static char *
cell_text(const char *buf, const struct cell *c)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	size_t i = c->a, b = c->b;
	char *t, *e;

	if (i < b && buf[i] == '"') {
		for (i++; i < b; i++) {
			if (buf[i] == '"' && i + 1 < b && buf[i + 1] == '"')
				i++;
			else if (buf[i] == '"')
				break;
			itss_strbuf_addch(&sb, buf[i]);
		}
	} else {
		itss_strbuf_add(&sb, buf + i, b - i);
	}
	t = itss_strbuf_detach(&sb, NULL);
	for (e = t + strlen(t); e > t && (e[-1] == ' ' || e[-1] == '\t'); e--)
		;
	*e = '\0';
	i = strspn(t, " \t");
	memmove(t, t + i, strlen(t + i) + 1);
	return t;
}

/* One files cell: each item "path | sha256" where there is a hash. */
static void
seal_csv_files(struct sealer *s, const char *id, const struct cell *c,
    unsigned col)
{
	char *text = cell_text(s->buf, c), *p = text;
	struct itss_strbuf out = ITSS_STRBUF_INIT;
	const char *sep = strchr(text, '\n') ? "\n" : "; ";
	int edit = 0;

	while (*p) {
		size_t n = strcspn(p, ";\n\r");
		char *a = p, *b = p + n, *bar, *rec = NULL, *path;
		const char *h, *keep;
		enum itss_seal_what what;

		p += n + (p[n] != '\0');
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (a == b)
			continue;
		*b = '\0';
		if ((bar = strchr(a, '|'))) {
			char *e = bar, *r = bar + 1;
			while (e > a && e[-1] == ' ')
				e--;
			*e = '\0';
			r += strspn(r, " ");
			rec = r;
		} else {
			/* The workbook's "path [state] sha256": the path. */
			char *br = strstr(a, " [");
			if (br && strchr(br, ']')) {
				*br = '\0';
				edit = 1;	/* made plain */
			}
		}
		path = a;
		h = decide(s, path, rec, &what);
		tell(s, id, path, what, c->line, col);
		keep = h ? h : rec;
		edit |= h != NULL;
		itss_strbuf_addf(&out, "%s%s", out.len ? sep : "", path);
		if (keep)
			itss_strbuf_addf(&out, " | %s", keep);
	}
	if (edit) {
		struct itss_strbuf q = ITSS_STRBUF_INIT;
		size_t i;
		if (strpbrk(out.buf, ",\"\n\r")) {
			itss_strbuf_addch(&q, '"');
			for (i = 0; i < out.len; i++) {
				if (out.buf[i] == '"')
					itss_strbuf_addch(&q, '"');
				itss_strbuf_addch(&q, out.buf[i]);
			}
			itss_strbuf_addch(&q, '"');
		} else {
			itss_strbuf_add(&q, out.buf, out.len);
		}
		add_edit(s, c->a, c->b - c->a, itss_strbuf_detach(&q, NULL));
	}
	itss_strbuf_release(&out);
	free(text);
}

static int
seal_csv(struct sealer *s, const char *src, struct itss_diags *d)
{
	struct cell *v = NULL;
	size_t alloc = 0, p = 0, n, i;
	unsigned line = 1;
	int idcol = -1, filescol = -1;

	if (itss_utf8_check(s->buf, s->len) != (size_t)-1 ||
	    memchr(s->buf, '\0', s->len)) {
		itss_diags_add(d, ITSS_ERROR, src, 0, 0, _("seal writes registers "
		    "in UTF-8 only: save this one as UTF-8 text first"));
		return ITSS_EINPUT;
	}
	if (s->len >= 3 && !memcmp(s->buf, "\xef\xbb\xbf", 3))
		p = 3;
	n = csv_row(&v, &alloc, s->buf, s->len, &p, &line);
	for (i = 0; i < n; i++) {
		char *h = cell_text(s->buf, &v[i]);
		int f = itss_csv_column_of(h);
		if (f == F_ID && idcol < 0)
			idcol = (int)i;
		if (f == F_FILES && filescol < 0)
			filescol = (int)i;
		free(h);
	}
	while (idcol >= 0 && filescol >= 0 && p < s->len) {
		char *id;
		n = csv_row(&v, &alloc, s->buf, s->len, &p, &line);
		if (n <= (size_t)idcol || n <= (size_t)filescol)
			continue;
		id = cell_text(s->buf, &v[idcol]);
		if (*id && wanted(s->o, id))
			seal_csv_files(s, id, &v[filescol], (unsigned)filescol + 1);
		free(id);
	}
	free(v);
	return 0;
}

static int
by_offset(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

int
itss_seal(char **out, size_t *outlen, size_t *changed, const char *src,
    const char *buf, size_t len, int is_csv, const struct itss_seal_opts *o,
    struct itss_diags *d)
{
	struct sealer s;
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	size_t i, at = 0;
	int rc;

	memset(&s, 0, sizeof(s));
	s.o = o;
	s.buf = buf;
	s.len = len;
	*out = NULL;
	*outlen = 0;
	*changed = 0;
	rc = is_csv ? seal_csv(&s, src, d) : seal_yaml(&s, src, d);
	if (rc == 0) {
		if (s.n > 1)
			qsort(s.v, s.n, sizeof(*s.v), by_offset);
		for (i = 0; i < s.n; i++) {
			itss_strbuf_add(&sb, buf + at, s.v[i].at - at);
			itss_strbuf_addstr(&sb, s.v[i].ins);
			at = s.v[i].at + s.v[i].del;
		}
		itss_strbuf_add(&sb, buf + at, len - at);
		*out = itss_strbuf_detach(&sb, outlen);
		*changed = s.changed;
	}
	for (i = 0; i < s.n; i++)
		free(s.v[i].ins);
	free(s.v);
	return rc;
}
