/*
 * model_clauses.c - the clauses and their requirements: each placed at
 * its level, domain and item, with the kinds of evidence it expects and
 * whether it is periodic.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itss/i18n.h"
#include "model_int.h"

int
itss_model_names_item(const struct itss_item *it, const char *s)
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

/*
 * The evaluation tables: [{id, name, scale: [min, max], items: [{number,
 * name, content, posts}]}], the items numbered 1, 2, 3, ... in order.
 */
void
itss_model_read_evaluations(struct reader *r, const struct itss_yaml_node *n)
{
	static const char *const tkeys[] = { "id", "name", "scale", "items",
		NULL };
	static const char *const treq[] = { "id", "name", "items", NULL };
	static const char *const ikeys[] = { "number", "name", "content",
		"posts", NULL };
	static const char *const ireq[] = { "number", "name", NULL };
	struct itss_model *m = r->m;
	size_t i, k, j;

	if (itss_yaml_want(r->file, n, ITSS_YAML_SEQ, "'evaluations'", r->d) < 0)
		return;
	m->evaluations = itss_xcalloc(n->n + 1, sizeof(*m->evaluations));
	for (i = 0; i < n->n; i++) {
		const struct itss_yaml_node *t = n->kid[i], *its, *x;
		struct itss_eval_table *et = &m->evaluations[m->nevaluations];

		if (itss_yaml_want(r->file, t, ITSS_YAML_MAP, N_("an evaluation table"),
		    r->d) < 0 || itss_yaml_check_keys(r->file, t, tkeys, treq, r->d))
			continue;
		et->id = itss_model_opt_string(r, t, "id");
		et->name = itss_model_opt_string(r, t, "name");
		et->line = t->line;
		et->col = t->col;
		et->min = 0;
		et->max = 100;
		if ((x = itss_yaml_get(t, "scale"))) {
			char *e1 = NULL, *e2 = NULL;
			if (x->type != ITSS_YAML_SEQ || x->n != 2 ||
			    x->kid[0]->type != ITSS_YAML_SCALAR ||
			    x->kid[1]->type != ITSS_YAML_SCALAR ||
			    (et->min = strtod(x->kid[0]->value, &e1), *e1) ||
			    (et->max = strtod(x->kid[1]->value, &e2), *e2) ||
			    et->max <= et->min)
				itss_model_err(r, x, _("'scale' is [lowest, highest], two "
				    "numbers, the lowest first"));
		}
		for (k = 0; k < m->nevaluations; k++)
			if (et->id && !strcmp(m->evaluations[k].id, et->id))
				itss_model_err(r, t, _("evaluation table '%s' is declared "
				    "twice"), et->id);
		its = itss_yaml_get(t, "items");
		if (itss_yaml_want(r->file, its, ITSS_YAML_SEQ, "'items'", r->d) < 0)
			continue;
		et->items = itss_xcalloc(its->n + 1, sizeof(*et->items));
		for (k = 0; k < its->n; k++) {
			const struct itss_yaml_node *it = its->kid[k];
			struct itss_eval_item *ei = &et->items[et->nitems];
			long no;
			if (itss_yaml_want(r->file, it, ITSS_YAML_MAP,
			    "an evaluation item", r->d) < 0 ||
			    itss_yaml_check_keys(r->file, it, ikeys, ireq, r->d))
				continue;
			if (itss_yaml_int(&no, r->file, itss_yaml_get(it, "number"),
			    1, 1000, "'number'", r->d) < 0)
				continue;
			if ((size_t)no != et->nitems + 1)
				itss_model_err(r, itss_yaml_get(it, "number"), _("item %ld "
				    "of table %s stands at place %zu: number them 1, "
				    "2, 3, ... in order"), no, et->id ? et->id : "?",
				    et->nitems + 1);
			ei->no = (unsigned)no;
			ei->name = itss_model_opt_string(r, it, "name");
			ei->content = itss_model_opt_string(r, it, "content");
			ei->posts = itss_model_string_list(r, itss_yaml_get(it,
			    "posts"), "'posts'", &ei->nposts);
			if (!ei->name)
				continue;
			for (j = 0; j < et->nitems; j++)
				if (!strcmp(et->items[j].name, ei->name))
					itss_model_err(r, it, _("table %s names item '%s' "
					    "twice"), et->id ? et->id : "?", ei->name);
			ei->label = itss_xasprintf("%s-%u %s", et->id ? et->id : "?",
			    ei->no, ei->name);
			et->nitems++;
		}
		if (et->id && et->name)
			m->nevaluations++;
		else {
			for (k = 0; k < et->nitems; k++) {
				free(et->items[k].posts);
				free(et->items[k].label);
			}
			free(et->items);
			memset(et, 0, sizeof(*et));
		}
	}
}

