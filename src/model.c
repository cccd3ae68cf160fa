/*
 * model.c - reading and checking a model file.
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

#include "itss/hash.h"
#include "itss/model.h"

struct reader {
	struct itss_model *m;
	const char *file;
	struct itss_diags *d;
	size_t errors_before;
	/*
	 * Set when a clause or requirement could not be put in its place
	 * (unknown level, domain or item; an unusable id): the matrix check
	 * would then report holes that are only echoes of that problem.
	 */
	int unplaced;
};

static void
err(struct reader *r, const struct itss_yaml_node *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
err(struct reader *r, const struct itss_yaml_node *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	itss_diags_vadd(r->d, ITSS_ERROR, r->file, at ? at->line : 0,
	    at ? at->col : 0, fmt, ap);
	va_end(ap);
}

static int
failed(const struct reader *r)
{
	return r->d->errors > r->errors_before;
}

/* An identifier: lower-case ASCII letters, digits, '-', '_' and '.'. */
static int
valid_id(const char *s)
{
	const char *p;

	if (!*s || !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return 0;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.'))
			return 0;
	return 1;
}

static const char *
get_id(struct reader *r, const struct itss_yaml_node *map, const char *what)
{
	const struct itss_yaml_node *n = itss_yaml_get(map, "id");
	const char *s;

	if (!n) {
		err(r, map, "%s has no 'id'", what);
		return NULL;
	}
	if (itss_yaml_string(&s, r->file, n, "'id'", r->d) < 0)
		return NULL;
	if (!valid_id(s)) {
		err(r, n, "'%s' is not a valid id: use lower-case letters, "
		    "digits, '-', '_' and '.', starting with a letter or digit", s);
		return NULL;
	}
	return s;
}

/* An optional string; NULL when absent or wrong (then reported). */
static const char *
opt_string(struct reader *r, const struct itss_yaml_node *map, const char *key)
{
	const struct itss_yaml_node *n = itss_yaml_get(map, key);
	const char *s = NULL;
	char what[64];

	if (!n)
		return NULL;
	snprintf(what, sizeof(what), "'%s'", key);
	if (itss_yaml_string(&s, r->file, n, what, r->d) < 0)
		return NULL;
	return s;
}

static const char *
req_string(struct reader *r, const struct itss_yaml_node *map, const char *key,
    const char *what)
{
	if (!itss_yaml_get(map, key)) {
		err(r, map, "%s has no '%s'", what, key);
		return NULL;
	}
	return opt_string(r, map, key);
}

/* A list of strings; NULL/0 when absent. */
static const char **
string_list(struct reader *r, const struct itss_yaml_node *n, const char *what,
    size_t *count)
{
	const char **v;
	size_t i, k = 0;

	*count = 0;
	if (!n)
		return NULL;
	if (itss_yaml_want(r->file, n, ITSS_YAML_SEQ, what, r->d) < 0)
		return NULL;
	v = itss_xcalloc(n->n ? n->n : 1, sizeof(*v));
	for (i = 0; i < n->n; i++) {
		const char *s;
		if (itss_yaml_string(&s, r->file, n->kid[i], what, r->d) == 0)
			v[k++] = s;
	}
	*count = k;
	return v;
}

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

static int
read_window(struct reader *r, struct itss_window *out,
    const struct itss_yaml_node *n, const char *what)
{
	const char *s;

	if (itss_yaml_string(&s, r->file, n, what, r->d) < 0)
		return -1;
	if (itss_window_parse(out, s) < 0) {
		err(r, n, "%s must be a period such as P1Y, P6M, P4W or P90D, "
		    "not '%s'", what, s);
		return -1;
	}
	return 0;
}

/*
 * Names that must identify one thing: an item's names and aliases, a
 * level's. A small table checked by linear search; models are small, and
 * the check reports the first place a name was used.
 */
struct name_use {
	const char *name;
	const struct itss_yaml_node *at;
	const char *owner;
};

static void
claim_name(struct reader *r, struct name_use **v, size_t *n, size_t *alloc,
    const char *name, const struct itss_yaml_node *at, const char *owner)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (!strcmp((*v)[i].name, name)) {
			err(r, at, "'%s' already names %s (line %u, column %u); "
			    "a name or alias must name one thing", name,
			    (*v)[i].owner, (*v)[i].at ? (*v)[i].at->line : 0,
			    (*v)[i].at ? (*v)[i].at->col : 0);
			return;
		}
	}
	itss_xgrow((void **)v, alloc, *n + 1, sizeof(**v));
	(*v)[*n].name = name;
	(*v)[*n].at = at;
	(*v)[*n].owner = owner;
	(*n)++;
}

