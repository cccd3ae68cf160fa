/*
 * engine.c - the assessor, SPEC §3.
 *
 * For each requirement, the records that cite it are looked at one by one
 * and each gets its verdict (counts, or why not); the requirement's status
 * follows in the order the contract fixes: a judgement, then met, partial,
 * expired, missing. Levels then follow from the statuses alone.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "itss/engine.h"
#include "itss/i18n.h"

const char *
itss_req_status_name(enum itss_req_status s)
{
	static const char *const names[] = { N_("met"), N_("partial"),
		N_("expired"), N_("missing"), N_("not_applicable"),
		N_("nonconform") };
	return names[s];
}

int
itss_req_good(enum itss_req_status s)
{
	return s == ITSS_REQ_MET || s == ITSS_REQ_NOT_APPLICABLE;
}

int32_t
itss_window_start(int32_t as_of, const struct itss_window *w)
{
	int y, m, d;

	itss_date_split(as_of, &y, &m, &d);
	return itss_date_make(y - w->years, m - w->months, d) - w->days;
}

/*
 * Text through the input's translator (i18n.h): T() a message, TP() its
 * plural form; tr must be in scope. NULL keeps the English message ids.
 */
#define T(s) itss_tr_text(tr, s)
#define TP(s, p, n) itss_tr_plural(tr, s, p, (unsigned long)(n))

/*
 * A kind as the reasons name it: its id in English, its name (the model's
 * words, 记录) where the translator gives another language.
 */
static const char *
kind_word(const struct itss_tr *tr, const struct itss_kind *k)
{
	return itss_tr_active(tr) ? k->name : k->id;
}

/* Is a the later record than b (NULL: yes)? Ties go to the smaller id. */
static int
later(const struct itss_engine_citation *a, const struct itss_engine_citation *b)
{
	if (!b)
		return 1;
	if (a->date != b->date)
		return a->date > b->date;
	return strcmp(a->id, b->id) < 0;
}

/* Why one record does not count, or NULL when it counts. */
enum verdict {
	COUNTS,
	NOT_APPROVED,
	NOT_SIGNED,	/* the repository asks for sign-off; it lacks it */
	TOO_NEW,
	SIGNED_LATER,	/* signed after the as-of date */
	EXPIRED_VALIDITY,
	OUTSIDE_WINDOW,
	BAD_FILES,
};

static enum verdict
judge_record(const struct itss_engine_citation *r, int32_t as_of, int periodic,
    int32_t window_start, int sign_off)
{
	if (r->status != ITSS_APPROVED)
		return NOT_APPROVED;
	if (sign_off && r->signoff != ITSS_SIGNED)
		return NOT_SIGNED;
	if (r->date > as_of)
		return TOO_NEW;
	if (sign_off && r->approved_on > as_of)
		return SIGNED_LATER;
	if (r->file_problem)
		return BAD_FILES;
	if (r->valid_until < as_of)
		return EXPIRED_VALIDITY;
	if (periodic && r->date < window_start)
		return OUTSIDE_WINDOW;
	return COUNTS;
}

static void
describe(struct itss_strbuf *sb, const struct itss_engine_citation *r,
    enum verdict v, int32_t as_of, int32_t window_start,
    const struct itss_tr *tr)
{
	char day[11];

	if (r->n > 1)
		itss_strbuf_addf(sb, T("%u records like "), r->n);
	switch (v) {
	case COUNTS:
		itss_strbuf_addf(sb, T("%s counts"), r->id);
		break;
	case NOT_APPROVED:
		itss_strbuf_addf(sb, T("%s is %s, not approved"), r->id,
		    T(itss_status_name(r->status)));
		break;
	case NOT_SIGNED:
		itss_strbuf_addf(sb, r->signoff == ITSS_SIGN_NO_APPROVER ?
		    T("%s is approved with no approver named (sign-off is asked "
		    "for)") : r->signoff == ITSS_SIGN_SELF ? T("%s is approved "
		    "by its own owner (sign-off needs another person)") :
		    T("%s cites a file without its SHA-256 (sign-off needs "
		    "every file's)"), r->id);
		break;
	case SIGNED_LATER:
		itss_date_format(day, r->approved_on);
		itss_strbuf_addf(sb, T("%s was signed off on %s, after the as-of "
		    "date"), r->id, day);
		break;
	case TOO_NEW:
		itss_date_format(day, r->date);
		itss_strbuf_addf(sb, T("%s is dated %s, after the as-of date"),
		    r->id, day);
		break;
	case BAD_FILES:
		itss_strbuf_addf(sb, "%s: %s", r->id, r->file_problem);
		break;
	case EXPIRED_VALIDITY:
		itss_date_format(day, r->valid_until);
		itss_strbuf_addf(sb, T("%s expired on %s"), r->id, day);
		break;
	case OUTSIDE_WINDOW:
		itss_date_format(day, r->date);
		itss_strbuf_addf(sb, T("%s (%s) is older than the window, "),
		    r->id, day);
		itss_date_format(day, window_start);
		itss_strbuf_addf(sb, T("which starts %s"), day);
		break;
	}
	(void)as_of;
}

