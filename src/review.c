/*
 * review.c - corrective actions held against an assessment, and the
 * certificate's calendar against a date (review.h): the rules `itss check`
 * applies to them, as pure functions so that the engine's cases show them
 * (tests/data/engine/actions*, certificate*).
 */
#include <stdlib.h>
#include <string.h>

#include "itss/review.h"
#include "itss/util.h"

static void
add(struct itss_action_review *r, size_t *alloc, enum itss_action_finding_kind k,
    const struct itss_action *a, size_t req, const char *evidence)
{
	struct itss_action_finding *f;

	itss_xgrow((void **)&r->v, alloc, r->n + 1, sizeof(*r->v));
	f = &r->v[r->n++];
	f->kind = k;
	f->failing = k == ITSS_FINDING_OVERDUE || k == ITSS_FINDING_EVIDENCE;
	f->action = a;
	f->requirement = req;
	f->evidence = evidence;
}

/* The first requirement of m that a answers (cited with prefix), and
 * whether evidence e counts for any of them; 0 when it answers none. */
static int
answers_here(size_t *first, int *counts, const struct itss_action *a,
    const struct itss_model *m, const struct itss_assessment *as,
    const char *prefix, const char *e)
{
	size_t pl = strlen(prefix), k, t;
	int any = 0;

	*counts = 0;
	for (k = 0; k < a->nrequirements; k++) {
		const struct itss_requirement *q;
		const struct itss_req_result *rr;
		if (strncmp(a->requirements[k], prefix, pl) ||
		    !(q = itss_model_requirement(m, a->requirements[k] + pl)))
			continue;	/* another model's */
		rr = &as->requirements[q - m->requirements];
		if (!any)
			*first = (size_t)(q - m->requirements);
		any = 1;
		/* An expired requirement names what no longer counts. */
		if (rr->status == ITSS_REQ_EXPIRED)
			continue;
		for (t = 0; t < rr->nevidence && !*counts; t++)
			*counts = !strcmp(rr->evidence[t], e);
	}
	return any;
}

int
itss_actions_review(struct itss_action_review *out,
    const struct itss_actions *set, const struct itss_model *m,
    const struct itss_assessment *a, const char *prefix, int32_t as_of,
    long within)
{
	size_t alloc = 0, i, k, first = 0;
	int counts;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < set->n; i++) {
		const struct itss_action *x = &set->v[i];
		if (itss_action_overdue(x, as_of))
			add(out, &alloc, ITSS_FINDING_OVERDUE, x, 0, NULL);
		else if (!itss_action_closed(x) && (int64_t)x->due <=
		    (int64_t)as_of + within)
			add(out, &alloc, ITSS_FINDING_DUE_SOON, x, 0, NULL);
	}
	/* Each piece of a verified action's evidence counts for what it
	 * answers in this model, as of the date. */
	for (i = 0; i < set->n; i++) {
		const struct itss_action *x = &set->v[i];
		if (x->status != ITSS_ACTION_VERIFIED)
			continue;
		for (k = 0; k < x->nevidence; k++)
			if (answers_here(&first, &counts, x, m, a, prefix,
			    x->evidence[k]) && !counts)
				add(out, &alloc, ITSS_FINDING_EVIDENCE, x, first,
				    x->evidence[k]);
	}
	/* A nonconformity by judgement, and no action for it. */
	for (i = 0; i < m->nrequirements; i++) {
		int answered = 0;
		if (a->requirements[i].status != ITSS_REQ_NONCONFORM)
			continue;
		for (k = 0; k < set->n && !answered; k++)
			answered = set->v[k].status != ITSS_ACTION_CANCELLED &&
			    itss_action_answers(&set->v[k], prefix,
			    m->requirements[i].id);
		if (!answered)
			add(out, &alloc, ITSS_FINDING_UNANSWERED, NULL, i, NULL);
	}
	return 0;
}

void
itss_action_review_release(struct itss_action_review *r)
{
	free(r->v);
	memset(r, 0, sizeof(*r));
}

const char *
itss_action_finding_name(enum itss_action_finding_kind k)
{
	static const char *const names[] = { "overdue", "due_soon", "evidence",
		"unanswered" };

	return names[k];
}

size_t
itss_certificate_review(const struct itss_certificate *c, int32_t as_of,
    long within, int32_t latest_saved, struct itss_cert_finding out[8])
{
	struct itss_cert_date v[8];
	size_t n = itss_certificate_calendar(c, v), i, k = 0;

	for (i = 0; i < n; i++) {
		enum itss_cert_finding_kind kind;
		if (v[i].what == ITSS_CERT_EXPIRY && v[i].date < as_of)
			kind = ITSS_CERT_FINDING_EXPIRED;
		else if (v[i].date >= as_of && (int64_t)v[i].date <=
		    (int64_t)as_of + within)
			kind = ITSS_CERT_FINDING_DUE_SOON;
		else if (v[i].what == ITSS_CERT_SURVEILLANCE &&
		    v[i].date < as_of && latest_saved < v[i].date)
			kind = ITSS_CERT_FINDING_UNASSESSED;
		else
			continue;
		out[k].kind = kind;
		out[k++].date = v[i];
	}
	return k;
}

const struct itss_cert_date *
itss_certificate_next(const struct itss_certificate *c,
    const struct itss_cert_date *v, size_t n, int32_t as_of)
{
	size_t i;

	if (!c->given || c->expires < as_of)
		return NULL;
	for (i = 0; i < n; i++)
		if (v[i].date >= as_of)
			return &v[i];
	return NULL;
}

const char *
itss_cert_finding_name(enum itss_cert_finding_kind k)
{
	static const char *const names[] = { "expired", "due_soon",
		"unassessed" };

	return names[k];
}
