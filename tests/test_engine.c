/*
 * test_engine.c - the assessor, as data: each directory under
 * data/engine/ is a case of (model, evidence, judgements, options,
 * expected result), the way jq keeps its tests. A case that names a key,
 * requirement, domain or item the harness does not know fails (the cases
 * under data/engine-refused/ show it).
 *
 *   records.yaml     evidence records, in the evidence file format
 *   judgements.yaml  judgements, in their format (optional)
 *   actions.yaml     corrective actions, in their format (optional)
 *   case.yaml        model (a path from tests/), as_of, target, window,
 *                    sign_off (true: the repository asks for it),
 *                    file_problems {record id: text}, within (the days
 *                    a due date warns ahead, default 30), actions_refused
 *                    (actions.yaml must be refused with an error holding
 *                    this text; its actions then count as none),
 *                    certificate {issued, expires}, saved_as_of (the
 *                    latest saved assessment's as-of date), and expect:
 *                      level, target_reached, domains {id: level|none},
 *                      items {no: level|none}, status {req: status},
 *                      reasons {req: substring}, missing {req: substring},
 *                      evidence {req: [ids]}, gaps [req ids, in order],
 *                      counts {total|DOMAIN|item N: [good, applicable]},
 *                      actions ["KIND ACTION [RECORD REQ]" | "unanswered
 *                      REQ", every finding of itss_actions_review in
 *                      its order; checked with actions.yaml or this],
 *                      calendar ["WHAT [N] DATE", the certificate's],
 *                      next ("WHAT [N] DATE" or none, as of as_of),
 *                      certificate ["KIND WHAT [N] DATE", every finding]
 */
#include <dirent.h>
#include <stdlib.h>

#include "helpers.h"

#include "itss/engine.h"
#include "itss/evidence.h"
#include "itss/review.h"
#include "itss/yaml.h"

static void check_paths_agree(const struct itss_engine_input *in,
    const struct itss_assessment *a);
static void check_certificate(const struct itss_yaml_node *c,
    const struct itss_yaml_node *exp, int32_t as_of);
static void check_actions(const char *dir, const struct itss_yaml_node *c,
    const struct itss_yaml_node *want, const struct itss_model *m,
    const struct itss_assessment *a);

static char *
read_or_null(const char *dir, const char *name, size_t *len)
{
	char *path = itss_xasprintf("%s/%s", dir, name), *buf = NULL;

	if (itss_read_file(&buf, len, path, 1 << 20) < 0)
		buf = NULL;
	free(path);
	return buf;
}

static const char *
level_name(const struct itss_model *m, int l)
{
	return l < 0 ? "none" : m->levels[l].id;
}

/* A requirement, domain or item the case names: unknown ones fail it. */
static size_t
req_index(const struct itss_model *m, const char *id)
{
	const struct itss_requirement *q = itss_model_requirement(m, id);

	if (!q)
		fail_msg("the case names requirement '%s', which the model lacks",
		    id);
	return (size_t)(q - m->requirements);
}

static size_t
domain_index(const struct itss_model *m, const char *id)
{
	const struct itss_domain *dm = itss_model_domain(m, id);

	if (!dm)
		fail_msg("the case names domain '%s', which the model lacks", id);
	return (size_t)(dm - m->domains);
}

static size_t
item_index(const struct itss_model *m, const char *id)
{
	const struct itss_item *it = itss_model_item(m, id);

	if (!it)
		fail_msg("the case names item '%s', which the model lacks", id);
	return it->no - 1;
}

/* Keys the harness does not know fail the case: a typo must not pass. */
static void
known_keys(const struct itss_yaml_node *map, const char *const keys[],
    const char *what)
{
	struct itss_diags d = ITSS_DIAGS_INIT;

	if (itss_yaml_check_keys(what, map, keys, NULL, &d))
		fail_msg("%s: %s", what, d.v[0].message);
	itss_diags_release(&d);
}

static void
check_level(const char *what, const struct itss_model *m, int got,
    const struct itss_yaml_node *want)
{
	if (strcmp(level_name(m, got), want->value))
		fail_msg("%s: level %s, expected %s", what, level_name(m, got),
		    want->value);
}

static void
check_count(const char *what, const struct itss_count *c,
    const struct itss_yaml_node *want)
{
	long g = strtol(want->kid[0]->value, NULL, 10);
	long a = strtol(want->kid[1]->value, NULL, 10);

	if ((long)c->good != g || (long)c->applicable != a)
		fail_msg("%s: %u/%u good/applicable, expected %ld/%ld", what,
		    c->good, c->applicable, g, a);
}