/* How many records that do not count a reason names before it sums up. */
#define SHOWN 5

struct ctx {
	const struct itss_engine_input *in;
	size_t *cite_start, *cite;	/* the array's citations per requirement */
	const struct itss_engine_citation **gathered;	/* one requirement's */
	size_t agathered;
	const struct itss_engine_judgement **judged;	/* per requirement */
	/* Per requirement: its item's judgement, where its own overrode it. */
	const struct itss_engine_judgement **item_judged;
};

static void
kind_list(struct itss_strbuf *sb, const struct itss_kind *const *k, size_t n,
    const struct itss_tr *tr)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *w = kind_word(tr, k[i]);
		if (w == k[i]->name)	/* another language: the model's word */
			itss_strbuf_addf(sb, "%s%s", i ? T(", ") : "", w);
		else
			itss_strbuf_addf(sb, "%s%s (%s)", i ? ", " : "", k[i]->id,
			    k[i]->name);
	}
}

/*
 * The citations of requirement ri, as pointers, whichever way they come:
 * the caller's callback, or the array through the index.
 */
static const struct itss_engine_citation *const *
citations(struct ctx *c, size_t ri, size_t *n)
{
	const struct itss_engine_input *in = c->in;
	size_t i;

	if (in->citations_of) {
		const struct itss_engine_citation *v = in->citations_of(in->ctx, ri, n);
		itss_xgrow((void **)&c->gathered, &c->agathered, *n + 1,
		    sizeof(*c->gathered));
		for (i = 0; i < *n; i++)
			c->gathered[i] = &v[i];
	} else {
		*n = c->cite_start[ri + 1] - c->cite_start[ri];
		itss_xgrow((void **)&c->gathered, &c->agathered, *n + 1,
		    sizeof(*c->gathered));
		for (i = 0; i < *n; i++)
			c->gathered[i] = &in->citations[c->cite[c->cite_start[ri] + i]];
	}
	return c->gathered;
}

/*
 * 1. A judgement decides: the status and reason it gives, the reason
 * saying which judgement it was (the requirement's own, or its item's) and
 * what it overrode (an item's judgement, where the requirement's won).
 */
