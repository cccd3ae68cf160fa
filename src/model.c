/*
 * model.c - reading and checking a model file: the document, its top
 * level, and the model's look-ups (model_int.h says where the rest is).
 *
 * Reading goes on past the first problem: `itss model validate` must show
 * every problem of a file at once. Each section is read into the model as
 * far as it is well formed; the cross-checks (references, the item x level
 * matrix against the requirements, reachability) run only on what was read,
 * and only when the shape was sound enough for them to mean something.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itss/i18n.h"
#include "itss/hash.h"
#include "model_int.h"

int
itss_window_parse(struct itss_window *out, const char *s)
{
	static const char units[] = "YMWD";
	const char *u = units;
	struct itss_window w = { 0, 0, 0 };
	int any = 0;

	if (*s++ != 'P')
		return -1;
	while (*s) {
		long v = 0;
		const char *at;
		int digits = 0;

		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (*s++ - '0');
			if (v > 9999)
				return -1;
			digits++;
		}
		if (!digits || !*s)
			return -1;
		at = strchr(u, *s);
		if (!at)
			return -1;	/* unknown unit, or out of order */
		switch (*at) {
		case 'Y': w.years = (int)v; break;
		case 'M': w.months = (int)v; break;
		case 'W': w.days += (int)v * 7; break;
		case 'D': w.days += (int)v; break;
		}
		u = at + 1;
		s++;
		any |= v > 0;
	}
	if (!any)
		return -1;
	*out = w;
	return 0;
}

void
itss_window_format(struct itss_strbuf *sb, const struct itss_window *w)
{
	itss_strbuf_addch(sb, 'P');
	if (w->years)
		itss_strbuf_addf(sb, "%dY", w->years);
	if (w->months)
		itss_strbuf_addf(sb, "%dM", w->months);
	if (w->days)
		itss_strbuf_addf(sb, "%dD", w->days);
}

static void
build(struct reader *r)
{
	static const char *const keys[] = { "format", "id", "title", "title_en",
		"standard", "version", "published", "replaces", "publisher",
		"default_window", "evidence_kinds", "groups", "levels", "domains",
		"related_standards", "notes", "evaluations", "clauses", NULL };
	static const char *const required[] = { "format", "id", "title",
		"evidence_kinds", "levels", "domains", "clauses", NULL };
	struct itss_model *m = r->m;
	const struct itss_yaml_node *root = m->doc.root, *x;
	long format;
	size_t shape;

	if (itss_yaml_want(r->file, root, ITSS_YAML_MAP, N_("a model file"), r->d) < 0)
		return;
	itss_yaml_check_keys(r->file, root, keys, required, r->d);
	if ((x = itss_yaml_get(root, "format")) &&
	    itss_yaml_int(&format, r->file, x, 1, 1000, "'format'", r->d) == 0 &&
	    format != 1)
		itss_model_err(r, x, _("model format %ld is newer than this itss reads "
		    "(format 1): upgrade itss"), format);
	if (itss_yaml_get(root, "id"))
		m->id = itss_model_get_id(r, root, N_("the model"));
	m->title = itss_model_opt_string(r, root, "title");
	m->title_en = itss_model_opt_string(r, root, "title_en");
	m->standard = itss_model_opt_string(r, root, "standard");
	m->version = itss_model_opt_string(r, root, "version");
	m->replaces = itss_model_opt_string(r, root, "replaces");
	m->publisher = itss_model_opt_string(r, root, "publisher");
	m->published = INT32_MIN;
	if ((x = itss_yaml_get(root, "published")))
		itss_yaml_date(&m->published, r->file, x, "'published'", r->d);
	m->default_window.years = 1;
	if ((x = itss_yaml_get(root, "default_window")))
		itss_model_read_window(r, &m->default_window, x, "'default_window'");
	m->related_standards = itss_model_string_list(r, itss_yaml_get(root,
	    "related_standards"), "'related_standards'", &m->nrelated_standards);
	m->notes = itss_model_string_list(r, itss_yaml_get(root, "notes"), "'notes'",
	    &m->nnotes);

	if ((x = itss_yaml_get(root, "evidence_kinds")))
		itss_model_read_kinds(r, x);
	if ((x = itss_yaml_get(root, "groups")))
		itss_model_read_groups(r, x);
	if ((x = itss_yaml_get(root, "levels")))
		itss_model_read_levels(r, x);
	if ((x = itss_yaml_get(root, "domains")))
		itss_model_read_domains(r, x);
	if ((x = itss_yaml_get(root, "evaluations")))
		itss_model_read_evaluations(r, x);
	shape = r->d->errors;
	if ((x = itss_yaml_get(root, "clauses")))
		itss_model_read_clauses(r, x);
	/*
	 * The matrix check compares what was read; with the model's shape
	 * half-read or a requirement out of place it would only repeat those
	 * problems in other words.
	 */
	if (shape == r->errors_before && !r->unplaced && m->nlevels &&
	    m->ndomains) {
		itss_model_check_matrix(r, itss_yaml_get(root, "domains"));
	} else {
		size_t i;
		for (i = 0; i < m->nitems; i++)
			m->items[i].levels = m->items[i].own_levels |
			    m->domains[m->items[i].domain].wide_levels;
	}
}