static void
run_case(void **state)
{
	const char *dir = *state;
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_evidence_set set = { 0 };
	struct itss_yaml_doc doc;
	const struct itss_yaml_node *c, *x, *exp;
	struct itss_model *m = NULL;
	struct itss_engine_input in;
	struct itss_engine_citation *cits;
	char **docs;
	size_t ncits = 0;
	struct itss_engine_judgement *js;
	struct itss_assessment a;
	size_t len, i, k;
	char *buf, *path;

	path = itss_xasprintf("%s/case.yaml", dir);
	if (itss_yaml_load(&doc, path, NULL, &d) < 0)
		fail_msg("%s: %s", path, d.n ? d.v[0].message : "?");
	free(path);
	c = doc.root;
	{
		static const char *const case_keys[] = { "model", "as_of",
			"target", "window", "sign_off", "file_problems", "within",
			"actions_refused", "certificate", "saved_as_of", "expect",
			NULL };
		known_keys(c, case_keys, "case.yaml");
	}
	assert_int_equal(itss_model_load(&m, itss_yaml_get(c, "model")->value, &d), 0);
	if ((buf = read_or_null(dir, "records.yaml", &len))) {
		if (itss_evidence_read(&set, "records.yaml", buf, len, 0, m, &d) < 0)
			fail_msg("%s/records.yaml: %u:%u: %s", dir, d.v[0].line,
			    d.v[0].col, d.v[0].message);
		free(buf);
	}
	if ((buf = read_or_null(dir, "judgements.yaml", &len))) {
		if (itss_judgements_read(&set, "judgements.yaml", buf, len, m, &d) < 0)
			fail_msg("%s/judgements.yaml: %s", dir, d.v[0].message);
		free(buf);
	}
	assert_int_equal(itss_evidence_check_ids(&set, &d), 0);

	memset(&in, 0, sizeof(in));
	in.model = m;
	assert_int_equal(itss_yaml_date(&in.as_of, "case", itss_yaml_get(c,
	    "as_of"), "as_of", &d), 0);
	if ((x = itss_yaml_get(c, "target")))
		assert_non_null(in.target = itss_model_level(m, x->value));
	if ((x = itss_yaml_get(c, "window")))
		assert_int_equal(itss_window_parse(&in.window, x->value), 0);
	if ((x = itss_yaml_get(c, "sign_off")))
		in.sign_off = !strcmp(x->value, "true");
	/* One citation per record and requirement, in record order. */
	for (i = 0; i < set.nrecords; i++)
		ncits += set.records[i].nsatisfies;
	cits = itss_xcalloc(ncits + 1, sizeof(*cits));
	ncits = 0;
	/* Each record's named documents as the index keeps them: '\n'. */
	docs = itss_xcalloc(set.nrecords + 1, sizeof(*docs));
	for (i = 0; i < set.nrecords; i++) {
		struct itss_strbuf sb = ITSS_STRBUF_INIT;
		for (k = 0; k < set.records[i].ndocuments; k++)
			itss_strbuf_addf(&sb, "%s%s", k ? "\n" : "",
			    set.records[i].documents[k]);
		docs[i] = itss_strbuf_detach(&sb, NULL);
	}
	for (i = 0; i < set.nrecords; i++) {
		const struct itss_record *r = &set.records[i];
		const struct itss_yaml_node *fp = itss_yaml_get(itss_yaml_get(c,
		    "file_problems"), r->id);
		for (k = 0; k < r->nsatisfies; k++) {
			struct itss_engine_citation *e = &cits[ncits++];
			e->requirement = (size_t)(itss_model_requirement(m,
			    r->satisfies[k]) - m->requirements);
			e->id = r->id;
			e->kind = itss_model_kind(m, r->kind);
			e->date = r->date;
			e->valid_until = r->valid_until;
			e->status = r->status;
			e->signoff = itss_record_signoff(r);
			e->approved_on = r->approved_on;
			e->file_problem = fp ? fp->value : NULL;
			e->n = 1;
			e->documents = r->ndocuments ? docs[i] : NULL;
		}
	}
	js = itss_xcalloc(set.njudgements + 1, sizeof(*js));
	for (i = 0; i < set.njudgements; i++) {
		const struct itss_judgement *j = &set.judgements[i];
		if (!itss_item_judgement(m, j->requirement, j->levels, &js[i]))
			js[i].requirement = (size_t)(itss_model_requirement(m,
			    j->requirement) - m->requirements);
		js[i].verdict = j->verdict;
		js[i].reason = j->reason;
		js[i].by = j->by;
		js[i].date = j->date;
	}
	in.citations = cits;
	in.ncitations = ncits;
	in.judgements = js;
	in.njudgements = set.njudgements;
	assert_int_equal(itss_assess(&a, &in), 0);
	check_paths_agree(&in, &a);

	exp = itss_yaml_get(c, "expect");
	assert_non_null(exp);
	{
		static const char *const expect_keys[] = { "level",
			"target_reached", "domains", "items", "status", "reasons",
			"missing", "evidence", "gaps", "counts", "actions",
			"calendar", "next", "certificate", NULL };
		known_keys(exp, expect_keys, "case.yaml: expect");
	}
	if ((x = itss_yaml_get(exp, "level")))
		check_level("organisation", m, a.level, x);
	if ((x = itss_yaml_get(exp, "target_reached")) &&
	    (!strcmp(x->value, "true")) != a.target_reached)
		fail_msg("target_reached is %d", a.target_reached);
	if ((x = itss_yaml_get(exp, "domains")))
		for (i = 0; i + 1 < x->n; i += 2)
			check_level(x->kid[i]->value, m, a.domains[domain_index(m,
			    x->kid[i]->value)].level, x->kid[i + 1]);
	if ((x = itss_yaml_get(exp, "items")))
		for (i = 0; i + 1 < x->n; i += 2)
			check_level(x->kid[i]->value, m, a.items[item_index(m,
			    x->kid[i]->value)].level, x->kid[i + 1]);
	if ((x = itss_yaml_get(exp, "status")))
		for (i = 0; i + 1 < x->n; i += 2) {
			size_t ri = req_index(m, x->kid[i]->value);
			const char *got = itss_req_status_name(a.requirements[ri].status);
			if (strcmp(got, x->kid[i + 1]->value))
				fail_msg("%s: %s, expected %s (%s)", x->kid[i]->value,
				    got, x->kid[i + 1]->value, a.requirements[ri].reason);
		}
	if ((x = itss_yaml_get(exp, "reasons")))
		for (i = 0; i + 1 < x->n; i += 2) {
			size_t ri = req_index(m, x->kid[i]->value);
			if (!strstr(a.requirements[ri].reason, x->kid[i + 1]->value))
				fail_msg("%s: reason '%s' lacks '%s'", x->kid[i]->value,
				    a.requirements[ri].reason, x->kid[i + 1]->value);
		}
	if ((x = itss_yaml_get(exp, "missing")))
		for (i = 0; i + 1 < x->n; i += 2) {
			size_t ri = req_index(m, x->kid[i]->value);
			const char *got = a.requirements[ri].missing;
			if (!got || !strstr(got, x->kid[i + 1]->value))
				fail_msg("%s: missing '%s' lacks '%s'", x->kid[i]->value,
				    got ? got : "(none)", x->kid[i + 1]->value);
		}
	if ((x = itss_yaml_get(exp, "evidence")))
		for (i = 0; i + 1 < x->n; i += 2) {
			size_t ri = req_index(m, x->kid[i]->value);
			const struct itss_req_result *rr = &a.requirements[ri];
			const struct itss_yaml_node *w = x->kid[i + 1];
			if (rr->nevidence != w->n)
				fail_msg("%s: %zu evidence ids, expected %zu",
				    x->kid[i]->value, rr->nevidence, w->n);
			for (k = 0; k < w->n; k++)
				assert_string_equal(rr->evidence[k], w->kid[k]->value);
		}
	if ((x = itss_yaml_get(exp, "gaps"))) {
		if (a.ngaps != x->n) {
			struct itss_strbuf sb = ITSS_STRBUF_INIT;
			for (k = 0; k < a.ngaps; k++)
				itss_strbuf_addf(&sb, " %s", m->requirements[a.gaps[k]].id);
			fail_msg("gaps:%s; expected %zu", sb.buf, x->n);
		}
		for (k = 0; k < x->n; k++)
			assert_string_equal(m->requirements[a.gaps[k]].id,
			    x->kid[k]->value);
	}
	if ((x = itss_yaml_get(exp, "counts")))
		for (i = 0; i + 1 < x->n; i += 2) {
			const char *key = x->kid[i]->value;
			const struct itss_count *cnt;
			if (!strcmp(key, "total"))
				cnt = &a.total;
			else if (!strncmp(key, "item ", 5))
				cnt = &a.items[item_index(m, key + 5)].total;
			else if (itss_model_level(m, key))
				cnt = &a.by_level[itss_model_level(m, key) - m->levels];
			else
				cnt = &a.domains[domain_index(m, key)].total;
			check_count(key, cnt, x->kid[i + 1]);
		}
	check_actions(dir, c, itss_yaml_get(exp, "actions"), m, &a);
	check_certificate(c, exp, a.as_of);

	itss_assessment_release(&a);
	free(cits);
	for (i = 0; i < set.nrecords; i++)
		free(docs[i]);
	free(docs);
	free(js);
	itss_evidence_set_release(&set);
	itss_model_free(m);
	itss_yaml_doc_release(&doc);
	itss_diags_release(&d);
}