static void
apply_judgement(struct itss_req_result *res, const struct itss_engine_judgement *j,
    const struct itss_engine_judgement *over, const struct itss_model *m,
    const struct itss_tr *tr)
{
	struct itss_strbuf reason = ITSS_STRBUF_INIT;
	char day[11];

	res->by_judgement = 1;
	res->judged_item = j->item;
	res->overrode_item = over ? over->item : 0;
	switch (j->verdict) {
	case ITSS_NOT_APPLICABLE:
		res->status = ITSS_REQ_NOT_APPLICABLE;
		if (j->item)
			itss_strbuf_addf(&reason, T("not applicable, by the "
			    "judgement on item %u %s: %s"), j->item,
			    m->items[j->item - 1].name, j->reason);
		else
			itss_strbuf_addf(&reason, T("not applicable, by judgement: %s"),
			    j->reason);
		break;
	case ITSS_NONCONFORM:
	case ITSS_CONFORM:
		res->status = j->verdict == ITSS_CONFORM ? ITSS_REQ_MET :
		    ITSS_REQ_NONCONFORM;
		if (j->item)
			itss_strbuf_addf(&reason, j->verdict == ITSS_CONFORM ?
			    T("conform, by the judgement on item %u %s") :
			    T("nonconform, by the judgement on item %u %s"), j->item,
			    m->items[j->item - 1].name);
		else
			itss_strbuf_addstr(&reason, j->verdict == ITSS_CONFORM ?
			    T("conform, by judgement") : T("nonconform, by judgement"));
		if (j->by)
			itss_strbuf_addf(&reason, T(" of %s"), j->by);
		if (j->date != INT32_MIN) {
			itss_date_format(day, j->date);
			itss_strbuf_addf(&reason, T(" on %s"), day);
		}
		itss_strbuf_addf(&reason, T(": %s"), j->reason);
		if (res->status == ITSS_REQ_NONCONFORM)
			res->missing = itss_xasprintf(T("judged nonconform: %s"),
			    j->reason);
		break;
	}
	if (over)
		itss_strbuf_addf(&reason, T(" (this requirement's own judgement, "
		    "over item %u's)"), over->item);
	res->reason = itss_strbuf_detach(&reason, NULL);
}

int
itss_item_judgement(const struct itss_model *m, const char *key,
    const char *levels, struct itss_engine_judgement *j)
{
	unsigned long no;
	char *end;
	size_t l;

	if (strncmp(key, "item:", 5))
		return 0;
	no = strtoul(key + 5, &end, 10);
	if (*end || !no || no > m->nitems)
		return -1;
	j->item = (unsigned)no;
	j->levels_mask = 0;
	for (l = 0; levels && l < m->nlevels && l < 32; l++) {
		const char *p = strstr(levels, m->levels[l].id);
		size_t n = strlen(m->levels[l].id);
		while (p && !((p == levels || p[-1] == ',') && (p[n] == ',' ||
		    !p[n])))
			p = strstr(p + 1, m->levels[l].id);
		if (p)
			j->levels_mask |= 1u << l;
	}
	return 1;
}

/* What the records citing one requirement add up to. */
struct tally {
	const struct itss_tr *tr;	/* the words of the reasons */
	const struct itss_engine_citation **covered_by;	/* per kind: the latest */
	/* Per named document: the latest counting record that names it. */
	const struct itss_engine_citation **doc_by;
	size_t ndocs;			/* of them, covered */
	const struct itss_engine_citation *any;	/* latest, when no kind expected */
	size_t ncovered, nexpired, counting, nothers, nrecords, hidden;
	int sign_off;			/* the repository asks for sign-off */
	struct itss_strbuf others;	/* why the others do not count */
	size_t first_len;		/* the first of them: others[0..first_len) */
};

int
itss_names_document(const char *docs, const char *name)
{
	size_t n = strlen(name);

	while (docs && *docs) {
		const char *nl = strchr(docs, '\n');
		size_t len = nl ? (size_t)(nl - docs) : strlen(docs);
		if (len == n && !memcmp(docs, name, n))
			return 1;
		docs = nl ? nl + 1 : NULL;
	}
	return 0;
}

