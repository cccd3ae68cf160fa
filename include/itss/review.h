/*
 * review.h - corrective actions held against an assessment, and the
 * certificate's calendar held against a date: what `itss check` reports
 * of them (itss(1), itss-evidence(5)). Pure: the actions, the model, its
 * assessment, the certificate and the dates in, the findings out; no I/O,
 * no words (the caller says them).
 */
#ifndef ITSS_REVIEW_H
#define ITSS_REVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "itss/actions.h"
#include "itss/engine.h"
#include "itss/repo.h"

enum itss_action_finding_kind {
	ITSS_FINDING_OVERDUE,	/* past its due date, not closed: a problem */
	ITSS_FINDING_DUE_SOON,	/* not closed, due within the window: a warning */
	/* Verified with evidence that does not count (any more) for any
	 * requirement of the model the action answers: a problem. */
	ITSS_FINDING_EVIDENCE,
	/* A requirement judged nonconform that no action (but a cancelled
	 * one) answers: a warning. */
	ITSS_FINDING_UNANSWERED,
};

struct itss_action_finding {
	enum itss_action_finding_kind kind;
	int failing;			/* a problem (1) or a warning (0) */
	const struct itss_action *action;	/* NULL for UNANSWERED */
	/* UNANSWERED: the requirement; EVIDENCE: the first of the model's
	 * the action answers (indices into the model's requirements). */
	size_t requirement;
	const char *evidence;		/* EVIDENCE: the record id */
};

struct itss_action_review {
	struct itss_action_finding *v;
	size_t n;
};

/*
 * Review set against assessment a of model m, whose requirements the
 * actions cite with prefix ("" for the repository's first model, "ID:"
 * for another): as of as_of, due dates within `within` days warn. The
 * date findings come first, by action, then the evidence ones, then the
 * unanswered nonconformities in the model's order. Returns 0.
 */
int itss_actions_review(struct itss_action_review *out,
    const struct itss_actions *set, const struct itss_model *m,
    const struct itss_assessment *a, const char *prefix, int32_t as_of,
    long within);
void itss_action_review_release(struct itss_action_review *r);

/* The finding's kind as a word: overdue, due_soon, evidence, unanswered. */
const char *itss_action_finding_name(enum itss_action_finding_kind k);

enum itss_cert_finding_kind {
	ITSS_CERT_FINDING_EXPIRED,	/* its expiry has passed */
	ITSS_CERT_FINDING_DUE_SOON,	/* a date from as_of to as_of + within */
	/* A surveillance date passed with no assessment saved as of it or
	 * later. */
	ITSS_CERT_FINDING_UNASSESSED,
};

struct itss_cert_finding {
	enum itss_cert_finding_kind kind;
	struct itss_cert_date date;	/* the calendar's entry */
};

/*
 * Hold certificate c (itss_certificate_calendar) against as_of: every
 * entry in the calendar's order that is a finding, at most one each --
 * the expiry passed; a date within `within` days (today included); a
 * surveillance passed when the latest saved assessment (latest_saved, its
 * as-of date, INT32_MIN: none) is before it. Returns how many are in out
 * (none when c is not given; all warnings).
 */
size_t itss_certificate_review(const struct itss_certificate *c,
    int32_t as_of, long within, int32_t latest_saved,
    struct itss_cert_finding out[8]);

/* The calendar's next entry as of as_of (its date that day or later), or
 * NULL when none is left or the certificate has expired. */
const struct itss_cert_date *itss_certificate_next(
    const struct itss_certificate *c, const struct itss_cert_date *v,
    size_t n, int32_t as_of);

/* The finding's kind as a word: expired, due_soon, unassessed. */
const char *itss_cert_finding_name(enum itss_cert_finding_kind k);

#endif