/*
 * A requirement's evaluation tables, by id: every item of them is one of
 * its named documents (a record scoring it names it).
 */
static void
read_req_evaluations(struct reader *r, struct itss_requirement *rq,
    const struct itss_yaml_node *x, const char *id)
{
	struct itss_strbuf cap = ITSS_STRBUF_INIT;
	size_t i, k, n = 0;

	if (itss_yaml_want(r->file, x, ITSS_YAML_SEQ, "'evaluations'", r->d) < 0)
		return;
	if (rq->ndocuments) {
		itss_model_err(r, x, _("requirement %s has named documents: its "
		    "evaluations cannot be more"), id);
		return;
	}
	rq->evaluations = itss_xcalloc(x->n + 1, sizeof(*rq->evaluations));
	for (i = 0; i < x->n; i++) {
		const struct itss_eval_table *t;
		const char *s;
		if (itss_yaml_string(&s, r->file, x->kid[i], N_("an evaluation table"),
		    r->d) < 0)
			continue;
		if (!(t = itss_model_eval_table(r->m, s))) {
			itss_model_err(r, x->kid[i], _("requirement %s: no evaluation "
			    "table '%s' in 'evaluations'"), id, s);
			continue;
		}
		rq->evaluations[rq->nevaluations++] = t;
		n += t->nitems;
	}
	rq->documents = itss_xcalloc(n + 1, sizeof(*rq->documents));
	for (i = 0; i < rq->nevaluations; i++) {
		itss_strbuf_addf(&cap, "%s%s %s", i ? ", " : "the evaluation tables ",
		    rq->evaluations[i]->id, rq->evaluations[i]->name);
		for (k = 0; k < rq->evaluations[i]->nitems; k++)
			rq->documents[rq->ndocuments++] =
			    rq->evaluations[i]->items[k].label;
	}
	rq->eval_caption = itss_strbuf_detach(&cap, NULL);
	rq->documents_table = rq->eval_caption;
}

/*
 * A requirement's named documents: {table: where the list is printed,
 * names: [the documents, each once]}.
 */
static void
read_documents(struct reader *r, struct itss_requirement *rq,
    const struct itss_yaml_node *x, const char *id)
{
	static const char *const keys[] = { "table", "names", NULL };
	static const char *const required[] = { "names", NULL };
	const struct itss_yaml_node *names;
	size_t i, j;

	if (itss_yaml_want(r->file, x, ITSS_YAML_MAP, "'documents'", r->d) < 0 ||
	    itss_yaml_check_keys(r->file, x, keys, required, r->d))
		return;
	rq->documents_table = itss_model_opt_string(r, x, "table");
	names = itss_yaml_get(x, "names");
	rq->documents = itss_model_string_list(r, names, "'names'",
	    &rq->ndocuments);
	if (!rq->ndocuments && names && names->type == ITSS_YAML_SEQ)
		itss_model_err(r, names, _("requirement %s: 'names' must list at least "
		    "one document"), id);
	for (i = 1; i < rq->ndocuments; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(rq->documents[i], rq->documents[j]))
				itss_model_err(r, names, _("requirement %s names "
				    "document '%s' twice"), id, rq->documents[i]);
}

/*
 * One requirement of a clause; 0 when read, -1 when skipped. statement:
 * the clause may be one statement, its requirement's id the clause's own
 * (a specification's clause with no list: one requirement, no lead).
 */