/* A calendar entry as the cases write it: "surveillance 2 2026-03-15". */
static void
cert_date_text(struct itss_strbuf *sb, const struct itss_cert_date *e)
{
	static const char *const what[] = { "surveillance",
		"reassessment_application", "expiry" };
	char day[11];

	itss_date_format(day, e->date);
	itss_strbuf_addstr(sb, what[e->what]);
	if (e->what == ITSS_CERT_SURVEILLANCE)
		itss_strbuf_addf(sb, " %d", e->n);
	itss_strbuf_addf(sb, " %s", day);
}

/* A list from the case, "; " between. */
static void
joined(struct itss_strbuf *sb, const struct itss_yaml_node *list)
{
	size_t i;

	for (i = 0; list && i < list->n; i++)
		itss_strbuf_addf(sb, "%s%s", i ? "; " : "", list->kid[i]->value);
}

/*
 * The case's certificate: its calendar, its next date as of the case's
 * date, and what check would say of it (itss_certificate_review).
 */
static void
check_certificate(const struct itss_yaml_node *c,
    const struct itss_yaml_node *exp, int32_t as_of)
{
	const struct itss_yaml_node *x = itss_yaml_get(c, "certificate"), *w;
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_certificate cert;
	struct itss_cert_date v[8];
	struct itss_cert_finding f[8];
	const struct itss_cert_date *next;
	struct itss_strbuf got = ITSS_STRBUF_INIT, want = ITSS_STRBUF_INIT;
	int32_t saved = INT32_MIN;
	long within = 30;
	size_t n, i;

	if (!x) {
		if (itss_yaml_get(exp, "calendar") || itss_yaml_get(exp, "next") ||
		    itss_yaml_get(exp, "certificate"))
			fail_msg("expect: a calendar, and no certificate");
		return;
	}
	memset(&cert, 0, sizeof(cert));
	cert.given = 1;
	cert.level = "high";
	assert_int_equal(itss_yaml_date(&cert.issued, "case", itss_yaml_get(x,
	    "issued"), "issued", &d), 0);
	assert_int_equal(itss_yaml_date(&cert.expires, "case", itss_yaml_get(x,
	    "expires"), "expires", &d), 0);
	if ((w = itss_yaml_get(c, "saved_as_of")))
		assert_int_equal(itss_yaml_date(&saved, "case", w, "saved_as_of",
		    &d), 0);
	if ((w = itss_yaml_get(c, "within")))
		within = strtol(w->value, NULL, 10);
	n = itss_certificate_calendar(&cert, v);
	if ((w = itss_yaml_get(exp, "calendar"))) {
		for (i = 0; i < n; i++) {
			if (i)
				itss_strbuf_addstr(&got, "; ");
			cert_date_text(&got, &v[i]);
		}
		joined(&want, w);
		if (strcmp(got.buf, want.buf))
			fail_msg("calendar: '%s', expected '%s'", got.buf, want.buf);
	}
	if ((w = itss_yaml_get(exp, "next"))) {
		itss_strbuf_reset(&got);
		next = itss_certificate_next(&cert, v, n, as_of);
		if (next)
			cert_date_text(&got, next);
		else
			itss_strbuf_addstr(&got, "none");
		if (strcmp(got.buf, w->value))
			fail_msg("next: '%s', expected '%s'", got.buf, w->value);
	}
	itss_strbuf_reset(&got);
	itss_strbuf_reset(&want);
	n = itss_certificate_review(&cert, as_of, within, saved, f);
	for (i = 0; i < n; i++) {
		itss_strbuf_addf(&got, "%s%s ", i ? "; " : "",
		    itss_cert_finding_name(f[i].kind));
		cert_date_text(&got, &f[i].date);
	}
	joined(&want, itss_yaml_get(exp, "certificate"));
	if (strcmp(got.buf, want.buf))
		fail_msg("certificate: '%s', expected '%s'", got.buf, want.buf);
	itss_strbuf_release(&got);
	itss_strbuf_release(&want);
	itss_diags_release(&d);
}