static void
read_kinds(struct reader *r, const struct itss_yaml_node *n)
{
	static const char *const keys[] = { "id", "name", "description", NULL };
	struct itss_model *m = r->m;
	size_t i, j;

	if (itss_yaml_want(r->file, n, ITSS_YAML_SEQ, "'evidence_kinds'", r->d) < 0)
		return;
	m->kinds = itss_xcalloc(n->n, sizeof(*m->kinds));
	for (i = 0; i < n->n; i++) {
		const struct itss_yaml_node *k = n->kid[i];
		struct itss_kind *kd;
		const char *id;

		if (itss_yaml_want(r->file, k, ITSS_YAML_MAP, "an evidence kind", r->d) < 0)
			continue;
		itss_yaml_check_keys(r->file, k, keys, NULL, r->d);
		if (!(id = get_id(r, k, "an evidence kind")))
			continue;
		for (j = 0; j < m->nkinds; j++)
			if (!strcmp(m->kinds[j].id, id))
				err(r, itss_yaml_get(k, "id"),
				    "evidence kind '%s' is declared twice", id);
		kd = &m->kinds[m->nkinds++];
		kd->id = id;
		kd->name = req_string(r, k, "name", "an evidence kind");
		kd->description = opt_string(r, k, "description");
	}
	if (!n->n)
		err(r, n, "'evidence_kinds' must declare at least one kind");
}

static void
read_groups(struct reader *r, const struct itss_yaml_node *n)
{
	static const char *const keys[] = { "id", "name", NULL };
	struct itss_model *m = r->m;
	size_t i, j;

	if (itss_yaml_want(r->file, n, ITSS_YAML_SEQ, "'groups'", r->d) < 0)
		return;
	m->groups = itss_xcalloc(n->n, sizeof(*m->groups));
	for (i = 0; i < n->n; i++) {
		const struct itss_yaml_node *g = n->kid[i];
		const char *id;

		if (itss_yaml_want(r->file, g, ITSS_YAML_MAP, "a group", r->d) < 0)
			continue;
		itss_yaml_check_keys(r->file, g, keys, NULL, r->d);
		if (!(id = get_id(r, g, "a group")))
			continue;
		for (j = 0; j < m->ngroups; j++)
			if (!strcmp(m->groups[j].id, id))
				err(r, itss_yaml_get(g, "id"),
				    "group '%s' is declared twice", id);
		m->groups[m->ngroups].id = id;
		m->groups[m->ngroups].name = req_string(r, g, "name", "a group");
		m->ngroups++;
	}
}

static void
read_levels(struct reader *r, const struct itss_yaml_node *n)
{
	static const char *const keys[] = { "id", "name", "grade", "aliases",
		"basis", "definition", "characteristics", NULL };
	struct itss_model *m = r->m;
	struct name_use *names = NULL;
	size_t nnames = 0, anames = 0, i, j;

	if (itss_yaml_want(r->file, n, ITSS_YAML_SEQ, "'levels'", r->d) < 0)
		return;
	if (!n->n) {
		err(r, n, "'levels' must list at least one level (a standard "
		    "without levels is a model with one)");
		return;
	}
	if (n->n > ITSS_MAX_LEVELS) {
		err(r, n, "a model may have at most %d levels, not %zu",
		    ITSS_MAX_LEVELS, n->n);
		return;
	}
	m->levels = itss_xcalloc(n->n, sizeof(*m->levels));
	for (i = 0; i < n->n; i++) {
		const struct itss_yaml_node *l = n->kid[i], *a;
		struct itss_level *lv;
		const char *id;

		if (itss_yaml_want(r->file, l, ITSS_YAML_MAP, "a level", r->d) < 0)
			continue;
		itss_yaml_check_keys(r->file, l, keys, NULL, r->d);
		if (!(id = get_id(r, l, "a level")))
			continue;
		lv = &m->levels[m->nlevels];
		lv->id = id;
		lv->name = req_string(r, l, "name", "a level");
		lv->grade = opt_string(r, l, "grade");
		lv->basis = opt_string(r, l, "basis");
		lv->definition = opt_string(r, l, "definition");
		a = itss_yaml_get(l, "aliases");
		lv->aliases = string_list(r, a, "'aliases'", &lv->naliases);
		lv->characteristics = string_list(r, itss_yaml_get(l,
		    "characteristics"), "'characteristics'", &lv->ncharacteristics);
		lv->rank = (unsigned)m->nlevels + 1;
		lv->line = l->line;
		lv->col = l->col;
		claim_name(r, &names, &nnames, &anames, id, itss_yaml_get(l, "id"), id);
		if (lv->name)
			claim_name(r, &names, &nnames, &anames, lv->name,
			    itss_yaml_get(l, "name"), id);
		if (lv->grade)
			claim_name(r, &names, &nnames, &anames, lv->grade,
			    itss_yaml_get(l, "grade"), id);
		for (j = 0; j < lv->naliases; j++)
			claim_name(r, &names, &nnames, &anames, lv->aliases[j],
			    a->kid[j], id);
		m->nlevels++;
	}
	free(names);
}

