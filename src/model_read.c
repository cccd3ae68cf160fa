/*
 * model_read.c - the reader's helpers, and the sections that make the
 * model's shape: evidence kinds, groups, levels, domains and their items.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itss/i18n.h"
#include "model_int.h"


void
itss_model_err(struct reader *r, const struct itss_yaml_node *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void
itss_model_err(struct reader *r, const struct itss_yaml_node *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	itss_diags_vadd(r->d, ITSS_ERROR, r->file, at ? at->line : 0,
	    at ? at->col : 0, fmt, ap);
	va_end(ap);
}

int
itss_model_failed(const struct reader *r)
{
	return r->d->errors > r->errors_before;
}

/* An identifier: lower-case ASCII letters, digits, '-', '_' and '.'. */
int
itss_model_valid_id(const char *s)
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

const char *
itss_model_get_id(struct reader *r, const struct itss_yaml_node *map, const char *what)
{
	const struct itss_yaml_node *n = itss_yaml_get(map, "id");
	const char *s;

	if (!n) {
		itss_model_err(r, map, _("%s has no 'id'"), _(what));
		return NULL;
	}
	if (itss_yaml_string(&s, r->file, n, "'id'", r->d) < 0)
		return NULL;
	if (!itss_model_valid_id(s)) {
		itss_model_err(r, n, _("'%s' is not a valid id: use lower-case letters, "
		    "digits, '-', '_' and '.', starting with a letter or digit"), s);
		return NULL;
	}
	return s;
}

/* An optional string; NULL when absent or wrong (then reported). */
const char *
itss_model_opt_string(struct reader *r, const struct itss_yaml_node *map, const char *key)
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

const char *
itss_model_req_string(struct reader *r, const struct itss_yaml_node *map, const char *key,
    const char *what)
{
	if (!itss_yaml_get(map, key)) {
		itss_model_err(r, map, _("%s has no '%s'"), _(what), key);
		return NULL;
	}
	return itss_model_opt_string(r, map, key);
}

/* A list of strings; NULL/0 when absent. */
const char **
itss_model_string_list(struct reader *r, const struct itss_yaml_node *n, const char *what,
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
itss_model_read_window(struct reader *r, struct itss_window *out,
    const struct itss_yaml_node *n, const char *what)
{
	const char *s;

	if (itss_yaml_string(&s, r->file, n, what, r->d) < 0)
		return -1;
	if (itss_window_parse(out, s) < 0) {
		itss_model_err(r, n, _("%s must be a period such as P1Y, P6M, P4W or P90D, "
		    "not '%s'"), _(what), s);
		return -1;
	}
	return 0;
}


void
itss_model_claim_name(struct reader *r, struct name_use **v, size_t *n, size_t *alloc,
    const char *name, const struct itss_yaml_node *at, const char *owner)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (!strcmp((*v)[i].name, name)) {
			itss_model_err(r, at, _("'%s' already names %s (line %u, column %u); "
			    "a name or alias must name one thing"), name,
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

void
itss_model_read_kinds(struct reader *r, const struct itss_yaml_node *n)
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

		if (itss_yaml_want(r->file, k, ITSS_YAML_MAP, N_("an evidence kind"), r->d) < 0)
			continue;
		itss_yaml_check_keys(r->file, k, keys, NULL, r->d);
		if (!(id = itss_model_get_id(r, k, N_("an evidence kind"))))
			continue;
		for (j = 0; j < m->nkinds; j++)
			if (!strcmp(m->kinds[j].id, id))
				itss_model_err(r, itss_yaml_get(k, "id"),
				    _("evidence kind '%s' is declared twice"), id);
		kd = &m->kinds[m->nkinds++];
		kd->id = id;
		if (!(kd->name = itss_model_req_string(r, k, "name",
		    "an evidence kind")))
			kd->name = id;	/* reported; later messages need one */
		kd->description = itss_model_opt_string(r, k, "description");
	}
	if (!n->n)
		itss_model_err(r, n, _("'evidence_kinds' must declare at least one kind"));
}

void
itss_model_read_groups(struct reader *r, const struct itss_yaml_node *n)
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

		if (itss_yaml_want(r->file, g, ITSS_YAML_MAP, N_("a group"), r->d) < 0)
			continue;
		itss_yaml_check_keys(r->file, g, keys, NULL, r->d);
		if (!(id = itss_model_get_id(r, g, N_("a group"))))
			continue;
		for (j = 0; j < m->ngroups; j++)
			if (!strcmp(m->groups[j].id, id))
				itss_model_err(r, itss_yaml_get(g, "id"),
				    _("group '%s' is declared twice"), id);
		m->groups[m->ngroups].id = id;
		if (!(m->groups[m->ngroups].name = itss_model_req_string(r, g,
		    "name", N_("a group"))))
			m->groups[m->ngroups].name = id;	/* reported */
		m->ngroups++;
	}
}