/* Each citing record: does it count, and for which kind? */
static void
tally_records(struct tally *t, struct itss_req_result *res,
    const struct itss_requirement *req,
    const struct itss_engine_citation *const *cite, size_t ncite,
    int32_t as_of, int32_t window_start)
{
	const struct itss_tr *tr = t->tr;
	size_t i, k;

	for (i = 0; i < ncite; i++) {
		const struct itss_engine_citation *r = cite[i];
		enum verdict v;

		/* Related through a crosswalk: listed for the assessor, once. */
		if (r->related) {
			size_t e;
			char *s = itss_xasprintf(T("%s (%s)"), r->id, r->via);
			for (e = 0; e < res->nrelated && strcmp(res->related[e], s);
			    e++)
				;
			if (e == res->nrelated && res->nrelated < SHOWN) {
				res->related = itss_xrealloc(res->related,
				    (res->nrelated + 1) * sizeof(*res->related));
				res->related[res->nrelated++] = s;
			} else {
				free(s);
			}
			continue;
		}
		v = judge_record(r, as_of, req->periodic != NULL, window_start,
		    t->sign_off);

		t->nrecords += r->n;
		if (v == COUNTS) {
			int useful = req->nexpects == 0;
			for (k = 0; k < req->nexpects; k++)
				if (req->expects[k] == r->kind) {
					useful = 1;
					if (!t->covered_by[k])
						t->ncovered++;
					if (later(r, t->covered_by[k]))
						t->covered_by[k] = r;
				}
			if (useful) {
				/* With no kind expected, the latest record is it. */
				if (!req->nexpects && later(r, t->any))
					t->any = r;
				for (k = 0; r->documents && k < req->ndocuments; k++)
					if (itss_names_document(r->documents,
					    req->documents[k])) {
						if (!t->doc_by[k])
							t->ndocs++;
						if (later(r, t->doc_by[k]))
							t->doc_by[k] = r;
					}
				t->counting += r->n;
				continue;
			}
			if (++t->nothers <= SHOWN)
				itss_strbuf_addf(&t->others, T("%s%s%s is a %s, which "
				    "it does not expect"), t->others.len ? T("; ") : "",
				    r->n > 1 ? T("each of the records like ") : "",
				    r->id, kind_word(tr, r->kind));
			else
				t->hidden += r->n;
			if (t->nothers == 1)
				t->first_len = t->others.len;
			continue;
		}
		if (v == EXPIRED_VALIDITY || v == OUTSIDE_WINDOW) {
			if (t->nexpired < SHOWN)
				res->evidence[res->nevidence++] = itss_xstrdup(r->id);
			t->nexpired += r->n;
		}
		if (++t->nothers <= SHOWN) {
			if (t->others.len)
				itss_strbuf_addstr(&t->others, T("; "));
			describe(&t->others, r, v, as_of, window_start, tr);
		} else {
			t->hidden += r->n;
		}
		if (t->nothers == 1)
			t->first_len = t->others.len;
	}
	if (t->hidden)
		itss_strbuf_addf(&t->others, T("; and %zu more not counting"),
		    t->hidden);
}

/*
 * What a requirement that counts rests on: the latest counting record of
 * each kind (in place of the expired ones gathered so far); and, in
 * counted, how many count when that is more than are named.
 */
static void
rest_evidence(struct itss_req_result *res, const struct itss_requirement *req,
    const struct tally *t, struct itss_strbuf *counted)
{
	const struct itss_tr *tr = t->tr;
	size_t k, e;

	for (k = 0; k < res->nevidence; k++)
		free(res->evidence[k]);
	res->nevidence = 0;
	if (t->any)
		res->evidence[res->nevidence++] = itss_xstrdup(t->any->id);
	for (k = 0; k < req->nexpects; k++) {
		if (!t->covered_by[k])
			continue;
		for (e = 0; e < res->nevidence; e++)
			if (!strcmp(res->evidence[e], t->covered_by[k]->id))
				break;
		if (e == res->nevidence)
			res->evidence[res->nevidence++] =
			    itss_xstrdup(t->covered_by[k]->id);
	}
	for (k = 0; k < req->ndocuments; k++) {
		if (!t->doc_by[k])
			continue;
		for (e = 0; e < res->nevidence; e++)
			if (!strcmp(res->evidence[e], t->doc_by[k]->id))
				break;
		if (e == res->nevidence)
			res->evidence[res->nevidence++] =
			    itss_xstrdup(t->doc_by[k]->id);
	}
	if (t->counting > res->nevidence)
		itss_strbuf_addf(counted, TP("; %zu record count in all",
		    "; %zu records count in all", t->counting), t->counting);
}

/* "needs " and the kinds lacking, for what is missing. */
static char *
needs(const struct itss_kind **lacking, size_t nlacking,
    const struct itss_tr *tr)
{
	struct itss_strbuf miss = ITSS_STRBUF_INIT;

	itss_strbuf_addstr(&miss, T("needs "));
	kind_list(&miss, lacking, nlacking, tr);
	return itss_strbuf_detach(&miss, NULL);
}