/* A list of level ids as a bit set; problems reported, bad entries skipped. */
static unsigned
level_set(struct reader *r, const struct itss_yaml_node *n, const char *what)
{
	unsigned set = 0;
	size_t i, j;
	long last = -1;

	if (itss_yaml_want(r->file, n, ITSS_YAML_SEQ, what, r->d) < 0)
		return 0;
	for (i = 0; i < n->n; i++) {
		const char *s;
		if (itss_yaml_string(&s, r->file, n->kid[i], what, r->d) < 0)
			continue;
		for (j = 0; j < r->m->nlevels; j++)
			if (!strcmp(r->m->levels[j].id, s))
				break;
		if (j == r->m->nlevels) {
			err(r, n->kid[i], "unknown level '%s' in %s", s, what);
			continue;
		}
		if ((long)j <= last)
			err(r, n->kid[i], "%s must list levels once each, lowest "
			    "first ('%s' is out of order or repeated)", what, s);
		last = (long)j;
		set |= 1u << j;
	}
	return set;
}

static void
read_domains(struct reader *r, const struct itss_yaml_node *n)
{
	static const char *const dkeys[] = { "id", "number", "name", "group",
		"wide_levels", "characteristics", "items", NULL };
	static const char *const ikeys[] = { "number", "id", "name", "aliases",
		"levels", NULL };
	struct itss_model *m = r->m;
	struct name_use *names = NULL;
	size_t nnames = 0, anames = 0, i, j, k, total = 0;

	if (itss_yaml_want(r->file, n, ITSS_YAML_SEQ, "'domains'", r->d) < 0)
		return;
	if (!n->n) {
		err(r, n, "'domains' must list at least one domain");
		return;
	}
	for (i = 0; i < n->n; i++) {
		const struct itss_yaml_node *its = itss_yaml_get(n->kid[i], "items");
		if (its && its->type == ITSS_YAML_SEQ)
			total += its->n;
	}
	m->domains = itss_xcalloc(n->n, sizeof(*m->domains));
	m->items = itss_xcalloc(total ? total : 1, sizeof(*m->items));
	for (i = 0; i < n->n; i++) {
		const struct itss_yaml_node *dn = n->kid[i], *x;
		struct itss_domain *dm;
		const char *id;
		long no;

		if (itss_yaml_want(r->file, dn, ITSS_YAML_MAP, "a domain", r->d) < 0)
			continue;
		itss_yaml_check_keys(r->file, dn, dkeys, NULL, r->d);
		if (!(id = get_id(r, dn, "a domain")))
			continue;
		for (j = 0; j < m->ndomains; j++)
			if (!strcmp(m->domains[j].id, id))
				err(r, itss_yaml_get(dn, "id"),
				    "domain '%s' is declared twice", id);
		dm = &m->domains[m->ndomains];
		dm->id = id;
		dm->line = dn->line;
		dm->col = dn->col;
		dm->no = (unsigned)m->ndomains + 1;
		if ((x = itss_yaml_get(dn, "number")) &&
		    itss_yaml_int(&no, r->file, x, 1, 1000, "'number'", r->d) == 0 &&
		    (unsigned long)no != dm->no)
			err(r, x, "domain '%s' is number %ld but stands at place "
			    "%u: number the domains 1, 2, 3, ... in order", id, no,
			    dm->no);
		dm->name = req_string(r, dn, "name", "a domain");
		if (dm->name)
			claim_name(r, &names, &nnames, &anames, dm->name,
			    itss_yaml_get(dn, "name"), id);
		if ((x = itss_yaml_get(dn, "group"))) {
			const char *g;
			if (itss_yaml_string(&g, r->file, x, "'group'", r->d) == 0) {
				for (j = 0; j < m->ngroups; j++)
					if (!strcmp(m->groups[j].id, g))
						dm->group = &m->groups[j];
				if (!dm->group)
					err(r, x, "unknown group '%s'%s", g,
					    m->ngroups ? "" :
					    " (the model declares no 'groups')");
			}
		}
		if ((x = itss_yaml_get(dn, "wide_levels")))
			dm->wide_levels = level_set(r, x, "'wide_levels'");
		dm->characteristics = itss_xcalloc(m->nlevels ? m->nlevels : 1,
		    sizeof(*dm->characteristics));
		if ((x = itss_yaml_get(dn, "characteristics")) &&
		    itss_yaml_want(r->file, x, ITSS_YAML_MAP, "'characteristics'",
		    r->d) == 0) {
			for (k = 0; k + 1 < x->n; k += 2) {
				const char *s;
				for (j = 0; j < m->nlevels; j++)
					if (!strcmp(m->levels[j].id, x->kid[k]->value))
						break;
				if (j == m->nlevels) {
					err(r, x->kid[k], "unknown level '%s' in "
					    "'characteristics'", x->kid[k]->value);
					continue;
				}
				if (itss_yaml_string(&s, r->file, x->kid[k + 1],
				    "a characteristic", r->d) == 0)
					dm->characteristics[j] = s;
			}
		}
		dm->first_item = m->nitems;
		x = itss_yaml_get(dn, "items");
		if (!x) {
			err(r, dn, "domain '%s' has no 'items'", id);
		} else if (itss_yaml_want(r->file, x, ITSS_YAML_SEQ, "'items'",
		    r->d) == 0) {
			if (!x->n)
				err(r, x, "domain '%s' must have at least one item", id);
			for (k = 0; k < x->n; k++) {
				const struct itss_yaml_node *in = x->kid[k], *y;
				struct itss_item *it;
				const char *iid;

				if (itss_yaml_want(r->file, in, ITSS_YAML_MAP,
				    "an item", r->d) < 0)
					continue;
				itss_yaml_check_keys(r->file, in, ikeys, NULL, r->d);
				if (!(iid = get_id(r, in, "an item")))
					continue;
				it = &m->items[m->nitems];
				it->id = iid;
				it->no = (unsigned)m->nitems + 1;
				it->line = in->line;
				it->col = in->col;
				it->domain = m->ndomains;
				if (!(y = itss_yaml_get(in, "number")))
					err(r, in, "item '%s' has no 'number'", iid);
				else if (itss_yaml_int(&no, r->file, y, 1, 100000,
				    "'number'", r->d) == 0 &&
				    (unsigned long)no != it->no)
					err(r, y, "item '%s' is number %ld but stands "
					    "at place %u: number the items 1, 2, 3, "
					    "... in order across the domains", iid, no,
					    it->no);
				it->name = req_string(r, in, "name", "an item");
				claim_name(r, &names, &nnames, &anames, iid,
				    itss_yaml_get(in, "id"), iid);
				if (it->name)
					claim_name(r, &names, &nnames, &anames,
					    it->name, itss_yaml_get(in, "name"), iid);
				y = itss_yaml_get(in, "aliases");
				it->aliases = string_list(r, y, "'aliases'",
				    &it->naliases);
				for (j = 0; j < it->naliases; j++)
					claim_name(r, &names, &nnames, &anames,
					    it->aliases[j], y->kid[j], iid);
				if (!(y = itss_yaml_get(in, "levels")))
					err(r, in, "item '%s' has no 'levels' (the "
					    "levels at which it is assessed)", iid);
				else
					it->own_levels = level_set(r, y, "'levels'");
				m->nitems++;
			}
		}
		dm->nitems = m->nitems - dm->first_item;
		m->ndomains++;
	}
	free(names);
}

