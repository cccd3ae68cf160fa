/*
 * judgements.c - reading judgements (an assessor's verdicts, YAML), and the
 * check across files that record ids and judged requirements are unique.
 */
#include <stdlib.h>
#include <string.h>

#include "itss/i18n.h"
#include "itss/evidence.h"
#include "itss/yaml.h"
#include "evidence_int.h"

/* ---- judgements ---- */

/*
 * A judgement on a whole item: 'item' (its number, id or name) instead of
 * 'requirement', and optionally 'levels', the levels of its requirements
 * it covers (one, or a list; by id, name or grade). Kept as "item:N" and
 * the level ids.
 */
static int
take_item(struct itss_judgement *j, const char *src,
    const struct itss_yaml_node *n, const struct itss_model *m,
    struct itss_diags *d)
{
	const struct itss_yaml_node *x = itss_yaml_get(n, "item"),
	    *lv = itss_yaml_get(n, "levels");
	const struct itss_item *it;
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	const char *s;
	size_t i;

	if (!x && !j->requirement && !itss_yaml_get(n, "requirement")) {
		itss_diags_add(d, ITSS_ERROR, src, n->line, n->col,
		    _("a judgement needs 'requirement' (one requirement id) or "
		    "'item' (a whole item, by number or name)"));
		return -1;
	}
	if (!x) {
		if (lv) {
			itss_diags_add(d, ITSS_ERROR, src, lv->line, lv->col,
			    _("'levels' goes with 'item': a requirement has one level"));
			return -1;
		}
		return 0;
	}
	if (itss_yaml_get(n, "requirement")) {
		itss_diags_add(d, ITSS_ERROR, src, x->line, x->col,
		    _("a judgement names 'requirement' or 'item', not both"));
		return -1;
	}
	if (itss_yaml_string(&s, src, x, "'item'", d) < 0)
		return -1;
	if (!(it = itss_model_item(m, s))) {
		itss_diags_add(d, ITSS_ERROR, src, x->line, x->col,
		    _("model %s has no item '%s' (`itss model show` lists them)"),
		    m->id, s);
		return -1;
	}
	if (lv) {
		const struct itss_yaml_node *one[1];
		const struct itss_yaml_node *const *v = one;
		size_t nv = 1;
		if (lv->type == ITSS_YAML_SEQ) {
			v = (const struct itss_yaml_node *const *)lv->kid;
			nv = lv->n;
		} else {
			one[0] = lv;
		}
		if (!nv) {
			itss_diags_add(d, ITSS_ERROR, src, lv->line, lv->col,
			    _("'levels' is empty: leave it out for all of the item's "
			    "levels"));
			return -1;
		}
		for (i = 0; i < nv; i++) {
			const struct itss_level *l;
			if (itss_yaml_string(&s, src, v[i], "a level", d) < 0) {
				itss_strbuf_release(&sb);
				return -1;
			}
			if (!(l = itss_model_level(m, s))) {
				itss_diags_add(d, ITSS_ERROR, src, v[i]->line, v[i]->col,
				    _("model %s has no level '%s'"), m->id, s);
				itss_strbuf_release(&sb);
				return -1;
			}
			itss_strbuf_addf(&sb, "%s%s", i ? "," : "", l->id);
		}
		j->levels = itss_strbuf_detach(&sb, NULL);
	}
	j->requirement = itss_xasprintf("item:%u", it->no);
	return 0;
}

static int
judgement_from_yaml(struct itss_evidence_set *set, const char *src,
    const struct itss_yaml_node *n, const struct itss_model *m,
    struct itss_diags *d)
{
	static const char *const keys[] = { "requirement", "item", "levels",
		"verdict", "reason", "by", "date", NULL };
	static const char *const required[] = { "verdict", "reason", NULL };
	struct itss_judgement j;
	const struct itss_yaml_node *x;
	const char *s;
	int bad = 0;

	if (itss_yaml_want(src, n, ITSS_YAML_MAP, N_("a judgement"), d) < 0)
		return ITSS_EINPUT;
	if (itss_yaml_check_keys(src, n, keys, required, d))
		bad = 1;
	memset(&j, 0, sizeof(j));
	j.date = INT32_MIN;
	if ((x = itss_yaml_get(n, "requirement")) &&
	    itss_yaml_string(&s, src, x, "'requirement'", d) == 0) {
		if (!itss_model_cited(m, s, NULL)) {
			struct raw_value v = { (char *)s, NULL, x->line, x->col };
			itss_unknown_requirement(src, &v, m, d);
			bad = 1;
		} else {
			j.requirement = itss_xstrdup(s);
		}
	} else if (x) {
		bad = 1;
	}
	if (take_item(&j, src, n, m, d) < 0)
		bad = 1;
	if ((x = itss_yaml_get(n, "verdict")) &&
	    itss_yaml_string(&s, src, x, "'verdict'", d) == 0) {
		if (itss_verdict_parse(&j.verdict, s) < 0) {
			itss_diags_add(d, ITSS_ERROR, src, x->line, x->col,
			    _("verdict must be not_applicable, conform or nonconform, "
			    "not '%s'"), s);
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
		itss_diags_add(d, ITSS_ERROR, src, n->line, n->col, _("a %s finding "
		    "needs 'by' (the assessor) and 'date'"),
		    itss_verdict_name(j.verdict));
		bad = 1;
	}
	if (bad) {
		free(j.requirement);
		free(j.levels);
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
			    _("record id '%s' is already used at %s:%u:%u; ids are "
			    "unique in the repository"), b->id, a->source, a->line,
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
		if (!strcmp(a->requirement, b->requirement) &&
		    !strncmp(b->requirement, "item:", 5)) {
			itss_diags_add(d, ITSS_ERROR, b->source, b->line, b->col,
			    _("item %s already has a judgement at %s:%u:%u; keep one "
			    "(a requirement's own judgement may stand beside it)"),
			    b->requirement + 5, a->source, a->line, a->col);
			problems++;
		} else if (!strcmp(a->requirement, b->requirement)) {
			itss_diags_add(d, ITSS_ERROR, b->source, b->line, b->col,
			    _("requirement %s already has a judgement at %s:%u:%u; "
			    "keep one"), b->requirement, a->source, a->line, a->col);
			problems++;
		}
	}
	sort_set = NULL;
	free(ix);
	return problems;
}