/* After the document is parsed (rc): build and check the model. */
static int
cmp_req_id(const void *a, const void *b)
{
	return strcmp((*(const struct itss_requirement *const *)a)->id,
	    (*(const struct itss_requirement *const *)b)->id);
}

/*
 * The requirements by id, for itss_model_requirement: every record names
 * two or three, and a linear search of some 500 for each was a tenth of
 * an import.
 */
static void
index_requirements(struct itss_model *m)
{
	size_t i;

	m->by_id = itss_xcalloc(m->nrequirements + 1, sizeof(*m->by_id));
	for (i = 0; i < m->nrequirements; i++)
		m->by_id[i] = &m->requirements[i];
	if (m->nrequirements > 1)
		qsort(m->by_id, m->nrequirements, sizeof(*m->by_id), cmp_req_id);
}

static int
finish(struct itss_model **out, struct itss_model *m, int rc,
    struct itss_diags *d)
{
	struct reader r;

	if (rc < 0) {
		itss_model_free(m);
		return rc;
	}
	memset(&r, 0, sizeof(r));
	r.m = m;
	r.file = m->path;
	r.d = d;
	r.errors_before = d->errors;
	build(&r);
	if (itss_model_failed(&r)) {
		itss_model_free(m);
		return ITSS_EINPUT;
	}
	index_requirements(m);
	*out = m;
	return 0;
}

int
itss_model_parse(struct itss_model **out, const char *path, const char *buf,
    size_t len, struct itss_diags *d)
{
	struct itss_model *m = itss_xcalloc(1, sizeof(*m));

	*out = NULL;
	m->path = itss_xstrdup(path);
	itss_sha256_buf(m->sha256, buf, len);
	return finish(out, m, itss_yaml_parse(&m->doc, path, buf, len, NULL, d), d);
}

int
itss_model_load(struct itss_model **out, const char *path, struct itss_diags *d)
{
	size_t max = itss_yaml_default_limits.max_bytes, len;
	char *buf;
	int rc;

	*out = NULL;
	if ((rc = itss_yaml_read_file(&buf, &len, path, max, d)) < 0)
		return rc;
	rc = itss_model_parse(out, path, buf, len, d);
	free(buf);
	return rc;
}

void
itss_model_free(struct itss_model *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nlevels; i++) {
		free(m->levels[i].aliases);
		free(m->levels[i].characteristics);
	}
	for (i = 0; i < m->ndomains; i++)
		free(m->domains[i].characteristics);
	for (i = 0; i < m->nitems; i++)
		free(m->items[i].aliases);
	for (i = 0; i < m->nrequirements; i++) {
		free(m->requirements[i].expects);
		free(m->requirements[i].documents);
		free(m->requirements[i].evaluations);
		free(m->requirements[i].eval_caption);
	}
	for (i = 0; i < m->nevaluations; i++) {
		size_t k;
		for (k = 0; k < m->evaluations[i].nitems; k++) {
			free(m->evaluations[i].items[k].posts);
			free(m->evaluations[i].items[k].label);
		}
		free(m->evaluations[i].items);
	}
	free(m->evaluations);
	free(m->kinds);
	free(m->groups);
	free(m->levels);
	free(m->domains);
	free(m->items);
	free(m->requirements);
	free(m->by_id);
	free(m->related_standards);
	free(m->notes);
	itss_yaml_doc_release(&m->doc);
	free(m->path);
	free(m);
}

const struct itss_level *
itss_model_level(const struct itss_model *m, const char *s)
{
	size_t i, j;

	for (i = 0; i < m->nlevels; i++) {
		const struct itss_level *l = &m->levels[i];
		if (!strcmp(l->id, s) || (l->name && !strcmp(l->name, s)) ||
		    (l->grade && !strcmp(l->grade, s)))
			return l;
		for (j = 0; j < l->naliases; j++)
			if (!strcmp(l->aliases[j], s))
				return l;
	}
	return NULL;
}