static size_t
find_level(const struct itss_model *m, const char *id)
{
	size_t i;

	for (i = 0; i < m->nlevels; i++)
		if (!strcmp(m->levels[i].id, id))
			return i;
	return (size_t)-1;
}

static size_t
find_domain(const struct itss_model *m, const char *id)
{
	size_t i;

	for (i = 0; i < m->ndomains; i++)
		if (!strcmp(m->domains[i].id, id))
			return i;
	return (size_t)-1;
}

static int
names_item(const struct itss_item *it, const char *s)
{
	size_t i;

	if (!strcmp(it->name, s))
		return 1;
	for (i = 0; i < it->naliases; i++)
		if (!strcmp(it->aliases[i], s))
			return 1;
	return 0;
}

/* A clause id: numbers separated by dots, "6.1.1" or "9.4". */
static int
valid_clause(const char *s)
{
	int digits = 0;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			digits++;
		} else if (*s == '.' && digits) {
			digits = 0;
		} else {
			return 0;
		}
	}
	return digits > 0;
}

/* One requirement of a clause; 0 when read, -1 when skipped. */
static int
read_requirement(struct reader *r, struct itss_requirement *rq,
    const struct itss_yaml_node *n, const char *clause, char letter)
{
	static const char *const keys[] = { "id", "text", "expects", "periodic",
		"window", "note", NULL };
	struct itss_model *m = r->m;
	const struct itss_yaml_node *x;
	const char *id;
	size_t i, j;

	if (itss_yaml_want(r->file, n, ITSS_YAML_MAP, "a requirement", r->d) < 0)
		return -1;
	itss_yaml_check_keys(r->file, n, keys, NULL, r->d);
	x = itss_yaml_get(n, "id");
	if (!x) {
		err(r, n, "a requirement of clause %s has no 'id'", clause);
		return -1;
	}
	if (itss_yaml_string(&id, r->file, x, "'id'", r->d) < 0)
		return -1;
	{
		size_t cl = strlen(clause);
		if (strncmp(id, clause, cl) || id[cl] != '.' || !id[cl + 1] ||
		    id[cl + 2]) {
			err(r, x, "requirement '%s' is in clause %s: its id must be "
			    "%s.%c", id, clause, clause, letter);
			return -1;
		}
		if (id[cl + 1] != letter) {
			err(r, x, "requirement '%s' should be %s.%c: the lettered "
			    "requirements of a clause run a), b), c), ... without "
			    "gaps", id, clause, letter);
		}
	}
	rq->id = id;
	rq->line = n->line;
	rq->col = n->col;
	rq->text = req_string(r, n, "text", "a requirement");
	rq->note = opt_string(r, n, "note");
	if ((x = itss_yaml_get(n, "expects")) &&
	    itss_yaml_want(r->file, x, ITSS_YAML_SEQ, "'expects'", r->d) == 0) {
		rq->expects = itss_xcalloc(x->n ? x->n : 1, sizeof(*rq->expects));
		for (i = 0; i < x->n; i++) {
			const struct itss_kind *k;
			const char *s;

			if (itss_yaml_string(&s, r->file, x->kid[i], "an expected kind",
			    r->d) < 0)
				continue;
			if (!(k = itss_model_kind(m, s))) {
				err(r, x->kid[i], "requirement %s expects '%s', which "
				    "is not one of the model's evidence_kinds", id, s);
				continue;
			}
			for (j = 0; j < rq->nexpects; j++)
				if (rq->expects[j] == k)
					break;
			if (j < rq->nexpects) {
				err(r, x->kid[i], "requirement %s expects '%s' twice",
				    id, s);
				continue;
			}
			rq->expects[rq->nexpects++] = k;
		}
	}
	rq->periodic = opt_string(r, n, "periodic");
	if (rq->periodic && rq->text && !strstr(rq->text, rq->periodic))
		err(r, itss_yaml_get(n, "periodic"), "requirement %s is marked "
		    "periodic by '%s', which its text does not contain", id,
		    rq->periodic);
	if ((x = itss_yaml_get(n, "window"))) {
		read_window(r, &rq->window, x, "'window'");
		if (!rq->periodic)
			err(r, x, "requirement %s has a 'window' but is not "
			    "'periodic': name the clause's word (定期, 每年, ...)", id);
	}
	return 0;
}