void
itss_model_read_levels(struct reader *r, const struct itss_yaml_node *n)
{
	static const char *const keys[] = { "id", "name", "grade", "aliases",
		"basis", "definition", "characteristics", NULL };
	struct itss_model *m = r->m;
	struct name_use *names = NULL;
	size_t nnames = 0, anames = 0, i, j;

	if (itss_yaml_want(r->file, n, ITSS_YAML_SEQ, "'levels'", r->d) < 0)
		return;
	if (!n->n) {
		itss_model_err(r, n, _("'levels' must list at least one level (a standard "
		    "without levels is a model with one)"));
		return;
	}
	if (n->n > ITSS_MAX_LEVELS) {
		itss_model_err(r, n, _("a model may have at most %d levels, not %zu"),
		    ITSS_MAX_LEVELS, n->n);
		return;
	}
	m->levels = itss_xcalloc(n->n, sizeof(*m->levels));
	for (i = 0; i < n->n; i++) {
		const struct itss_yaml_node *l = n->kid[i], *a;
		struct itss_level *lv;
		const char *id;

		if (itss_yaml_want(r->file, l, ITSS_YAML_MAP, N_("a level"), r->d) < 0)
			continue;
		itss_yaml_check_keys(r->file, l, keys, NULL, r->d);
		if (!(id = itss_model_get_id(r, l, N_("a level"))))
			continue;
		lv = &m->levels[m->nlevels];
		lv->id = id;
		if (!(lv->name = itss_model_req_string(r, l, "name", N_("a level"))))
			lv->name = id;	/* reported; later messages need one */
		lv->grade = itss_model_opt_string(r, l, "grade");
		lv->basis = itss_model_opt_string(r, l, "basis");
		lv->definition = itss_model_opt_string(r, l, "definition");
		a = itss_yaml_get(l, "aliases");
		lv->aliases = itss_model_string_list(r, a, "'aliases'", &lv->naliases);
		lv->characteristics = itss_model_string_list(r, itss_yaml_get(l,
		    "characteristics"), "'characteristics'", &lv->ncharacteristics);
		lv->rank = (unsigned)m->nlevels + 1;
		lv->line = l->line;
		lv->col = l->col;
		itss_model_claim_name(r, &names, &nnames, &anames, id, itss_yaml_get(l, "id"), id);
		if (lv->name)
			itss_model_claim_name(r, &names, &nnames, &anames, lv->name,
			    itss_yaml_get(l, "name"), id);
		if (lv->grade)
			itss_model_claim_name(r, &names, &nnames, &anames, lv->grade,
			    itss_yaml_get(l, "grade"), id);
		for (j = 0; j < lv->naliases; j++)
			itss_model_claim_name(r, &names, &nnames, &anames, lv->aliases[j],
			    a->kid[j], id);
		m->nlevels++;
	}
	free(names);
}

/* A list of level ids as a bit set; problems reported, bad entries skipped. */
unsigned
itss_model_level_set(struct reader *r, const struct itss_yaml_node *n, const char *what)
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
			itss_model_err(r, n->kid[i], _("unknown level '%s' in %s"), s, _(what));
			continue;
		}
		if ((long)j <= last)
			itss_model_err(r, n->kid[i], _("%s must list levels once each, lowest "
			    "first ('%s' is out of order or repeated)"), _(what), s);
		last = (long)j;
		set |= 1u << j;
	}
	return set;
}

/* The names claimed so far: items', their aliases', domains'. */
struct names {
	struct name_use *v;
	size_t n, alloc;
};

static void
claim(struct reader *r, struct names *nm, const char *name,
    const struct itss_yaml_node *at, const char *owner)
{
	itss_model_claim_name(r, &nm->v, &nm->n, &nm->alloc, name, at, owner);
}