/*
 * A requirement with named documents: those no counting record names, in
 * res; "the documents of <table> not named by a record that counts: X, Y"
 * into sb.
 */
static void
lacking_documents(struct itss_req_result *res, struct itss_strbuf *sb,
    const struct itss_requirement *req, const struct tally *t)
{
	const struct itss_tr *tr = t->tr;
	size_t k;

	res->missing_documents = itss_xcalloc(req->ndocuments + 1,
	    sizeof(*res->missing_documents));
	for (k = 0; k < req->ndocuments; k++)
		if (!t->doc_by[k])
			res->missing_documents[res->nmissing_documents++] =
			    req->documents[k];
	if (req->nevaluations)
		itss_strbuf_addf(sb, T("%zu of the %zu items of %s scored by no "
		    "record that counts: "), res->nmissing_documents,
		    req->ndocuments, req->documents_table ? req->documents_table :
		    T("its list"));
	else
		itss_strbuf_addf(sb, T("%zu of the %zu documents of %s named by "
		    "no record that counts: "), res->nmissing_documents,
		    req->ndocuments, req->documents_table ? req->documents_table :
		    T("its list"));
	for (k = 0; k < res->nmissing_documents; k++)
		itss_strbuf_addf(sb, "%s%s", k ? T(", ") : "",
		    res->missing_documents[k]);
}

/* 2.-5.: the status from the tally, in the contract's order. */
static void
decide(struct itss_req_result *res, struct itss_strbuf *reason,
    const struct itss_requirement *req, const struct tally *t,
    const struct itss_kind **lacking, size_t nlacking,
    const struct itss_strbuf *counted)
{
	const struct itss_tr *tr = t->tr;
	const char *list = req->documents_table ? req->documents_table :
	    T("its list");
	size_t k, i;
	int docs_lacking = t->ndocs < req->ndocuments;

	if (t->counting && (req->nexpects == 0 || nlacking == 0) &&
	    !docs_lacking) {
		/* 2. Met: every expected kind covered by a record that counts. */
		res->status = ITSS_REQ_MET;
		itss_strbuf_addstr(reason, T("met: "));
		if (req->nexpects == 0) {
			itss_strbuf_addf(reason, T("%s counts"), t->any->id);
			if (t->any->via)
				itss_strbuf_addf(reason, T(" (via crosswalk from %s)"),
				    t->any->via);
		} else {
			for (k = 0; k < req->nexpects; k++) {
				itss_strbuf_addf(reason, T("%s%s by %s"), k ? T(", ") :
				    "", kind_word(tr, req->expects[k]),
				    t->covered_by[k]->id);
				if (t->covered_by[k]->via)
					itss_strbuf_addf(reason, T(" (via crosswalk "
					    "from %s)"), t->covered_by[k]->via);
			}
		}
		if (req->ndocuments && req->nevaluations)
			itss_strbuf_addf(reason, T("; all %zu items of %s scored"),
			    req->ndocuments, list);
		else if (req->ndocuments)
			itss_strbuf_addf(reason, T("; all %zu documents of %s named"),
			    req->ndocuments, list);
		itss_strbuf_addstr(reason, counted->buf);
	} else if (t->ncovered || (t->counting && docs_lacking)) {
		/* 3. Partial: some kinds covered, not all; or every kind, but
		 * not every named document. */
		struct itss_strbuf miss = ITSS_STRBUF_INIT;
		res->status = ITSS_REQ_PARTIAL;
		itss_strbuf_addstr(reason, T("partial: "));
		for (k = 0, i = 0; k < req->nexpects; k++)
			if (t->covered_by[k]) {
				itss_strbuf_addf(reason, T("%s%s by %s"), i++ ?
				    T(", ") : "", kind_word(tr, req->expects[k]),
				    t->covered_by[k]->id);
				if (t->covered_by[k]->via)
					itss_strbuf_addf(reason, T(" (via crosswalk "
					    "from %s)"), t->covered_by[k]->via);
			}
		if (!req->nexpects)
			itss_strbuf_addf(reason, T("%s counts"), t->any->id);
		if (nlacking) {
			itss_strbuf_addstr(reason, T("; lacks "));
			kind_list(reason, lacking, nlacking, tr);
			itss_strbuf_addstr(&miss, T("needs "));
			kind_list(&miss, lacking, nlacking, tr);
		}
		if (docs_lacking) {
			itss_strbuf_addstr(reason, T("; "));
			lacking_documents(res, reason, req, t);
			if (miss.len)
				itss_strbuf_addstr(&miss, T("; "));
			itss_strbuf_addstr(&miss, req->nevaluations ?
			    T("needs a score for each of the items: ") :
			    T("needs a record naming each of the documents: "));
			for (k = 0; k < res->nmissing_documents; k++)
				itss_strbuf_addf(&miss, "%s%s", k ? T(", ") : "",
				    res->missing_documents[k]);
		}
		res->missing = itss_strbuf_detach(&miss, NULL);
	} else if (t->nexpired) {
		/* 4. Expired: an approved record would count, had it not expired. */
		res->status = ITSS_REQ_EXPIRED;
		itss_strbuf_addstr(reason, T("expired: nothing counts now"));
		res->missing = itss_xasprintf(T("needs a current record (%s)"),
		    t->others.buf);
	} else {
		/* 5. Missing. */
		res->status = ITSS_REQ_MISSING;
		if (!t->nrecords)	/* related ones are not counted here */
			itss_strbuf_addstr(reason, T("missing: no record cites it"));
		else
			itss_strbuf_addf(reason, TP("missing: none of the %zu "
			    "record citing it counts", "missing: none of the %zu "
			    "records citing it counts", t->nrecords), t->nrecords);
		res->missing = req->nexpects ? needs(lacking, nlacking, tr) :
		    itss_xstrdup(T("needs an approved record"));
		if (req->ndocuments) {
			struct itss_strbuf miss = ITSS_STRBUF_INIT;
			struct itss_strbuf why = ITSS_STRBUF_INIT;
			lacking_documents(res, &why, req, t);
			itss_strbuf_addf(&miss, req->nevaluations ?
			    T("%s, scoring every item of %s") :
			    T("%s, one naming each document of %s"), res->missing,
			    list);
			free(res->missing);
			res->missing = itss_strbuf_detach(&miss, NULL);
			itss_strbuf_release(&why);
		}
	}
}

