/*
 * template.c - evidence record templates from the model.
 */
#include <stdlib.h>
#include <string.h>

#include "itss/i18n.h"
#include "itss/template.h"

static int
expects(const struct itss_requirement *r, const struct itss_kind *k)
{
	size_t i;

	for (i = 0; i < r->nexpects; i++)
		if (r->expects[i] == k)
			return 1;
	/* A requirement that names no kind is served by any record. */
	return r->nexpects == 0;
}

size_t
itss_template_requirements(const struct itss_requirement ***out,
    const struct itss_model *m, const struct itss_item *item,
    const struct itss_requirement *req, const struct itss_kind *kind)
{
	size_t i, l, n = 0;

	*out = itss_xcalloc(m->nrequirements + 1, sizeof(**out));
	if (req) {
		(*out)[n++] = req;
		return n;
	}
	for (l = 0; l < m->nlevels; l++)
		for (i = 0; i < m->nrequirements; i++) {
			const struct itss_requirement *r = &m->requirements[i];
			if (r->item == item->no && r->level == l && expects(r, kind))
				(*out)[n++] = r;
		}
	return n;
}

/* A YAML comment block: each line of text prefixed. */
static void
comment(struct itss_strbuf *sb, const char *indent, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\n");
		itss_strbuf_addf(sb, "%s#   %.*s\n", indent, (int)n, text);
		text += n + (text[n] == '\n');
	}
}

void
itss_template_record(struct itss_strbuf *sb, const struct itss_model *m,
    const struct itss_item *item, const struct itss_requirement *req,
    const struct itss_kind *kind, const char *id, int32_t date,
    const char *cite)
{
	const struct itss_requirement **rs;
	size_t n = itss_template_requirements(&rs, m, item, req, kind), i;
	const struct itss_item *it = item ? item :
	    (req && req->item ? &m->items[req->item - 1] : NULL);
	char day[11];

	itss_strbuf_addf(sb, "# %s（%s）", kind->name, kind->id);
	if (it)
		itss_strbuf_addf(sb, " for item %u %s", it->no, it->name);
	else if (req)
		itss_strbuf_addf(sb, " for domain %s", m->domains[req->domain].name);
	itss_strbuf_addstr(sb, ".\n");
	if (kind->description)
		itss_strbuf_addf(sb, "# %s\n", kind->description);
	itss_strbuf_addstr(sb, "# It must show what these clauses ask:\n");
	for (i = 0; i < n; i++) {
		const struct itss_requirement *r = rs[i];
		itss_strbuf_addf(sb, "#\n# %s (%s%s%s)\n", r->id,
		    m->levels[r->level].name, r->periodic ? ", periodic: " : "",
		    r->periodic ? r->periodic : "");
		comment(sb, "", r->text);
	}
	itss_strbuf_addstr(sb, "#\n# Fill in the values, list the files that hold "
	    "the evidence, and set\n# status: approved once it has been "
	    "reviewed. See itss-evidence(5).\n");
	itss_strbuf_addf(sb, "id: %s\n", id ? id : "CHANGE-ME");
	/* A title that says what it is, so the new record is valid at once. */
	itss_strbuf_addf(sb, "title: \"%s：%s\"\n", it ? it->name :
	    m->domains[req->domain].name, kind->name);
	itss_strbuf_addf(sb, "kind: %s\n", kind->id);
	itss_strbuf_addstr(sb, "satisfies:\n");
	for (i = 0; i < n; i++)
		itss_strbuf_addf(sb, "  - %s%s\n", cite, rs[i]->id);
	if (date == INT32_MIN) {
		itss_strbuf_addstr(sb, "date: YYYY-MM-DD\n");
	} else {
		itss_date_format(day, date);
		itss_strbuf_addf(sb, "date: %s\n", day);
	}
	itss_strbuf_addstr(sb, "# valid_until: YYYY-MM-DD\nowner: \"\"\n"
	    "status: draft\nfiles: []\n#  - path/to/the/document.pdf\n"
	    "#  - {path: path/to/record.xlsx, sha256: <64 hex digits>}\n");
	/* An evaluation: its period, who evaluated, a score for every item. */
	for (i = 0; i < n && !rs[i]->nevaluations; i++)
		;
	if (i < n) {
		const struct itss_requirement *q = rs[i];
		size_t t, k;
		/* Commented, so that the record is sound until it is filled. */
		itss_strbuf_addstr(sb, "# The evaluation: uncomment, and score every "
		    "item (0-100).\n# period: {from: YYYY-MM-DD, to: YYYY-MM-DD}\n"
		    "# evaluator: \"\"\n# post: 管理类   (for one post category)\n"
		    "# scores:\n");
		for (t = 0; t < q->nevaluations; t++)
			for (k = 0; k < q->evaluations[t]->nitems; k++)
				itss_strbuf_addf(sb, "#   - {table: %s, item: %u, score: "
				    "0}   # %s\n", q->evaluations[t]->id,
				    q->evaluations[t]->items[k].no,
				    q->evaluations[t]->items[k].name);
	}
	free(rs);
}

char *
itss_template_root(const struct itss_model *m)
{
	return strcmp(m->id, ITSS_DEFAULT_MODEL) ?
	    itss_xasprintf("evidence-templates/%s", m->id) :
	    itss_xstrdup("evidence-templates");
}

char *
itss_template_dir(const struct itss_item *item)
{
	return itss_xasprintf("%02u-%s", item->no, item->id);
}

char *
itss_template_path(const struct itss_item *item, const struct itss_kind *kind)
{
	return itss_xasprintf("%02u-%s/%s.yaml", item->no, item->id,
	    kind ? kind->id : "record");
}