/*
 * The corrective actions of the case held against its assessment: every
 * finding, in order, as "KIND ACTION [RECORD REQ]" or "unanswered REQ".
 */
static void
check_actions(const char *dir, const struct itss_yaml_node *c,
    const struct itss_yaml_node *want, const struct itss_model *m,
    const struct itss_assessment *a)
{
	struct itss_actions set = { NULL, 0, 0, 0 };
	struct itss_diags d = ITSS_DIAGS_INIT;
	const struct itss_yaml_node *x;
	struct itss_action_review rv;
	struct itss_strbuf got = ITSS_STRBUF_INIT, exp = ITSS_STRBUF_INIT;
	long within = 30;
	size_t len, i;
	char *buf;
	int rc;

	if ((x = itss_yaml_get(c, "within")))
		within = strtol(x->value, NULL, 10);
	buf = read_or_null(dir, "actions.yaml", &len);
	if (!buf && !want)
		return;		/* a case about other things */
	if (buf) {
		rc = itss_actions_parse(&set, "actions.yaml", buf, len, m, &d);
		free(buf);
		if ((x = itss_yaml_get(c, "actions_refused"))) {
			if (rc == 0 || !d.n || !strstr(d.v[0].message, x->value))
				fail_msg("%s/actions.yaml: not refused with '%s' (%s)",
				    dir, x->value, d.n ? d.v[0].message : "no error");
			assert_int_equal(set.n, 0);
		} else if (rc < 0) {
			fail_msg("%s/actions.yaml: %u:%u: %s", dir, d.v[0].line,
			    d.v[0].col, d.v[0].message);
		}
	} else if (itss_yaml_get(c, "actions_refused")) {
		fail_msg("%s: actions_refused, and no actions.yaml", dir);
	}
	assert_int_equal(itss_actions_review(&rv, &set, m, a, "", a->as_of,
	    within), 0);
	for (i = 0; i < rv.n; i++) {
		const struct itss_action_finding *f = &rv.v[i];
		itss_strbuf_addf(&got, "%s%s", i ? "; " : "",
		    itss_action_finding_name(f->kind));
		if (f->action)
			itss_strbuf_addf(&got, " %s", f->action->id);
		if (f->evidence)
			itss_strbuf_addf(&got, " %s", f->evidence);
		if (f->kind == ITSS_FINDING_EVIDENCE ||
		    f->kind == ITSS_FINDING_UNANSWERED)
			itss_strbuf_addf(&got, " %s", m->requirements[f->requirement].id);
		/* A problem fails check, a warning does not. */
		assert_int_equal(f->failing, f->kind == ITSS_FINDING_OVERDUE ||
		    f->kind == ITSS_FINDING_EVIDENCE);
	}
	joined(&exp, want);
	/* With actions.yaml and no expect: actions, there are no findings. */
	if (strcmp(got.buf, exp.buf))
		fail_msg("%s: actions: '%s', expected '%s'", dir, got.buf,
		    exp.buf);
	itss_strbuf_release(&got);
	itss_strbuf_release(&exp);
	itss_action_review_release(&rv);
	itss_actions_release(&set);
	itss_diags_release(&d);
}

