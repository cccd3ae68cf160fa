/*
 * crosswalk.c - reading a crosswalk file and resolving its pairs against
 * the two models it relates (crosswalk.h, itss-model(5)).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "itss/i18n.h"
#include "itss/crosswalk.h"

static const char *const rel_names[] = { "equal", "subset-of",
	"superset-of", "intersects" };

const char *
itss_xw_rel_name(enum itss_xw_rel r)
{
	return rel_names[r];
}

int
itss_xw_counts(const struct itss_xw_pair *p, int k)
{
	if (!p->side[0].req || !p->side[1].req)
		return 0;	/* an item: related only */
	return p->rel == ITSS_XW_EQUAL ||
	    p->rel == (k == 0 ? ITSS_XW_SUPERSET : ITSS_XW_SUBSET);
}

void
itss_crosswalk_free(struct itss_crosswalk *x)
{
	if (!x)
		return;
	free(x->pairs);
	free(x->notes);
	itss_yaml_doc_release(&x->doc);
	free(x->path);
	free(x);
}

static void err(struct itss_diags *d, const char *file,
    const struct itss_yaml_node *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
err(struct itss_diags *d, const char *file, const struct itss_yaml_node *n,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	itss_diags_vadd(d, ITSS_ERROR, file, n ? n->line : 0, n ? n->col : 0,
	    fmt, ap);
	va_end(ap);
}

/* The requirement of m whose named documents include name: one, or NULL. */
static const struct itss_requirement *
document_of(const struct itss_model *m, const char *name, int *many)
{
	const struct itss_requirement *found = NULL;
	size_t i, k;

	*many = 0;
	for (i = 0; i < m->nrequirements; i++)
		for (k = 0; k < m->requirements[i].ndocuments; k++)
			if (!strcmp(m->requirements[i].documents[k], name)) {
				if (found)
					*many = 1;
				found = &m->requirements[i];
			}
	return found;
}

/*
 * One side: a requirement id; {document: NAME} (with requirement: ID when
 * several have it); or {item: N or name}. 0, or -1 (told).
 */
static int
read_side(struct itss_xw_side *s, const char *file,
    const struct itss_yaml_node *n, const struct itss_model *m,
    struct itss_diags *d)
{
	static const char *const keys[] = { "document", "requirement", "item",
		NULL };
	const struct itss_yaml_node *x;
	const char *v;

	memset(s, 0, sizeof(*s));
	s->line = n->line;
	s->col = n->col;
	if (n->type == ITSS_YAML_SCALAR) {
		if (!(s->req = itss_model_requirement(m, n->value))) {
			err(d, file, n, _("model '%s' has no requirement '%s'"), m->id,
			    n->value);
			return -1;
		}
		return 0;
	}
	if (itss_yaml_want(file, n, ITSS_YAML_MAP, N_("a side of a pair"), d) < 0 ||
	    itss_yaml_check_keys(file, n, keys, NULL, d))
		return -1;
	if ((x = itss_yaml_get(n, "item"))) {
		if (itss_yaml_string(&v, file, x, "'item'", d) < 0)
			return -1;
		if (!(s->item = itss_model_item(m, v))) {
			err(d, file, x, _("model '%s' has no item '%s'"), m->id, v);
			return -1;
		}
		if (itss_yaml_get(n, "document") || itss_yaml_get(n, "requirement")) {
			err(d, file, n, _("a side is an item, a requirement or a "
			    "document, not several"));
			return -1;
		}
		return 0;
	}
	if (!(x = itss_yaml_get(n, "document"))) {
		err(d, file, n, _("a side is a requirement id, {document: NAME} or "
		    "{item: N}"));
		return -1;
	}
	if (itss_yaml_string(&s->document, file, x, "'document'", d) < 0)
		return -1;
	if ((x = itss_yaml_get(n, "requirement"))) {
		size_t k;
		if (itss_yaml_string(&v, file, x, "'requirement'", d) < 0)
			return -1;
		if (!(s->req = itss_model_requirement(m, v))) {
			err(d, file, x, _("model '%s' has no requirement '%s'"), m->id, v);
			return -1;
		}
		for (k = 0; k < s->req->ndocuments &&
		    strcmp(s->req->documents[k], s->document); k++)
			;
		if (k == s->req->ndocuments) {
			err(d, file, n, _("'%s' is not a named document of %s"),
			    s->document, s->req->id);
			return -1;
		}
	} else {
		int many;
		if (!(s->req = document_of(m, s->document, &many))) {
			err(d, file, n, _("model '%s' names no document '%s'"), m->id,
			    s->document);
			return -1;
		}
		if (many) {
			err(d, file, n, _("several requirements name document '%s': "
			    "say which (requirement: ID)"), s->document);
			return -1;
		}
	}
	return 0;
}

int
itss_crosswalk_peek(const char *buf, size_t len, char **a, char **b)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_yaml_doc doc;
	const struct itss_yaml_node *ms;
	int rc = -1;

	*a = *b = NULL;
	if (itss_yaml_parse(&doc, "crosswalk", buf, len, NULL, &d) == 0) {
		if (doc.root && doc.root->type == ITSS_YAML_MAP &&
		    itss_yaml_get(doc.root, "crosswalk") &&
		    (ms = itss_yaml_get(doc.root, "models")) &&
		    ms->type == ITSS_YAML_SEQ && ms->n == 2 &&
		    ms->kid[0]->type == ITSS_YAML_SCALAR &&
		    ms->kid[1]->type == ITSS_YAML_SCALAR) {
			*a = itss_xstrdup(ms->kid[0]->value);
			*b = itss_xstrdup(ms->kid[1]->value);
			rc = 0;
		}
		itss_yaml_doc_release(&doc);
	}
	itss_diags_release(&d);
	return rc;
}

