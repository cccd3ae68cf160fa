/*
 * engine.h - the assessor: from model, evidence and judgements, each
 * requirement's status, each item's and domain's level, the organisation's
 * level, the gap to a target, and the counts -- SPEC §3, exactly.
 *
 * A pure function: no I/O, no database, no clock. The caller gathers the
 * input (from the index, or from test data) and owns it; the result is
 * owned by the caller and freed with itss_assessment_release().
 * Everything is in the model's order, so the output is deterministic.
 */
#ifndef ITSS_ENGINE_H
#define ITSS_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "itss/evidence.h"
#include "itss/i18n.h"
#include "itss/model.h"

/*
 * A citation: evidence records citing one requirement, as the engine sees
 * them. It stands for n records alike in all that matters -- kind, date,
 * validity, status, the state of their files -- and names the first of
 * them (by id). A small repository gives one per record and requirement;
 * the index gives its summaries, so that a million records cost what
 * their distinct kinds and dates cost.
 */
struct itss_engine_citation {
	size_t requirement;		/* index into the model's */
	const char *id;			/* the record, or the first of those alike */
	const struct itss_kind *kind;
	int32_t date, valid_until;	/* valid_until INT32_MAX: open-ended */
	enum itss_record_status status;
	/* Its sign-off (an approved record's; evidence.h), and the day it
	 * was signed (INT32_MIN: not): looked at only with sign_off. */
	enum itss_signoff signoff;
	int32_t approved_on;
	const char *file_problem;	/* NULL when every file is there and
					 * matches; else e.g. "file 'x' is
					 * missing" */
	uint32_t n;			/* records it stands for, >= 1 */
	/* The named documents it is ('\n' between them), for a requirement
	 * with a list of them (itss-model(5)); else NULL. */
	const char *documents;
	/*
	 * Through a crosswalk: the other model's part it comes from
	 * ("itss1-2023 6.4.4.a"), or NULL for the requirement's own. related:
	 * it only relates (intersects, an item): listed, never counted.
	 */
	const char *via;
	int related;
};

/* Whether docs (names with '\n' between them) include name. */
int itss_names_document(const char *docs, const char *name);

struct itss_engine_judgement {
	/*
	 * On one requirement (item 0): its index into the model's. Or on a
	 * whole item (item N): all the item's own requirements at the levels
	 * of levels_mask (bit l for the model's level l; 0: every level),
	 * each unless a judgement on the requirement itself decides it.
	 */
	size_t requirement;
	unsigned item;
	unsigned levels_mask;
	enum itss_verdict verdict;
	const char *reason, *by;	/* by may be NULL */
	int32_t date;			/* INT32_MIN when not given */
};

/*
 * A judgement's key as the index keeps it: "item:N" (with levels, the
 * level ids, comma-separated, or NULL for all) sets j's item and
 * levels_mask and gives 1; another key gives 0; an item the model lacks
 * -1.
 */
int itss_item_judgement(const struct itss_model *m, const char *key,
    const char *levels, struct itss_engine_judgement *j);

struct itss_engine_input {
	const struct itss_model *model;
	const struct itss_engine_citation *citations;	/* any order */
	size_t ncitations;
	/*
	 * Or, instead of the array: the citations of one requirement, asked
	 * for once per requirement, in the model's order; what it returns need
	 * only last until the next call. So a caller can stream them from the
	 * index and hold one requirement's at a time.
	 */
	const struct itss_engine_citation *(*citations_of)(void *ctx,
	    size_t requirement, size_t *n);
	void *ctx;
	const struct itss_engine_judgement *judgements;
	size_t njudgements;
	int32_t as_of;			/* days since 1970-01-01 */
	const struct itss_level *target;	/* or NULL */
	/* The repository's window for 定期 requirements without their own;
	 * all 0: the model's default (itss_requirement_window). */
	struct itss_window window;
	/* The repository asks for sign-off (itss.yaml's sign_off): an
	 * approved record counts only when ITSS_SIGNED, signed by the as-of
	 * date. */
	int sign_off;
	/* The words of reasons and what is missing (i18n.h): NULL for the
	 * English message ids, as saved assessments and JSON keep them. */
	const struct itss_tr *tr;
};

enum itss_req_status {
	ITSS_REQ_MET,
	ITSS_REQ_PARTIAL,
	ITSS_REQ_EXPIRED,
	ITSS_REQ_MISSING,
	ITSS_REQ_NOT_APPLICABLE,
	ITSS_REQ_NONCONFORM,
};

struct itss_req_result {
	enum itss_req_status status;
	int by_judgement;		/* a judgement decided it */
	/* Its item's judgement decided it (the item's number); or, with
	 * by_judgement, the item's that its own judgement overrode; else 0. */
	unsigned judged_item, overrode_item;
	char *reason;			/* in words, which records and why */
	char *missing;			/* for a gap: what is missing; else NULL */
	/* Not met: the first citing record that does not count and why
	 * ("d1 is draft, not approved"); NULL when none cites it. */
	char *why_not;
	/* The ids it rests on: the counting records; for an expired one,
	 * the records that expired (owned). */
	char **evidence;
	size_t nevidence;
	/* A requirement with named documents, not met: those no counting
	 * record names (borrowed from the model). */
	const char **missing_documents;
	size_t nmissing_documents;
	/* Records of other models related through a crosswalk, for the
	 * assessor to judge: "id (model part, relationship)" (owned). */
	char **related;
	size_t nrelated;
	/* Not good: the expected kinds no counting record covers (the array
	 * owned, the kinds the model's), for what is missing in any words. */
	const struct itss_kind **lacking;
	size_t nlacking;
};

/* Good over applicable (not_applicable excluded), per level and in all. */
struct itss_count {
	unsigned good, applicable;
};

/* How many blockers a level result names at most. */
#define ITSS_BLOCKERS 8

struct itss_level_result {
	int level;			/* index of the level reached, -1: none */
	struct itss_count by_level[ITSS_MAX_LEVELS];
	struct itss_count total;
	/*
	 * What stops the next level: the first requirements not good at the
	 * lowest level not reached (up to ITSS_BLOCKERS of them).
	 */
	size_t blockers[ITSS_BLOCKERS];
	size_t nblockers;
};

struct itss_assessment {
	const struct itss_model *model;
	int32_t as_of;
	int level;			/* the organisation's; -1: none */
	int target;			/* index, or -1 */
	int target_reached;
	struct itss_req_result *requirements;	/* one per model requirement */
	struct itss_level_result *items;	/* one per item */
	struct itss_level_result *domains;	/* one per domain */
	struct itss_count by_level[ITSS_MAX_LEVELS];	/* the organisation's */
	struct itss_count total;
	size_t *gaps;			/* requirement indices, in order */
	size_t ngaps;
};

/*
 * Assess. Returns 0; the input must be consistent (indices in range),
 * which is the caller's to ensure (asserted).
 */
int itss_assess(struct itss_assessment *out, const struct itss_engine_input *in);
void itss_assessment_release(struct itss_assessment *a);

/* "met", "partial", "expired", "missing", "not_applicable", "nonconform". */
const char *itss_req_status_name(enum itss_req_status s);
/* met or not_applicable. */
int itss_req_good(enum itss_req_status s);

/* The date a window reaches back to from as_of (the first day inside). */
int32_t itss_window_start(int32_t as_of, const struct itss_window *w);

#endif