/* A domain's characteristics, by level: what Appendix B says of it. */
static void
read_characteristics(struct reader *r, struct itss_domain *dm,
    const struct itss_yaml_node *x)
{
	struct itss_model *m = r->m;
	size_t j, k;

	dm->characteristics = itss_xcalloc(m->nlevels ? m->nlevels : 1,
	    sizeof(*dm->characteristics));
	if (!x || itss_yaml_want(r->file, x, ITSS_YAML_MAP, "'characteristics'",
	    r->d) < 0)
		return;
	for (k = 0; k + 1 < x->n; k += 2) {
		const char *s;
		for (j = 0; j < m->nlevels; j++)
			if (!strcmp(m->levels[j].id, x->kid[k]->value))
				break;
		if (j == m->nlevels) {
			itss_model_err(r, x->kid[k], _("unknown level '%s' in "
			    "'characteristics'"), x->kid[k]->value);
			continue;
		}
		if (itss_yaml_string(&s, r->file, x->kid[k + 1],
		    "a characteristic", r->d) == 0)
			dm->characteristics[j] = s;
	}
}

/* A domain's group, by id. */
static void
read_group(struct reader *r, struct itss_domain *dm,
    const struct itss_yaml_node *x)
{
	struct itss_model *m = r->m;
	const char *g;
	size_t j;

	if (itss_yaml_string(&g, r->file, x, "'group'", r->d) < 0)
		return;
	for (j = 0; j < m->ngroups; j++)
		if (!strcmp(m->groups[j].id, g))
			dm->group = &m->groups[j];
	if (!dm->group)
		itss_model_err(r, x, _("unknown group '%s'%s"), g, m->ngroups ? "" :
		    " (the model declares no 'groups')");
}

/* One item of the domain being read, numbered across the domains. */
static void
read_item(struct reader *r, struct names *nm, const struct itss_yaml_node *in)
{
	static const char *const ikeys[] = { "number", "id", "name", "aliases",
		"levels", NULL };
	struct itss_model *m = r->m;
	const struct itss_yaml_node *y;
	struct itss_item *it;
	const char *iid;
	long no;
	size_t j;

	if (itss_yaml_want(r->file, in, ITSS_YAML_MAP, N_("an item"), r->d) < 0)
		return;
	itss_yaml_check_keys(r->file, in, ikeys, NULL, r->d);
	if (!(iid = itss_model_get_id(r, in, N_("an item"))))
		return;
	it = &m->items[m->nitems];
	it->id = iid;
	it->no = (unsigned)m->nitems + 1;
	it->line = in->line;
	it->col = in->col;
	it->domain = m->ndomains;
	if (!(y = itss_yaml_get(in, "number")))
		itss_model_err(r, in, _("item '%s' has no 'number'"), iid);
	else if (itss_yaml_int(&no, r->file, y, 1, 100000, "'number'",
	    r->d) == 0 && (unsigned long)no != it->no)
		itss_model_err(r, y, _("item '%s' is number %ld but stands at place "
		    "%u: number the items 1, 2, 3, ... in order across the "
		    "domains"), iid, no, it->no);
	it->name = itss_model_req_string(r, in, "name", N_("an item"));
	claim(r, nm, iid, itss_yaml_get(in, "id"), iid);
	/* A domain's one item may be its one clause, of the same heading
	 * (a chapter with no sections): read_domain checks it is alone. */
	if (!it->name)
		it->name = iid;	/* reported; the checks below still need one */
	else if (strcmp(it->name, m->domains[m->ndomains].name))
		claim(r, nm, it->name, itss_yaml_get(in, "name"), iid);
	y = itss_yaml_get(in, "aliases");
	it->aliases = itss_model_string_list(r, y, "'aliases'", &it->naliases);
	for (j = 0; j < it->naliases; j++)
		claim(r, nm, it->aliases[j], y->kid[j], iid);
	if (!(y = itss_yaml_get(in, "levels")))
		itss_model_err(r, in, _("item '%s' has no 'levels' (the levels at "
		    "which it is assessed)"), iid);
	else
		it->own_levels = itss_model_level_set(r, y, "'levels'");
	m->nitems++;
}