static void
assess_requirement(struct itss_req_result *res, struct ctx *c, size_t ri)
{
	const struct itss_engine_input *in = c->in;
	const struct itss_model *m = in->model;
	const struct itss_requirement *req = &m->requirements[ri];
	const struct itss_tr *tr = in->tr;
	struct itss_strbuf reason = ITSS_STRBUF_INIT, counted = ITSS_STRBUF_INIT;
	size_t ncite, k, nlacking = 0;
	const struct itss_engine_citation *const *cite = citations(c, ri, &ncite);
	const struct itss_kind **lacking;
	struct tally t;
	int32_t window_start = 0;
	char day[11];

	memset(res, 0, sizeof(*res));
	if (req->periodic) {
		struct itss_window w = itss_requirement_window(m, req, &in->window);
		window_start = itss_window_start(in->as_of, &w);
	}
	res->evidence = itss_xcalloc((ncite < SHOWN ? ncite : SHOWN) +
	    req->nexpects + req->ndocuments + 2, sizeof(*res->evidence));
	if (c->judged[ri]) {
		apply_judgement(res, c->judged[ri], c->item_judged[ri], m, in->tr);
		return;
	}
	memset(&t, 0, sizeof(t));
	t.tr = tr;
	t.sign_off = in->sign_off;
	itss_strbuf_init(&t.others);
	t.covered_by = itss_xcalloc(req->nexpects + 1, sizeof(*t.covered_by));
	t.doc_by = itss_xcalloc(req->ndocuments + 1, sizeof(*t.doc_by));
	tally_records(&t, res, req, cite, ncite, in->as_of, window_start);
	if (t.counting)
		rest_evidence(res, req, &t, &counted);
	lacking = itss_xcalloc(req->nexpects + 1, sizeof(*lacking));
	for (k = 0; k < req->nexpects; k++)
		if (!t.covered_by[k])
			lacking[nlacking++] = req->expects[k];
	decide(res, &reason, req, &t, lacking, nlacking, &counted);
	if (req->periodic && res->status != ITSS_REQ_MET) {
		itss_date_format(day, window_start);
		itss_strbuf_addf(&reason, T(" (periodic: records from %s count)"),
		    day);
	}
	if (t.first_len && res->status != ITSS_REQ_MET)
		res->why_not = itss_xstrndup(t.others.buf, t.first_len);
	if (t.others.len)
		itss_strbuf_addf(&reason, "%s%s", T("; "), t.others.buf);
	if (res->nrelated) {
		itss_strbuf_addstr(&reason, T("; related through a crosswalk, for "
		    "the assessor to judge: "));
		for (k = 0; k < res->nrelated; k++)
			itss_strbuf_addf(&reason, "%s%s", k ? T(", ") : "",
			    res->related[k]);
	}
	res->reason = itss_strbuf_detach(&reason, NULL);
	itss_strbuf_release(&t.others);
	itss_strbuf_release(&counted);
	if (res->status != ITSS_REQ_MET && nlacking) {
		res->lacking = lacking;
		res->nlacking = nlacking;
	} else {
		free(lacking);
	}
	free(t.covered_by);
	free(t.doc_by);
}