static int
read_requirement(struct reader *r, struct itss_requirement *rq,
    const struct itss_yaml_node *n, const char *clause, char letter,
    int statement)
{
	static const char *const keys[] = { "id", "text", "expects", "periodic",
		"window", "note", "documents", "evaluations", NULL };
	struct itss_model *m = r->m;
	const struct itss_yaml_node *x;
	const char *id;
	size_t i, j;

	if (itss_yaml_want(r->file, n, ITSS_YAML_MAP, N_("a requirement"), r->d) < 0)
		return -1;
	itss_yaml_check_keys(r->file, n, keys, NULL, r->d);
	x = itss_yaml_get(n, "id");
	if (!x) {
		itss_model_err(r, n, _("a requirement of clause %s has no 'id'"), clause);
		return -1;
	}
	if (itss_yaml_string(&id, r->file, x, "'id'", r->d) < 0)
		return -1;
	if (statement && !strcmp(id, clause)) {
		/* The clause's one statement. */
	} else {
		size_t cl = strlen(clause);
		if (strncmp(id, clause, cl) || id[cl] != '.' || !id[cl + 1] ||
		    id[cl + 2]) {
			if (statement)
				itss_model_err(r, x, _("requirement '%s' is in clause %s: its "
				    "id must be %s (the clause is one statement) or "
				    "%s.%c"), id, clause, clause, clause, letter);
			else
				itss_model_err(r, x, _("requirement '%s' is in clause %s: "
				    "its id must be %s.%c"), id, clause, clause, letter);
			return -1;
		}
		if (id[cl + 1] != letter) {
			itss_model_err(r, x, _("requirement '%s' should be %s.%c: the lettered "
			    "requirements of a clause run a), b), c), ... without "
			    "gaps"), id, clause, letter);
		}
	}
	rq->id = id;
	rq->line = n->line;
	rq->col = n->col;
	rq->text = itss_model_req_string(r, n, "text", N_("a requirement"));
	rq->note = itss_model_opt_string(r, n, "note");
	if ((x = itss_yaml_get(n, "expects")) &&
	    itss_yaml_want(r->file, x, ITSS_YAML_SEQ, "'expects'", r->d) == 0) {
		rq->expects = itss_xcalloc(x->n ? x->n : 1, sizeof(*rq->expects));
		for (i = 0; i < x->n; i++) {
			const struct itss_kind *k;
			const char *s;

			if (itss_yaml_string(&s, r->file, x->kid[i], N_("an expected kind"),
			    r->d) < 0)
				continue;
			if (!(k = itss_model_kind(m, s))) {
				itss_model_err(r, x->kid[i], _("requirement %s expects '%s', which "
				    "is not one of the model's evidence_kinds"), id, s);
				continue;
			}
			for (j = 0; j < rq->nexpects; j++)
				if (rq->expects[j] == k)
					break;
			if (j < rq->nexpects) {
				itss_model_err(r, x->kid[i], _("requirement %s expects '%s' twice"),
				    id, s);
				continue;
			}
			rq->expects[rq->nexpects++] = k;
		}
	}
	if ((x = itss_yaml_get(n, "documents")))
		read_documents(r, rq, x, id);
	if ((x = itss_yaml_get(n, "evaluations")))
		read_req_evaluations(r, rq, x, id);
	rq->periodic = itss_model_opt_string(r, n, "periodic");
	if (rq->periodic && rq->text && !strstr(rq->text, rq->periodic))
		itss_model_err(r, itss_yaml_get(n, "periodic"), _("requirement %s is marked "
		    "periodic by '%s', which its text does not contain"), id,
		    rq->periodic);
	if ((x = itss_yaml_get(n, "window"))) {
		itss_model_read_window(r, &rq->window, x, "'window'");
		if (!rq->periodic)
			itss_model_err(r, x, _("requirement %s has a 'window' but is not "
			    "'periodic': name the clause's word (定期, 每年, ...)"), id);
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
			itss_model_err(r, v[i], _("clause %s appears twice (first at line %u)"),
			    v[i]->value, v[i - 1]->line);
}

void
itss_model_read_clauses(struct reader *r, const struct itss_yaml_node *n)
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
		int ok = 1, spec, statement;

		if (itss_yaml_want(r->file, c, ITSS_YAML_MAP, N_("a clause"), r->d) < 0)
			continue;
		itss_yaml_check_keys(r->file, c, keys, NULL, r->d);
		if (!(clause = itss_model_req_string(r, c, "clause", N_("a clause"))))
			continue;
		x = cx = itss_yaml_get(c, "clause");
		if (!valid_clause(clause)) {
			itss_model_err(r, x, _("'%s' is not a clause number such as 6.1.1 or 9.4"),
			    clause);
			continue;
		}
		numbers[nnumbers++] = cx;
		if ((s = itss_model_req_string(r, c, "level", N_("a clause"))) &&
		    (level = itss_model_find_level(m, s)) == (size_t)-1) {
			itss_model_err(r, itss_yaml_get(c, "level"), _("clause %s: unknown level "
			    "'%s'"), clause, s);
			ok = 0;
		}
		if ((s = itss_model_req_string(r, c, "domain", N_("a clause"))) &&
		    (domain = itss_model_find_domain(m, s)) == (size_t)-1) {
			itss_model_err(r, itss_yaml_get(c, "domain"), _("clause %s: unknown "
			    "domain '%s'"), clause, s);
			ok = 0;
		}
		if (level == (size_t)-1 || domain == (size_t)-1)
			ok = 0;
		if ((x = itss_yaml_get(c, "item")) && x->type != ITSS_YAML_NULL) {
			if (itss_yaml_int(&no, r->file, x, 1, 100000, "'item'",
			    r->d) < 0) {
				ok = 0;
			} else if ((size_t)no > m->nitems) {
				itss_model_err(r, x, _("clause %s: there is no item %ld"), clause, no);
				ok = 0;
			} else {
				item = (unsigned)no;
				if (domain != (size_t)-1 &&
				    m->items[item - 1].domain != domain) {
					itss_model_err(r, x, _("clause %s: item %u (%s) belongs to "
					    "domain '%s', not '%s'"), clause, item,
					    m->items[item - 1].name,
					    m->domains[m->items[item - 1].domain].id,
					    m->domains[domain].id);
					ok = 0;
				}
			}
		}
		heading = itss_model_opt_string(r, c, "heading");
		lead = itss_model_opt_string(r, c, "lead");
		/*
		 * In a maturity model a clause is one item's requirements at one
		 * level, headed by the item's name; in a specification (one
		 * level) an item or a domain may hold several clauses, each
		 * under its own heading (DB11/T 6.3.1-6.3.5 in 6.3 评测).
		 */
		spec = m->nlevels == 1;
		if (ok && heading && !spec) {
			if (item && !itss_model_names_item(&m->items[item - 1], heading))
				itss_model_err(r, itss_yaml_get(c, "heading"), _("clause %s is "
				    "headed '%s', which is not a name of item %u (%s): "
				    "add it to the item's aliases"), clause, heading,
				    item, m->items[item - 1].name);
			else if (!item && strcmp(heading, m->domains[domain].name))
				itss_model_err(r, itss_yaml_get(c, "heading"), _("clause %s is "
				    "domain-wide but headed '%s', not the domain's "
				    "name '%s'"), clause, heading,
				    m->domains[domain].name);
		}
		if (ok && !spec) {
			slot = level * (m->nitems + m->ndomains) +
			    (item ? item - 1 : m->nitems + domain);
			if (taken[slot])
				itss_model_err(r, c, _("clause %s repeats level '%s' of %s, which "
				    "clause %s (line %u) already holds"), clause,
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
			itss_model_err(r, c, _("clause %s has no 'requirements'"), clause);
			continue;
		}
		if (itss_yaml_want(r->file, rs, ITSS_YAML_SEQ, "'requirements'",
		    r->d) < 0)
			continue;
		if (!rs->n)
			itss_model_err(r, rs, _("clause %s must have at least one requirement"),
			    clause);
		if (rs->n > 26)
			itss_model_err(r, rs, _("clause %s has %zu requirements; letters run "
			    "out at z)"), clause, rs->n);
		m->nclauses++;
		/* A specification's clause with no list: one statement. */
		statement = spec && rs->n == 1 && !lead;
		for (j = 0; j < rs->n && j < 26; j++) {
			struct itss_requirement *rq = &m->requirements[m->nrequirements];

			if (read_requirement(r, rq, rs->kid[j], clause,
			    (char)('a' + j), statement) < 0) {
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