/* One domain, with its items. */
static void
read_domain(struct reader *r, struct names *nm, const struct itss_yaml_node *dn)
{
	static const char *const dkeys[] = { "id", "number", "name", "group",
		"wide_levels", "characteristics", "items", NULL };
	struct itss_model *m = r->m;
	const struct itss_yaml_node *x;
	struct itss_domain *dm;
	const char *id;
	size_t j, k;
	long no;

	if (itss_yaml_want(r->file, dn, ITSS_YAML_MAP, N_("a domain"), r->d) < 0)
		return;
	itss_yaml_check_keys(r->file, dn, dkeys, NULL, r->d);
	if (!(id = itss_model_get_id(r, dn, N_("a domain"))))
		return;
	for (j = 0; j < m->ndomains; j++)
		if (!strcmp(m->domains[j].id, id))
			itss_model_err(r, itss_yaml_get(dn, "id"),
			    _("domain '%s' is declared twice"), id);
	dm = &m->domains[m->ndomains];
	dm->id = id;
	dm->line = dn->line;
	dm->col = dn->col;
	dm->no = (unsigned)m->ndomains + 1;
	if ((x = itss_yaml_get(dn, "number")) &&
	    itss_yaml_int(&no, r->file, x, 1, 1000, "'number'", r->d) == 0 &&
	    (unsigned long)no != dm->no)
		itss_model_err(r, x, _("domain '%s' is number %ld but stands at "
		    "place %u: number the domains 1, 2, 3, ... in order"), id, no,
		    dm->no);
	dm->name = itss_model_req_string(r, dn, "name", N_("a domain"));
	if (dm->name)
		claim(r, nm, dm->name, itss_yaml_get(dn, "name"), id);
	else
		dm->name = id;	/* reported; the checks below still need one */
	if ((x = itss_yaml_get(dn, "group")))
		read_group(r, dm, x);
	if ((x = itss_yaml_get(dn, "wide_levels")))
		dm->wide_levels = itss_model_level_set(r, x, "'wide_levels'");
	read_characteristics(r, dm, itss_yaml_get(dn, "characteristics"));
	dm->first_item = m->nitems;
	if (!(x = itss_yaml_get(dn, "items"))) {
		itss_model_err(r, dn, _("domain '%s' has no 'items'"), id);
	} else if (itss_yaml_want(r->file, x, ITSS_YAML_SEQ, "'items'",
	    r->d) == 0) {
		if (!x->n)
			itss_model_err(r, x, _("domain '%s' must have at least one "
			    "item"), id);
		for (k = 0; k < x->n; k++)
			read_item(r, nm, x->kid[k]);
	}
	dm->nitems = m->nitems - dm->first_item;
	for (j = dm->first_item; j < m->nitems && dm->nitems > 1; j++)
		if (!strcmp(m->items[j].name, dm->name))
			itss_model_err(r, dn, _("item %u of domain '%s' has the domain's "
			    "name '%s': only a domain's one item may"), m->items[j].no,
			    id, dm->name);
	m->ndomains++;
}

void
itss_model_read_domains(struct reader *r, const struct itss_yaml_node *n)
{
	struct itss_model *m = r->m;
	struct names nm = { NULL, 0, 0 };
	size_t i, total = 0;

	if (itss_yaml_want(r->file, n, ITSS_YAML_SEQ, "'domains'", r->d) < 0)
		return;
	if (!n->n) {
		itss_model_err(r, n, _("'domains' must list at least one domain"));
		return;
	}
	for (i = 0; i < n->n; i++) {
		const struct itss_yaml_node *its = itss_yaml_get(n->kid[i], "items");
		if (its && its->type == ITSS_YAML_SEQ)
			total += its->n;
	}
	m->domains = itss_xcalloc(n->n, sizeof(*m->domains));
	m->items = itss_xcalloc(total ? total : 1, sizeof(*m->items));
	for (i = 0; i < n->n; i++)
		read_domain(r, &nm, n->kid[i]);
	free(nm.v);
}

size_t
itss_model_find_level(const struct itss_model *m, const char *id)
{
	size_t i;

	for (i = 0; i < m->nlevels; i++)
		if (!strcmp(m->levels[i].id, id))
			return i;
	return (size_t)-1;
}

size_t
itss_model_find_domain(const struct itss_model *m, const char *id)
{
	size_t i;

	for (i = 0; i < m->ndomains; i++)
		if (!strcmp(m->domains[i].id, id))
			return i;
	return (size_t)-1;
}