const struct itss_item *
itss_model_item(const struct itss_model *m, const char *s)
{
	size_t i;
	char *end;
	unsigned long no;

	if (*s >= '0' && *s <= '9') {
		no = strtoul(s, &end, 10);
		if (!*end)
			return no >= 1 && no <= m->nitems ? &m->items[no - 1] : NULL;
	}
	for (i = 0; i < m->nitems; i++)
		if (!strcmp(m->items[i].id, s) || itss_model_names_item(&m->items[i], s))
			return &m->items[i];
	return NULL;
}

const struct itss_domain *
itss_model_domain(const struct itss_model *m, const char *s)
{
	size_t i;

	for (i = 0; i < m->ndomains; i++)
		if (!strcmp(m->domains[i].id, s) || !strcmp(m->domains[i].name, s))
			return &m->domains[i];
	return NULL;
}

const struct itss_requirement *
itss_model_requirement(const struct itss_model *m, const char *id)
{
	size_t i;

	if (m->by_id) {
		struct itss_requirement key;
		const struct itss_requirement *k = &key, *const *hit;
		key.id = id;
		hit = m->nrequirements ? bsearch(&k, m->by_id, m->nrequirements,
		    sizeof(*m->by_id), cmp_req_id) : NULL;
		return hit ? *hit : NULL;
	}
	for (i = 0; i < m->nrequirements; i++)	/* while the model is built */
		if (!strcmp(m->requirements[i].id, id))
			return &m->requirements[i];
	return NULL;
}

const struct itss_kind *
itss_model_kind(const struct itss_model *m, const char *id)
{
	size_t i;

	for (i = 0; i < m->nkinds; i++)
		if (!strcmp(m->kinds[i].id, id))
			return &m->kinds[i];
	return NULL;
}

static int
window_set(const struct itss_window *w)
{
	return w && (w->years || w->months || w->days);
}

struct itss_window
itss_requirement_window(const struct itss_model *m,
    const struct itss_requirement *r, const struct itss_window *repo)
{
	struct itss_window none = { 0, 0, 0 };

	if (!r->periodic)
		return none;
	if (window_set(&r->window))
		return r->window;
	if (window_set(repo))
		return *repo;
	return m->default_window;
}

void
itss_model_stamp(char out[65], const char *sha,
    const struct itss_model *const *also, size_t nalso, const double *scale)
{
	struct itss_sha256 *h;
	size_t i;

	if (!nalso && !scale) {
		memcpy(out, sha, 65);
		return;
	}
	h = itss_sha256_start();
	itss_sha256_addstr(h, sha);
	for (i = 0; i < nalso; i++) {
		itss_sha256_addstr(h, also[i]->id);
		itss_sha256_addstr(h, also[i]->sha256);
	}
	/* A repository's own scale reads scores differently: a change. */
	if (scale) {
		char buf[64];
		snprintf(buf, sizeof(buf), "scale %.17g %.17g", scale[0], scale[1]);
		itss_sha256_addstr(h, buf);
	}
	itss_sha256_finish(h, out);
}

void
itss_model_rescale(struct itss_model *m, const double *scale)
{
	size_t i;

	for (i = 0; scale && i < m->nevaluations; i++) {
		m->evaluations[i].min = scale[0];
		m->evaluations[i].max = scale[1];
	}
}

const struct itss_model *
itss_model_also(const struct itss_model *m, const char *id)
{
	size_t i;

	if (!strcmp(m->id, id))
		return m;
	for (i = 0; i < m->nalso; i++)
		if (!strcmp(m->also[i]->id, id))
			return m->also[i];
	return NULL;
}

const struct itss_requirement *
itss_model_cited(const struct itss_model *m, const char *cited,
    const struct itss_model **in)
{
	const char *colon = strchr(cited, ':');
	const struct itss_model *x = m;
	size_t i;

	if (in)
		*in = NULL;
	if (colon) {
		for (i = 0, x = NULL; i < m->nalso && !x; i++)
			if (strlen(m->also[i]->id) == (size_t)(colon - cited) &&
			    !strncmp(m->also[i]->id, cited, (size_t)(colon - cited)))
				x = m->also[i];
		if (!x)
			return NULL;
		cited = colon + 1;
	}
	if (in)
		*in = x;
	return itss_model_requirement(x, cited);
}

const struct itss_eval_table *
itss_model_eval_table(const struct itss_model *m, const char *id)
{
	size_t i;

	for (i = 0; i < m->nevaluations; i++)
		if (!strcmp(m->evaluations[i].id, id))
			return &m->evaluations[i];
	return NULL;
}

const struct itss_eval_item *
itss_eval_item_find(const struct itss_eval_table *t, const char *s)
{
	size_t i;
	char *end;
	unsigned long no = strtoul(s, &end, 10);

	for (i = 0; i < t->nitems; i++)
		if ((*s && !*end && t->items[i].no == no) ||
		    !strcmp(t->items[i].name, s))
			return &t->items[i];
	return NULL;
}