static void
count(struct itss_count *c, enum itss_req_status s)
{
	if (s == ITSS_REQ_NOT_APPLICABLE)
		return;
	c->applicable++;
	c->good += s == ITSS_REQ_MET;
}

/*
 * The level of an item or a domain: the highest level such that every one
 * of its requirements at that level and below is good, among the levels
 * where it has requirements (an item: its own levels; a domain: all, a
 * level without requirements passing as it stands). Fills the blockers.
 */
static void
level_of(struct itss_level_result *lr, const struct itss_assessment *a,
    size_t domain, unsigned item, int whole_domain)
{
	const struct itss_model *m = a->model;
	size_t l, i;
	int reached = -1;

	for (l = 0; l < m->nlevels; l++) {
		int has = 0, all_good = 1;
		for (i = 0; i < m->nrequirements; i++) {
			const struct itss_requirement *r = &m->requirements[i];
			if (r->level != l || r->domain != domain ||
			    (!whole_domain && r->item != item))
				continue;
			has = 1;
			if (!itss_req_good(a->requirements[i].status)) {
				all_good = 0;
				if (lr->nblockers < ITSS_BLOCKERS)
					lr->blockers[lr->nblockers++] = i;
			}
		}
		if (!all_good)
			break;
		if (has || whole_domain)
			reached = (int)l;
	}
	lr->level = reached;
}