static const struct itss_model *
model_by_id(const struct itss_model *const *models, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(models[i]->id, id))
			return models[i];
	return NULL;
}

int
itss_crosswalk_parse(struct itss_crosswalk **out, const char *path,
    const char *buf, size_t len, const struct itss_model *const *models,
    size_t n, struct itss_diags *d)
{
	static const char *const keys[] = { "crosswalk", "id", "title",
		"models", "notes", "pairs", NULL };
	static const char *const required[] = { "crosswalk", "id", "models",
		"pairs", NULL };
	struct itss_crosswalk *x = itss_xcalloc(1, sizeof(*x));
	const struct itss_yaml_node *root, *ms, *ps, *v;
	size_t errors = d->errors, i, k;
	long version;

	*out = NULL;
	x->path = itss_xstrdup(path);
	if (itss_yaml_parse(&x->doc, path, buf, len, NULL, d) < 0) {
		itss_crosswalk_free(x);
		return ITSS_EINPUT;
	}
	root = x->doc.root;
	if (itss_yaml_want(path, root, ITSS_YAML_MAP, N_("a crosswalk"), d) < 0 ||
	    itss_yaml_check_keys(path, root, keys, required, d))
		goto out;
	if (itss_yaml_int(&version, path, itss_yaml_get(root, "crosswalk"), 1,
	    1000, "'crosswalk'", d) == 0 && version != 1)
		err(d, path, itss_yaml_get(root, "crosswalk"), _("crosswalk format "
		    "%ld is not known (this itss reads format 1)"), version);
	(void)itss_yaml_string(&x->id, path, itss_yaml_get(root, "id"), "'id'", d);
	if ((v = itss_yaml_get(root, "title")))
		(void)itss_yaml_string(&x->title, path, v, "'title'", d);
	if ((v = itss_yaml_get(root, "notes")) &&
	    itss_yaml_want(path, v, ITSS_YAML_SEQ, "'notes'", d) == 0) {
		x->notes = itss_xcalloc(v->n + 1, sizeof(*x->notes));
		for (i = 0; i < v->n; i++)
			if (itss_yaml_string(&x->notes[x->nnotes], path, v->kid[i],
			    "a note", d) == 0)
				x->nnotes++;
	}
	ms = itss_yaml_get(root, "models");
	if (itss_yaml_want(path, ms, ITSS_YAML_SEQ, "'models'", d) < 0)
		goto out;
	if (ms->n != 2) {
		err(d, path, ms, _("'models' names the two models it relates"));
		goto out;
	}
	for (k = 0; k < 2; k++) {
		if (itss_yaml_string(&x->model_id[k], path, ms->kid[k], N_("a model"),
		    d) < 0)
			goto out;
		if (!(x->model[k] = model_by_id(models, n, x->model_id[k])))
			err(d, path, ms->kid[k], _("no model '%s' to relate (`itss model "
			    "list` shows those found)"), x->model_id[k]);
	}
	if (d->errors > errors)
		goto out;
	if (!strcmp(x->model_id[0], x->model_id[1])) {
		err(d, path, ms, _("a crosswalk relates two models, not '%s' to "
		    "itself"), x->model_id[0]);
		goto out;
	}
	ps = itss_yaml_get(root, "pairs");
	if (itss_yaml_want(path, ps, ITSS_YAML_SEQ, "'pairs'", d) < 0)
		goto out;
	x->pairs = itss_xcalloc(ps->n + 1, sizeof(*x->pairs));
	for (i = 0; i < ps->n; i++) {
		const struct itss_yaml_node *p = ps->kid[i], *r;
		const char *pkeys[] = { x->model_id[0], x->model_id[1],
			"relationship", "note", NULL };
		const char *preq[] = { x->model_id[0], x->model_id[1],
			"relationship", NULL };
		struct itss_xw_pair *pr = &x->pairs[x->npairs];
		const char *rel;
		int bad = 0, j;

		if (itss_yaml_want(path, p, ITSS_YAML_MAP, N_("a pair"), d) < 0 ||
		    itss_yaml_check_keys(path, p, pkeys, preq, d))
			continue;
		pr->line = p->line;
		pr->col = p->col;
		for (k = 0; k < 2; k++)
			if (read_side(&pr->side[k], path, itss_yaml_get(p,
			    x->model_id[k]), x->model[k], d) < 0)
				bad = 1;
		r = itss_yaml_get(p, "relationship");
		if (itss_yaml_string(&rel, path, r, "'relationship'", d) < 0)
			continue;
		if ((j = itss_name_index(rel_names, 4, rel)) < 0) {
			err(d, path, r, _("relationship '%s': say equal, subset-of, "
			    "superset-of or intersects"), rel);
			continue;
		}
		pr->rel = (enum itss_xw_rel)j;
		if ((v = itss_yaml_get(p, "note")))
			(void)itss_yaml_string(&pr->note, path, v, "'note'", d);
		if (!bad)
			x->npairs++;
	}
out:
	if (d->errors > errors) {
		itss_crosswalk_free(x);
		return ITSS_EINPUT;
	}
	*out = x;
	return 0;
}