/*
 * The same citations merged as the index's summaries merge them: records
 * alike (kind, status, date, valid_until, file problem) under one, named
 * by the first id -- then served one requirement at a time.
 */
struct merged {
	struct itss_engine_citation *v;
	size_t n;
};

static int
same_cite(const struct itss_engine_citation *a, const struct itss_engine_citation *b)
{
	return a->requirement == b->requirement && a->kind == b->kind &&
	    a->status == b->status && a->date == b->date &&
	    a->signoff == b->signoff && a->approved_on == b->approved_on &&
	    a->valid_until == b->valid_until &&
	    ((!a->file_problem && !b->file_problem) || (a->file_problem &&
	    b->file_problem && !strcmp(a->file_problem, b->file_problem))) &&
	    ((!a->documents && !b->documents) || (a->documents &&
	    b->documents && !strcmp(a->documents, b->documents)));
}

static const struct itss_engine_citation *
merged_of(void *ctx, size_t ri, size_t *n)
{
	struct merged *mg = ctx;
	size_t i, first = mg->n;

	for (i = 0; i < mg->n; i++)
		if (mg->v[i].requirement == ri) {
			first = i;
			break;
		}
	*n = 0;
	while (first + *n < mg->n && mg->v[first + *n].requirement == ri)
		(*n)++;
	return first < mg->n ? &mg->v[first] : NULL;
}