int
itss_assess(struct itss_assessment *a, const struct itss_engine_input *in)
{
	const struct itss_model *m = in->model;
	struct ctx c;
	size_t i, total = 0;

	memset(a, 0, sizeof(*a));
	a->model = m;
	a->as_of = in->as_of;
	a->target = in->target ? (int)(in->target - m->levels) : -1;

	/* Index: the citations of each requirement (a counting sort). */
	memset(&c, 0, sizeof(c));
	c.in = in;
	c.cite_start = itss_xcalloc(m->nrequirements + 2, sizeof(*c.cite_start));
	for (i = 0; i < in->ncitations && !in->citations_of; i++) {
		assert(in->citations[i].requirement < m->nrequirements);
		assert(in->citations[i].n >= 1 && in->citations[i].kind);
		c.cite_start[in->citations[i].requirement + 2]++;
		total++;
	}
	for (i = 2; i < m->nrequirements + 2; i++)
		c.cite_start[i] += c.cite_start[i - 1];
	c.cite = itss_xcalloc(total + 1, sizeof(*c.cite));
	for (i = 0; i < in->ncitations && !in->citations_of; i++)
		c.cite[c.cite_start[in->citations[i].requirement + 1]++] = i;
	c.judged = itss_xcalloc(m->nrequirements + 1, sizeof(*c.judged));
	c.item_judged = itss_xcalloc(m->nrequirements + 1, sizeof(*c.item_judged));
	/* The items' judgements first, each on its own requirements at its
	 * levels; then the requirements' own, which win over them. */
	for (i = 0; i < in->njudgements; i++) {
		const struct itss_engine_judgement *j = &in->judgements[i];
		size_t k;
		if (!j->item)
			continue;
		assert(j->item <= m->nitems);
		for (k = 0; k < m->nrequirements; k++)
			if (m->requirements[k].item == j->item && (!j->levels_mask ||
			    (j->levels_mask >> m->requirements[k].level & 1u)))
				c.judged[k] = c.item_judged[k] = j;
	}
	for (i = 0; i < in->njudgements; i++) {
		const struct itss_engine_judgement *j = &in->judgements[i];
		if (j->item)
			continue;
		assert(j->requirement < m->nrequirements);
		c.judged[j->requirement] = j;
	}
	/* What remains in item_judged: the item's judgement a requirement's
	 * own overrode, for its reason to say. */
	for (i = 0; i < m->nrequirements; i++)
		if (c.item_judged[i] == c.judged[i])
			c.item_judged[i] = NULL;

	a->requirements = itss_xcalloc(m->nrequirements + 1,
	    sizeof(*a->requirements));
	for (i = 0; i < m->nrequirements; i++)
		assess_requirement(&a->requirements[i], &c, i);

	/* Counts, levels, blockers. */
	a->items = itss_xcalloc(m->nitems + 1, sizeof(*a->items));
	a->domains = itss_xcalloc(m->ndomains + 1, sizeof(*a->domains));
	for (i = 0; i < m->nrequirements; i++) {
		const struct itss_requirement *r = &m->requirements[i];
		enum itss_req_status s = a->requirements[i].status;
		if (r->item) {
			count(&a->items[r->item - 1].by_level[r->level], s);
			count(&a->items[r->item - 1].total, s);
		}
		count(&a->domains[r->domain].by_level[r->level], s);
		count(&a->domains[r->domain].total, s);
		count(&a->by_level[r->level], s);
		count(&a->total, s);
	}
	for (i = 0; i < m->nitems; i++)
		level_of(&a->items[i], a, m->items[i].domain, m->items[i].no, 0);
	a->level = (int)m->nlevels - 1;
	for (i = 0; i < m->ndomains; i++) {
		level_of(&a->domains[i], a, i, 0, 1);
		if (a->domains[i].level < a->level)
			a->level = a->domains[i].level;
	}
	a->target_reached = a->target >= 0 && a->level >= a->target;

	/* The gap: every requirement at or below the target that is not good. */
	if (a->target >= 0) {
		size_t l, d;
		a->gaps = itss_xcalloc(m->nrequirements + 1, sizeof(*a->gaps));
		for (l = 0; l <= (size_t)a->target; l++)
			for (d = 0; d < m->ndomains; d++)
				for (i = 0; i < m->nrequirements; i++) {
					const struct itss_requirement *r =
					    &m->requirements[i];
					if (r->level == l && r->domain == d &&
					    !itss_req_good(a->requirements[i].status))
						a->gaps[a->ngaps++] = i;
				}
	}
	free(c.cite_start);
	free(c.cite);
	free(c.gathered);
	free(c.judged);
	free(c.item_judged);
	return 0;
}

void
itss_assessment_release(struct itss_assessment *a)
{
	size_t i;

	if (a->requirements)
		for (i = 0; i < a->model->nrequirements; i++) {
			size_t k;
			for (k = 0; k < a->requirements[i].nevidence; k++)
				free(a->requirements[i].evidence[k]);
			free(a->requirements[i].reason);
			free(a->requirements[i].missing);
			free(a->requirements[i].why_not);
			free(a->requirements[i].evidence);
			free(a->requirements[i].missing_documents);
			free(a->requirements[i].lacking);
			for (k = 0; k < a->requirements[i].nrelated; k++)
				free(a->requirements[i].related[k]);
			free(a->requirements[i].related);
		}
	free(a->requirements);
	free(a->items);
	free(a->domains);
	free(a->gaps);
	memset(a, 0, sizeof(*a));
}