static int
cmp_clause_node(const void *a, const void *b)
{
	const struct itss_yaml_node *x = *(const struct itss_yaml_node *const *)a;
	const struct itss_yaml_node *y = *(const struct itss_yaml_node *const *)b;
	int c = strcmp(x->value, y->value);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/*
 * Clause numbers unique, by sorting rather than comparing each with all
 * before it. (A requirement id is its clause and a letter, and letters run
 * a, b, c within a clause, so unique clauses make unique requirements.)
 */
static void
check_unique_clauses(struct reader *r, const struct itss_yaml_node **v, size_t n)
{
	size_t i;

	if (n < 2)
		return;
	qsort(v, n, sizeof(*v), cmp_clause_node);
	for (i = 1; i < n; i++)
		if (!strcmp(v[i - 1]->value, v[i]->value))
			err(r, v[i], "clause %s appears twice (first at line %u)",
			    v[i]->value, v[i - 1]->line);
}

static void
read_clauses(struct reader *r, const struct itss_yaml_node *n)
{
	static const char *const keys[] = { "clause", "level", "domain", "item",
		"heading", "lead", "requirements", NULL };
	struct itss_model *m = r->m;
	size_t i, j, total = 0;
	/* Which clause first took (level, domain, item): for clashes. */
	const struct itss_yaml_node **taken, **numbers;
	size_t ntaken, nnumbers = 0;

	if (itss_yaml_want(r->file, n, ITSS_YAML_SEQ, "'clauses'", r->d) < 0)
		return;
	for (i = 0; i < n->n; i++) {
		const struct itss_yaml_node *rs = itss_yaml_get(n->kid[i],
		    "requirements");
		if (rs && rs->type == ITSS_YAML_SEQ)
			total += rs->n;
	}
	m->requirements = itss_xcalloc(total ? total : 1, sizeof(*m->requirements));
	numbers = itss_xcalloc(n->n ? n->n : 1, sizeof(*numbers));
	ntaken = m->nlevels * (m->nitems + m->ndomains);
	taken = itss_xcalloc(ntaken ? ntaken : 1, sizeof(*taken));

	for (i = 0; i < n->n; i++) {
		const struct itss_yaml_node *c = n->kid[i], *x, *rs, *cx;
		const char *clause, *s, *heading, *lead;
		size_t level = (size_t)-1, domain = (size_t)-1, slot;
		unsigned item = 0;
		long no;
		int ok = 1;

		if (itss_yaml_want(r->file, c, ITSS_YAML_MAP, "a clause", r->d) < 0)
			continue;
		itss_yaml_check_keys(r->file, c, keys, NULL, r->d);
		if (!(clause = req_string(r, c, "clause", "a clause")))
			continue;
		x = cx = itss_yaml_get(c, "clause");
		if (!valid_clause(clause)) {
			err(r, x, "'%s' is not a clause number such as 6.1.1 or 9.4",
			    clause);
			continue;
		}
		numbers[nnumbers++] = cx;
		if ((s = req_string(r, c, "level", "a clause")) &&
		    (level = find_level(m, s)) == (size_t)-1) {
			err(r, itss_yaml_get(c, "level"), "clause %s: unknown level "
			    "'%s'", clause, s);
			ok = 0;
		}
		if ((s = req_string(r, c, "domain", "a clause")) &&
		    (domain = find_domain(m, s)) == (size_t)-1) {
			err(r, itss_yaml_get(c, "domain"), "clause %s: unknown "
			    "domain '%s'", clause, s);
			ok = 0;
		}
		if (level == (size_t)-1 || domain == (size_t)-1)
			ok = 0;
		if ((x = itss_yaml_get(c, "item")) && x->type != ITSS_YAML_NULL) {
			if (itss_yaml_int(&no, r->file, x, 1, 100000, "'item'",
			    r->d) < 0) {
				ok = 0;
			} else if ((size_t)no > m->nitems) {
				err(r, x, "clause %s: there is no item %ld", clause, no);
				ok = 0;
			} else {
				item = (unsigned)no;
				if (domain != (size_t)-1 &&
				    m->items[item - 1].domain != domain) {
					err(r, x, "clause %s: item %u (%s) belongs to "
					    "domain '%s', not '%s'", clause, item,
					    m->items[item - 1].name,
					    m->domains[m->items[item - 1].domain].id,
					    m->domains[domain].id);
					ok = 0;
				}
			}
		}
		heading = opt_string(r, c, "heading");
		lead = opt_string(r, c, "lead");
		if (ok && heading) {
			if (item && !names_item(&m->items[item - 1], heading))
				err(r, itss_yaml_get(c, "heading"), "clause %s is "
				    "headed '%s', which is not a name of item %u (%s): "
				    "add it to the item's aliases", clause, heading,
				    item, m->items[item - 1].name);
			else if (!item && strcmp(heading, m->domains[domain].name))
				err(r, itss_yaml_get(c, "heading"), "clause %s is "
				    "domain-wide but headed '%s', not the domain's "
				    "name '%s'", clause, heading,
				    m->domains[domain].name);
		}
		if (ok) {
			slot = level * (m->nitems + m->ndomains) +
			    (item ? item - 1 : m->nitems + domain);
			if (taken[slot])
				err(r, c, "clause %s repeats level '%s' of %s, which "
				    "clause %s (line %u) already holds", clause,
				    m->levels[level].id, item ? "its item" :
				    "its domain", itss_yaml_get(taken[slot],
				    "clause")->value, taken[slot]->line);
			else
				taken[slot] = c;
		}
		if (!ok)
			r->unplaced = 1;
		rs = itss_yaml_get(c, "requirements");
		if (!rs) {
			err(r, c, "clause %s has no 'requirements'", clause);
			continue;
		}
		if (itss_yaml_want(r->file, rs, ITSS_YAML_SEQ, "'requirements'",
		    r->d) < 0)
			continue;
		if (!rs->n)
			err(r, rs, "clause %s must have at least one requirement",
			    clause);
		if (rs->n > 26)
			err(r, rs, "clause %s has %zu requirements; letters run "
			    "out at z)", clause, rs->n);
		m->nclauses++;
		for (j = 0; j < rs->n && j < 26; j++) {
			struct itss_requirement *rq = &m->requirements[m->nrequirements];

			if (read_requirement(r, rq, rs->kid[j], clause,
			    (char)('a' + j)) < 0) {
				r->unplaced = 1;
				continue;
			}
			rq->clause = clause;
			rq->heading = heading;
			rq->lead = lead;
			rq->level = ok ? level : 0;
			rq->domain = ok ? domain : 0;
			rq->item = ok ? item : 0;
			m->nrequirements++;
		}
	}
	free(taken);
	check_unique_clauses(r, numbers, nnumbers);
	free(numbers);
}

static void
level_names(struct itss_strbuf *sb, const struct itss_model *m, unsigned set)
{
	size_t i;

	for (i = 0; i < m->nlevels; i++)
		if (set & (1u << i))
			itss_strbuf_addf(sb, "%s%s", sb->len ? ", " : "",
			    m->levels[i].id);
}

/* Where a level of an item or domain is first held by a requirement. */
static const struct itss_requirement *
first_at(const struct itss_model *m, size_t level, size_t domain, unsigned item)
{
	size_t i;

	for (i = 0; i < m->nrequirements; i++) {
		const struct itss_requirement *rq = &m->requirements[i];
		if (rq->level == level && rq->domain == domain && rq->item == item)
			return rq;
	}
	return NULL;
}

/*
 * The item x level matrix (Appendix A) against the requirements: an item
 * is marked at a level exactly when it has requirements of its own there,
 * a domain's wide_levels exactly where it has domain-wide requirements.
 */
static void
check_matrix(struct reader *r, const struct itss_yaml_node *domains)
{
	struct itss_model *m = r->m;
	unsigned *own = itss_xcalloc(m->nitems + 1, sizeof(*own));
	unsigned *wide = itss_xcalloc(m->ndomains ? m->ndomains : 1, sizeof(*wide));
	unsigned *count = itss_xcalloc(m->nlevels, sizeof(*count));
	size_t i, l;

	for (i = 0; i < m->nrequirements; i++) {
		const struct itss_requirement *rq = &m->requirements[i];
		if (rq->item)
			own[rq->item] |= 1u << rq->level;
		else
			wide[rq->domain] |= 1u << rq->level;
		count[rq->level]++;
	}
	for (i = 0; i < m->nitems; i++) {
		struct itss_item *it = &m->items[i];
		const struct itss_domain *dm = &m->domains[it->domain];
		const struct itss_yaml_node *at = NULL;
		unsigned extra = it->own_levels & ~own[it->no];
		unsigned lacking = own[it->no] & ~it->own_levels;
		size_t k;

		/* Locate the item's 'levels' for the messages. */
		if (domains && domains->type == ITSS_YAML_SEQ && it->domain < domains->n) {
			const struct itss_yaml_node *its = itss_yaml_get(
			    domains->kid[it->domain], "items");
			k = i - dm->first_item;
			if (its && its->type == ITSS_YAML_SEQ && k < its->n)
				at = itss_yaml_get(its->kid[k], "levels");
		}
		for (l = 0; l < m->nlevels; l++) {
			if (extra & (1u << l))
				err(r, at, "item %u (%s) is marked at level '%s' but "
				    "has no requirement of its own there", it->no,
				    it->name, m->levels[l].id);
			if (lacking & (1u << l)) {
				const struct itss_requirement *rq = first_at(m, l,
				    it->domain, it->no);
				err(r, at, "item %u (%s) has requirements at level "
				    "'%s' (clause %s) but its 'levels' do not list it",
				    it->no, it->name, m->levels[l].id,
				    rq ? rq->clause : "?");
			}
		}
		if (it->own_levels & dm->wide_levels) {
			struct itss_strbuf sb = ITSS_STRBUF_INIT;
			level_names(&sb, m, it->own_levels & dm->wide_levels);
			err(r, at, "item %u (%s) is marked at %s, where domain '%s' "
			    "is assessed as a whole (wide_levels)", it->no,
			    it->name, sb.buf, dm->id);
			itss_strbuf_release(&sb);
		}
		it->levels = it->own_levels | dm->wide_levels;
		if (!it->levels)
			err(r, at, "item %u (%s) is assessed at no level", it->no,
			    it->name);
	}
	for (i = 0; i < m->ndomains; i++) {
		struct itss_domain *dm = &m->domains[i];
		unsigned extra = dm->wide_levels & ~wide[i];
		unsigned lacking = wide[i] & ~dm->wide_levels;
		const struct itss_yaml_node *at = NULL;

		/* At its wide_levels, or at the domain when it has none. */
		if (domains && domains->type == ITSS_YAML_SEQ && i < domains->n) {
			at = itss_yaml_get(domains->kid[i], "wide_levels");
			if (!at)
				at = domains->kid[i];
		}
		for (l = 0; l < m->nlevels; l++) {
			if (extra & (1u << l))
				err(r, at, "domain '%s' lists level '%s' in "
				    "wide_levels but has no domain-wide requirement "
				    "there", dm->id, m->levels[l].id);
			if (lacking & (1u << l)) {
				const struct itss_requirement *rq = first_at(m, l, i, 0);
				err(r, at, "domain '%s' has domain-wide requirements "
				    "at level '%s' (clause %s) but its wide_levels do "
				    "not list it", dm->id, m->levels[l].id,
				    rq ? rq->clause : "?");
			}
		}
	}
	/*
	 * Reachability: a level nobody has requirements at cannot be told
	 * from the one below; reaching it would prove nothing.
	 */
	for (l = 0; l < m->nlevels; l++)
		if (!count[l])
			itss_diags_add(r->d, ITSS_ERROR, r->file, m->levels[l].line,
			    m->levels[l].col, "level '%s' has no requirement: it "
			    "cannot be reached on its own merit; give it "
			    "requirements or remove it", m->levels[l].id);
	free(own);
	free(wide);
	free(count);
}

static void
build(struct reader *r)
{
	static const char *const keys[] = { "format", "id", "title", "title_en",
		"standard", "version", "published", "replaces", "publisher",
		"default_window", "evidence_kinds", "groups", "levels", "domains",
		"related_standards", "notes", "clauses", NULL };
	static const char *const required[] = { "format", "id", "title",
		"evidence_kinds", "levels", "domains", "clauses", NULL };
	struct itss_model *m = r->m;
	const struct itss_yaml_node *root = m->doc.root, *x;
	long format;
	size_t shape;

	if (itss_yaml_want(r->file, root, ITSS_YAML_MAP, "a model file", r->d) < 0)
		return;
	itss_yaml_check_keys(r->file, root, keys, required, r->d);
	if ((x = itss_yaml_get(root, "format")) &&
	    itss_yaml_int(&format, r->file, x, 1, 1000, "'format'", r->d) == 0 &&
	    format != 1)
		err(r, x, "model format %ld is newer than this itss reads "
		    "(format 1): upgrade itss", format);
	if (itss_yaml_get(root, "id"))
		m->id = get_id(r, root, "the model");
	m->title = opt_string(r, root, "title");
	m->title_en = opt_string(r, root, "title_en");
	m->standard = opt_string(r, root, "standard");
	m->version = opt_string(r, root, "version");
	m->replaces = opt_string(r, root, "replaces");
	m->publisher = opt_string(r, root, "publisher");
	m->published = INT32_MIN;
	if ((x = itss_yaml_get(root, "published")))
		itss_yaml_date(&m->published, r->file, x, "'published'", r->d);
	m->default_window.years = 1;
	if ((x = itss_yaml_get(root, "default_window")))
		read_window(r, &m->default_window, x, "'default_window'");
	m->related_standards = string_list(r, itss_yaml_get(root,
	    "related_standards"), "'related_standards'", &m->nrelated_standards);
	m->notes = string_list(r, itss_yaml_get(root, "notes"), "'notes'",
	    &m->nnotes);

	if ((x = itss_yaml_get(root, "evidence_kinds")))
		read_kinds(r, x);
	if ((x = itss_yaml_get(root, "groups")))
		read_groups(r, x);
	if ((x = itss_yaml_get(root, "levels")))
		read_levels(r, x);
	if ((x = itss_yaml_get(root, "domains")))
		read_domains(r, x);
	shape = r->d->errors;
	if ((x = itss_yaml_get(root, "clauses")))
		read_clauses(r, x);
	/*
	 * The matrix check compares what was read; with the model's shape
	 * half-read or a requirement out of place it would only repeat those
	 * problems in other words.
	 */
	if (shape == r->errors_before && !r->unplaced && m->nlevels &&
	    m->ndomains) {
		check_matrix(r, itss_yaml_get(root, "domains"));
	} else {
		size_t i;
		for (i = 0; i < m->nitems; i++)
			m->items[i].levels = m->items[i].own_levels |
			    m->domains[m->items[i].domain].wide_levels;
	}
}

/* After the document is parsed (rc): build and check the model. */
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
	if (failed(&r)) {
		itss_model_free(m);
		return ITSS_EINPUT;
	}
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
	for (i = 0; i < m->nrequirements; i++)
		free(m->requirements[i].expects);
	free(m->kinds);
	free(m->groups);
	free(m->levels);
	free(m->domains);
	free(m->items);
	free(m->requirements);
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
		if (!strcmp(m->items[i].id, s) || names_item(&m->items[i], s))
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

	for (i = 0; i < m->nrequirements; i++)
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