/* Both paths must decide the same statuses, levels and gaps. */
static void
check_paths_agree(const struct itss_engine_input *in,
    const struct itss_assessment *a)
{
	struct merged mg = { itss_xcalloc(in->ncitations + 1, sizeof(*mg.v)), 0 };
	struct itss_engine_input in2 = *in;
	struct itss_assessment b;
	size_t i, k;

	for (i = 0; i < in->ncitations; i++) {
		const struct itss_engine_citation *c = &in->citations[i];
		for (k = 0; k < mg.n; k++)
			if (same_cite(&mg.v[k], c))
				break;
		if (k < mg.n) {
			mg.v[k].n++;
			if (strcmp(c->id, mg.v[k].id) < 0)
				mg.v[k].id = c->id;
		} else {
			mg.v[mg.n++] = *c;
		}
	}
	/* Grouped by requirement, as the summaries are. */
	for (i = 1; i < mg.n; i++)
		for (k = i; k > 0 && mg.v[k - 1].requirement > mg.v[k].requirement; k--) {
			struct itss_engine_citation t = mg.v[k];
			mg.v[k] = mg.v[k - 1];
			mg.v[k - 1] = t;
		}
	in2.citations = NULL;
	in2.ncitations = 0;
	in2.citations_of = merged_of;
	in2.ctx = &mg;
	assert_int_equal(itss_assess(&b, &in2), 0);
	assert_int_equal(a->level, b.level);
	for (i = 0; i < in->model->nrequirements; i++)
		if (a->requirements[i].status != b.requirements[i].status)
			fail_msg("%s: %s by record, %s merged",
			    in->model->requirements[i].id,
			    itss_req_status_name(a->requirements[i].status),
			    itss_req_status_name(b.requirements[i].status));
	for (i = 0; i < in->model->nitems; i++)
		assert_int_equal(a->items[i].level, b.items[i].level);
	for (i = 0; i < in->model->ndomains; i++)
		assert_int_equal(a->domains[i].level, b.domains[i].level);
	assert_int_equal(a->ngaps, b.ngaps);
	for (i = 0; i < a->ngaps; i++)
		assert_int_equal(a->gaps[i], b.gaps[i]);
	itss_assessment_release(&b);
	free(mg.v);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * test_engine [DIR [--all-fail]]: the cases under DIR (data/engine). With
 * --all-fail, the run succeeds only when every case fails: that is how
 * data/engine-refused/ shows the harness refuses what it does not
 * understand.
 */
int
main(int argc, char **argv)
{
	const char *root = argc > 1 ? argv[1] : "data/engine";
	int all_fail = argc > 2 && !strcmp(argv[2], "--all-fail");
	struct CMUnitTest *tests;
	char **dirs = NULL;
	size_t n = 0, alloc = 0, i;
	struct dirent *e;
	DIR *dir = opendir(root);
	int rc;

	if (!dir) {
		fprintf(stderr, "cannot open %s (run from tests/)\n", root);
		return 1;
	}
	while ((e = readdir(dir)))
		if (e->d_name[0] != '.') {
			itss_xgrow((void **)&dirs, &alloc, n + 1, sizeof(*dirs));
			dirs[n++] = itss_xasprintf("%s/%s", root, e->d_name);
		}
	closedir(dir);
	if (!n) {
		fprintf(stderr, "no engine cases\n");
		return 1;
	}
	qsort(dirs, n, sizeof(*dirs), cmp_name);
	tests = itss_xcalloc(n, sizeof(*tests));
	for (i = 0; i < n; i++) {
		tests[i].name = dirs[i] + strlen(root) + 1;
		tests[i].test_func = run_case;
		tests[i].initial_state = dirs[i];
	}
	rc = _cmocka_run_group_tests("engine", tests, n, NULL, NULL);
	if (all_fail) {
		printf("%d of %zu cases refused, as they must be\n", rc, n);
		rc = (size_t)rc == n ? 0 : 1;
	}
	for (i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
	free(tests);
	return rc;
}
